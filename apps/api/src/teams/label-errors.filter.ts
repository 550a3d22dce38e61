import { ArgumentsHost, BadRequestException, Catch, ConflictException, ExceptionFilter } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { DuplicateTeamError, InvalidLabelFieldError } from '@switchboard/handoff';

/** A team or label change naming what the workspace lacks: 400 naming the field, as validation does; a taken team name: 409. */
@Catch(InvalidLabelFieldError, DuplicateTeamError)
export class LabelErrorsFilter extends BaseExceptionFilter implements ExceptionFilter {
  override catch(error: InvalidLabelFieldError | DuplicateTeamError, host: ArgumentsHost): void {
    if (error instanceof DuplicateTeamError) {
      super.catch(new ConflictException(error.message), host);
      return;
    }
    super.catch(
      new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: `Invalid request: ${error.field}`,
        errors: [{ field: error.field, messages: [error.message] }],
      }),
      host,
    );
  }
}
