import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ConflictException,
  ExceptionFilter,
  HttpException,
} from '@nestjs/common';
import { InvalidQuestionError } from '@switchboard/answers';
import { BaseExceptionFilter } from '@nestjs/core';
import { DuplicateAgentError } from '@switchboard/auth';
import { IllegalTransitionError } from '@switchboard/conversations';

/** Maps domain errors that callers can act on to HTTP statuses; everything else stays a 500. */
@Catch(DuplicateAgentError, IllegalTransitionError, InvalidQuestionError)
export class DomainErrorsFilter extends BaseExceptionFilter implements ExceptionFilter {
  override catch(error: Error, host: ArgumentsHost): void {
    const mapped: HttpException =
      error instanceof InvalidQuestionError
        ? new BadRequestException(error.message)
        : new ConflictException(error.message);
    super.catch(mapped, host);
  }
}
