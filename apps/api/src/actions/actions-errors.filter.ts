import { ArgumentsHost, BadRequestException, Catch, ConflictException, ExceptionFilter } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { DuplicateActionNameError, InvalidActionDefinitionError } from '@switchboard/actions';

/** A definition the admin can fix: 400 listing each problem by field; a taken name: 409. */
@Catch(InvalidActionDefinitionError, DuplicateActionNameError)
export class ActionsErrorsFilter extends BaseExceptionFilter implements ExceptionFilter {
  override catch(error: InvalidActionDefinitionError | DuplicateActionNameError, host: ArgumentsHost): void {
    if (error instanceof DuplicateActionNameError) {
      super.catch(new ConflictException(error.message), host);
      return;
    }
    const fields = [...new Set(error.problems.map((problem) => problem.field))];
    const errors = fields.map((field) => ({
      field,
      messages: error.problems.filter((problem) => problem.field === field).map((problem) => problem.message),
    }));
    super.catch(
      new BadRequestException({ statusCode: 400, error: 'Bad Request', message: error.message, errors }),
      host,
    );
  }
}
