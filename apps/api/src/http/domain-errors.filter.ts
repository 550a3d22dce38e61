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
import { Response } from 'express';
import { DuplicateAgentError, RateLimitedError } from '@switchboard/auth';
import { DuplicateInboxAddressError, IllegalTransitionError, NotAWidgetInboxError } from '@switchboard/conversations';
import { RedisUnavailableError } from '@switchboard/queue';

/** Maps domain errors that callers can act on to HTTP statuses; everything else stays a 500. */
@Catch(
  DuplicateAgentError,
  DuplicateInboxAddressError,
  IllegalTransitionError,
  InvalidQuestionError,
  NotAWidgetInboxError,
  RateLimitedError,
  RedisUnavailableError,
)
export class DomainErrorsFilter extends BaseExceptionFilter implements ExceptionFilter {
  override catch(error: Error, host: ArgumentsHost): void {
    if (error instanceof RedisUnavailableError) {
      // What needs Redis and cannot do without it (sign-in limits, opening a live stream) asks the client to retry.
      host.switchToHttp().getResponse<Response>().status(503).set('Retry-After', String(error.retryAfterSeconds)).json({
        statusCode: 503,
        error: 'Service Unavailable',
        code: 'temporarily_unavailable',
        message: 'Temporarily unavailable, please retry shortly',
      });
      return;
    }
    if (error instanceof RateLimitedError) {
      host
        .switchToHttp()
        .getResponse<Response>()
        .status(429)
        .set('Retry-After', String(error.retryAfterSeconds))
        .json({ statusCode: 429, error: 'Too Many Requests', code: 'rate_limited', message: error.message });
      return;
    }
    const mapped: HttpException =
      error instanceof InvalidQuestionError || error instanceof NotAWidgetInboxError
        ? new BadRequestException(error.message)
        : new ConflictException(error.message);
    super.catch(mapped, host);
  }
}
