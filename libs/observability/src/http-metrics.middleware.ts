import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, NestMiddleware } from '@nestjs/common';
import { MetricsService, UNMATCHED_ROUTE } from './metrics.service';

/** The parts of an Express request this middleware reads; Express sets `route` on each route it enters. */
export type RoutedRequest = IncomingMessage & {
  route?: { path?: unknown; methods?: Record<string, boolean | undefined> };
  baseUrl?: string;
};

/** nginx's convention for "the client went away before a response was sent". */
const CLIENT_CLOSED_REQUEST = 499;

/** The matched controller route template (`/v1/inboxes/:id`), or {@link UNMATCHED_ROUTE}. */
export function routeTemplate(req: RoutedRequest): string {
  const route = req.route;
  if (typeof route?.path !== 'string') return UNMATCHED_ROUTE;
  // Nest mounts middleware as `app.all('/{*path}')`, so on a 404 that catch-all is the last route Express entered.
  if (route.path.includes('*') && Object.keys(route.methods ?? {}).length > 1) return UNMATCHED_ROUTE;
  return `${req.baseUrl ?? ''}${route.path}`;
}

/**
 * Times every request from first middleware to response end, so responses produced by guards, pipes and exception
 * filters (which an interceptor never sees) are counted with their real status.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware<RoutedRequest, ServerResponse> {
  constructor(private readonly metrics: MetricsService) {}

  use(req: RoutedRequest, res: ServerResponse, next: () => void): void {
    const startedAt = process.hrtime.bigint();
    let recorded = false;
    const record = (): void => {
      if (recorded) return;
      recorded = true;
      const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
      const status = res.headersSent ? res.statusCode : CLIENT_CLOSED_REQUEST;
      this.metrics.observeHttp(req.method ?? 'UNKNOWN', routeTemplate(req), status, seconds);
    };
    // 'close' also fires for aborted requests and SSE streams, which never 'finish'.
    res.once('finish', record);
    res.once('close', record);
    next();
  }
}
