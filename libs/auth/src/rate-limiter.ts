import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import Redis from 'ioredis';

export interface RateLimitDecision {
  allowed: boolean;
  remaining: number;
  /** Seconds until the window frees up; 0 when allowed. */
  retryAfterSeconds: number;
}

/** Raised by callers when a limit is reached; the api maps it to 429 with Retry-After. */
export class RateLimitedError extends Error {
  constructor(
    readonly retryAfterSeconds: number,
    readonly scope: string,
  ) {
    super(`Too many requests (${scope}); retry in ${retryAfterSeconds} s`);
    this.name = 'RateLimitedError';
  }
}

// Counts the hit and starts the window on the first one, atomically, so racing requests share one window.
const HIT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
return { count, ttl }
`;

/** Fixed-window counters in Redis, shared by every api process. */
@Injectable()
export class RateLimiter implements OnModuleDestroy {
  private readonly logger = new Logger(RateLimiter.name);
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.prefix = `${config.queue.prefix}:rl`;
    // Auto-pipelining: every widget request counts here; concurrent ones share one write per tick.
    this.redis = new Redis(config.redis.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 2,
      enableAutoPipelining: true,
    });
    this.redis.on('error', (error: Error) => this.logger.warn(`redis: ${error.message}`));
  }

  /** Counts one hit against `key`; `limit` hits are allowed per `windowMs`. */
  async hit(key: string, limit: number, windowMs: number): Promise<RateLimitDecision> {
    const [count, ttl] = (await this.redis.eval(HIT, 1, `${this.prefix}:${key}`, windowMs)) as [number, number];
    const allowed = count <= limit;
    return {
      allowed,
      remaining: Math.max(0, limit - count),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((ttl > 0 ? ttl : windowMs) / 1000)),
    };
  }

  /** Like hit, but throws RateLimitedError when the limit is reached. */
  async consume(key: string, limit: number, windowMs: number, scope = key): Promise<void> {
    const decision = await this.hit(key, limit, windowMs);
    if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds, scope);
  }

  /** Forgets a key (a successful sign-in clears its failures). */
  async reset(key: string): Promise<void> {
    await this.redis.del(`${this.prefix}:${key}`);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.redis.status === 'ready' || this.redis.status === 'connecting') await this.redis.quit();
    else this.redis.disconnect();
  }
}
