import { ArgumentsHost, BadRequestException, Catch, ExceptionFilter } from '@nestjs/common';
import { ConversationNotFoundError } from '@switchboard/conversations';
import { Response } from 'express';
import { visitorTokenInvalid } from './widget-request';

/**
 * The widget reads `code` on every error: a validation failure without one becomes `invalid_request`, and a
 * conversation gone from under a token makes the token invalid, so the widget starts a new session.
 */
@Catch(BadRequestException, ConversationNotFoundError)
export class WidgetErrorsFilter implements ExceptionFilter {
  catch(exception: BadRequestException | ConversationNotFoundError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const error = exception instanceof ConversationNotFoundError ? visitorTokenInvalid() : exception;
    const body = error.getResponse();
    const payload: Record<string, unknown> =
      typeof body === 'object' && body !== null
        ? { ...(body as Record<string, unknown>) }
        : { statusCode: error.getStatus(), error: 'Bad Request', message: String(body) };
    if (typeof payload.code !== 'string') payload.code = 'invalid_request';
    response.status(error.getStatus()).json(payload);
  }
}
