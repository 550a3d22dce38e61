import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import { AssistUnavailableError, NothingToSuggestError, UnknownLanguageError } from '@switchboard/assist';
import { InvalidCredentialsError, WorkspaceRequiredError } from '@switchboard/auth';
import { AgentNotFoundError, ConversationNotFoundError, NotConversationOwnerError } from '@switchboard/conversations';
import {
  CannedReplyLimitError,
  DuplicateCannedReplyError,
  IllegalTicketTransitionError,
  InvalidCannedReplyError,
  InvalidReportWindowError,
  TicketAlreadyClaimedError,
  TicketNotFoundError,
} from '@switchboard/handoff';
import { Response } from 'express';

const CONSOLE_ERRORS = [
  InvalidCredentialsError,
  WorkspaceRequiredError,
  AgentNotFoundError,
  ConversationNotFoundError,
  NotConversationOwnerError,
  TicketNotFoundError,
  TicketAlreadyClaimedError,
  IllegalTicketTransitionError,
  DuplicateCannedReplyError,
  CannedReplyLimitError,
  InvalidCannedReplyError,
  InvalidReportWindowError,
  NothingToSuggestError,
  AssistUnavailableError,
  UnknownLanguageError,
] as const;

type ConsoleError = InstanceType<(typeof CONSOLE_ERRORS)[number]>;

interface Mapped {
  status: HttpStatus;
  code: string;
  message?: string;
  extra?: Record<string, unknown>;
}

const ERROR_NAMES: Partial<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Entity',
};

function map(error: ConsoleError): Mapped {
  if (error instanceof InvalidCredentialsError) return { status: 401, code: 'invalid_credentials' };
  if (error instanceof WorkspaceRequiredError)
    return { status: 409, code: 'workspace_required', extra: { workspaces: error.workspaces } };
  if (error instanceof NotConversationOwnerError)
    return { status: 409, code: 'not_owner', message: 'Claim the conversation before replying' };
  if (error instanceof TicketAlreadyClaimedError)
    return { status: 409, code: 'already_claimed', extra: { assigneeId: error.assigneeId } };
  if (error instanceof IllegalTicketTransitionError) return { status: 409, code: 'illegal_transition' };
  if (error instanceof DuplicateCannedReplyError) return { status: 409, code: 'duplicate_short_code' };
  if (error instanceof CannedReplyLimitError) return { status: 409, code: 'canned_reply_limit' };
  if (error instanceof InvalidCannedReplyError || error instanceof InvalidReportWindowError)
    return { status: 400, code: 'invalid_request' };
  if (error instanceof NothingToSuggestError) return { status: 409, code: 'nothing_to_suggest' };
  if (error instanceof AssistUnavailableError) return { status: 409, code: 'assist_unavailable' };
  if (error instanceof UnknownLanguageError) return { status: 422, code: 'language_unknown' };
  return { status: 404, code: 'not_found' };
}

/** The console's domain errors as `{ statusCode, error, message, code }`; scoped to its controllers. */
@Catch(...CONSOLE_ERRORS)
export class ConsoleErrorsFilter implements ExceptionFilter {
  catch(error: ConsoleError, host: ArgumentsHost): void {
    const mapped = map(error);
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(mapped.status)
      .json({
        statusCode: mapped.status,
        error: ERROR_NAMES[mapped.status] ?? 'Error',
        message: mapped.message ?? error.message,
        code: mapped.code,
        ...(mapped.extra ?? {}),
      });
  }
}
