import { ArgumentsHost, Catch, ConflictException, ExceptionFilter, HttpException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { DuplicateAgentError } from '@switchboard/auth';
import { IllegalTransitionError } from '@switchboard/conversations';

/** Maps domain errors that callers can act on to HTTP statuses; everything else stays a 500. */
@Catch(DuplicateAgentError, IllegalTransitionError)
export class DomainErrorsFilter extends BaseExceptionFilter implements ExceptionFilter {
  override catch(error: Error, host: ArgumentsHost): void {
    const mapped: HttpException = new ConflictException(error.message);
    super.catch(mapped, host);
  }
}
