import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import {
  ConversationNotBotOwnedError,
  CsatRequestNotFoundError,
  CsatWindowClosedError,
  InvalidCsatInputError,
  NothingToEndError,
} from '@switchboard/csat';
import { Response } from 'express';

type CsatError =
  | ConversationNotBotOwnedError
  | CsatRequestNotFoundError
  | CsatWindowClosedError
  | InvalidCsatInputError
  | NothingToEndError;

/**
 * A rating the customer can act on: a bad score 400, no such request 404; past its window, a conversation not the
 * bot's or one with nothing said yet 409.
 */
@Catch(
  ConversationNotBotOwnedError,
  CsatRequestNotFoundError,
  CsatWindowClosedError,
  InvalidCsatInputError,
  NothingToEndError,
)
export class CsatErrorsFilter implements ExceptionFilter {
  catch(error: CsatError, host: ArgumentsHost): void {
    const [statusCode, code] = statusOf(error);
    const names: Record<number, string> = { 400: 'Bad Request', 404: 'Not Found', 409: 'Conflict' };
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(statusCode)
      .json({ statusCode, error: names[statusCode], code, message: error.message });
  }
}

function statusOf(error: CsatError): [number, string] {
  if (error instanceof InvalidCsatInputError) return [400, 'invalid_request'];
  if (error instanceof CsatRequestNotFoundError) return [404, 'csat_request_not_found'];
  if (error instanceof CsatWindowClosedError) return [409, 'csat_window_closed'];
  if (error instanceof NothingToEndError) return [409, 'nothing_to_end'];
  return [409, 'not_bot_conversation'];
}
