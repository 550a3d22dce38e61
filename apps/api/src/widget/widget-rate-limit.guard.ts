import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { RateLimiter } from '@switchboard/auth';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { WidgetRequest } from './widget-request';

export const RATE_WINDOW_MS = 60_000;

/** Per-IP limit on every widget route: one address, however many visitors it plays, gets rateLimitPerIp a minute. */
@Injectable()
export class WidgetIpRateLimitGuard implements CanActivate {
  constructor(
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<WidgetRequest>();
    const ip = request.ip ?? request.socket.remoteAddress ?? 'unknown';
    // Fails open: a Redis outage must not lock customers out of the chat (README, "Rate limits").
    await this.limiter.consume(
      `widget:ip:${ip}`,
      this.config.widget.rateLimitPerIp,
      RATE_WINDOW_MS,
      'widget ip',
      'open',
    );
    return true;
  }
}
