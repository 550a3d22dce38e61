import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RateLimiter, bearerToken } from '@switchboard/auth';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { RATE_WINDOW_MS } from './widget-rate-limit.guard';
import { WidgetRequest, visitorTokenInvalid, widgetError } from './widget-request';
import { WidgetSessionsService } from './widget-sessions.service';

const QUERY_TOKEN = 'widget:query-token';

/** The event stream may take its token from `?token=`: EventSource cannot send headers. */
export const AllowQueryToken = (): MethodDecorator => SetMetadata(QUERY_TOKEN, true);

/**
 * Needs a valid visitor token signed for the path's inbox (a token of another inbox does not verify; an expired or
 * revoked one gets its own 401 code, so the widget knows to renew or start anew), then counts the
 * visitor's POSTs against rateLimitPerVisitor a minute.
 */
@Injectable()
export class WidgetVisitorGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: WidgetSessionsService,
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<WidgetRequest>();
    const inbox = request.widgetInbox;
    if (!inbox) throw widgetError(404, 'inbox_not_found', 'Inbox not found');
    const fromQuery = this.reflector.get<boolean | undefined>(QUERY_TOKEN, context.getHandler()) === true;
    const query = request.query.token;
    const token = bearerToken(request) ?? (fromQuery && typeof query === 'string' ? query : undefined);
    if (!token) throw visitorTokenInvalid();
    const visitor = await this.sessions.resume(inbox, token);
    if (request.method === 'POST') {
      await this.limiter.consume(
        `widget:visitor:${inbox.id}:${visitor.sourceId}`,
        this.config.widget.rateLimitPerVisitor,
        RATE_WINDOW_MS,
        'widget visitor',
        'open',
      );
    }
    request.widgetVisitor = visitor;
    request.widgetVisitorToken = token;
    return true;
  }
}
