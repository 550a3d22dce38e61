import { HttpStatus, Injectable, NestMiddleware } from '@nestjs/common';
import { NextFunction, Response } from 'express';
import { WidgetInboxesService, normalizeOrigin } from './widget-inboxes.service';
import { WidgetRequest, widgetErrorBody } from './widget-request';

const INBOX_KEY = /^\/v1\/widget\/([^/?#]+)/;

/**
 * Per-inbox origin check and CORS for /v1/widget/:inboxKey/*: the inbox's allowedOrigins (empty = any) decide,
 * preflights included. A page on another origin cannot drive a visitor's conversation, even with their token.
 */
@Injectable()
export class WidgetOriginMiddleware implements NestMiddleware {
  constructor(private readonly inboxes: WidgetInboxesService) {}

  async use(request: WidgetRequest, response: Response, next: NextFunction): Promise<void> {
    try {
      const origin = typeof request.headers.origin === 'string' ? request.headers.origin : null;
      response.vary('Origin');
      response.set('Cache-Control', 'no-store');
      const key = INBOX_KEY.exec(request.originalUrl)?.[1];
      const inbox = key ? await this.inboxes.byPublicKey(safeDecode(key)) : null;
      if (!inbox) {
        // Readable by the widget on any page, so it can say the chat is not available here.
        if (origin) response.set('Access-Control-Allow-Origin', origin);
        response.status(HttpStatus.NOT_FOUND).json(widgetErrorBody(404, 'inbox_not_found', 'Inbox not found'));
        return;
      }
      const allowed = inbox.settings.allowedOrigins;
      if (allowed.length > 0 && (origin === null || !allowed.includes(normalizeOrigin(origin)))) {
        response
          .status(HttpStatus.FORBIDDEN)
          .json(widgetErrorBody(403, 'origin_not_allowed', 'This page may not embed this inbox'));
        return;
      }
      if (origin) {
        response.set({
          'Access-Control-Allow-Origin': origin,
          'Access-Control-Allow-Headers': 'Authorization, Content-Type',
          'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
          'Access-Control-Expose-Headers': 'Retry-After',
        });
      }
      if (request.method === 'OPTIONS') {
        response.set('Access-Control-Max-Age', '600').status(HttpStatus.NO_CONTENT).end();
        return;
      }
      request.widgetInbox = inbox;
      next();
    } catch (error) {
      next(error);
    }
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return '';
  }
}
