import { ExecutionContext, HttpException, HttpStatus, createParamDecorator } from '@nestjs/common';
import { WorkspaceId } from '@switchboard/database';
import { Request } from 'express';

/** What the widget shows, from the inbox's settings, and who may embed it. */
export interface WidgetInboxSettings {
  title: string | null;
  greeting: string | null;
  color: string | null;
  locale: string | null;
  strings: Record<string, string>;
  /** Empty: any origin may embed the widget. */
  allowedOrigins: string[];
  identityRequired: boolean;
}

/** A widget inbox as the widget routes need it, looked up by its public key. */
export interface WidgetInbox {
  id: string;
  workspaceId: WorkspaceId;
  name: string;
  settings: WidgetInboxSettings;
  identitySecret: string;
  /** Visitor tokens of another generation were revoked. */
  visitorTokenGeneration: number;
}

/** The verified visitor behind a request, and the conversation they are in. */
export interface WidgetVisitor {
  workspaceId: WorkspaceId;
  inboxId: string;
  sourceId: string;
  userId: string | null;
  conversationId: string;
}

export interface WidgetRequest extends Request {
  widgetInbox?: WidgetInbox;
  widgetVisitor?: WidgetVisitor;
  /** The token WidgetVisitorGuard verified: a long-lived event stream checks it again now and then. */
  widgetVisitorToken?: string;
}

const ERROR_NAMES: Partial<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
};

/** The contract's error body with a machine-readable code: `{ statusCode, error, code, message }`. */
export function widgetErrorBody(
  status: number,
  code: string,
  message: string,
): { statusCode: number; error: string; code: string; message: string } {
  return { statusCode: status, error: ERROR_NAMES[status] ?? 'Error', code, message };
}

export function widgetError(status: HttpStatus, code: string, message: string): HttpException {
  return new HttpException(widgetErrorBody(status, code, message), status);
}

export function visitorTokenInvalid(): HttpException {
  return widgetError(
    HttpStatus.UNAUTHORIZED,
    'visitor_token_invalid',
    'Missing or invalid visitor token: start a session first',
  );
}

export function visitorTokenExpired(renewable: boolean): HttpException {
  return widgetError(
    HttpStatus.UNAUTHORIZED,
    'visitor_token_expired',
    renewable
      ? 'The visitor token has expired: renew it (POST session/renew) or start a session with it'
      : 'The visitor token has expired and is past its renewal window: start a new session',
  );
}

export function visitorTokenRevoked(): HttpException {
  return widgetError(
    HttpStatus.UNAUTHORIZED,
    'visitor_token_revoked',
    "The inbox's visitor tokens were revoked: start a new session",
  );
}

/** The inbox of the path's key, resolved by WidgetOriginMiddleware. */
export const CurrentInbox = createParamDecorator((_data: unknown, context: ExecutionContext): WidgetInbox => {
  const inbox = context.switchToHttp().getRequest<WidgetRequest>().widgetInbox;
  if (!inbox) throw widgetError(HttpStatus.NOT_FOUND, 'inbox_not_found', 'Inbox not found');
  return inbox;
});

/** The visitor verified by WidgetVisitorGuard; use only behind it. */
export const CurrentVisitor = createParamDecorator((_data: unknown, context: ExecutionContext): WidgetVisitor => {
  const visitor = context.switchToHttp().getRequest<WidgetRequest>().widgetVisitor;
  if (!visitor) throw visitorTokenInvalid();
  return visitor;
});
