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

// Progressive delay: refuses (with the wait left) until the key's `next` time, else counts the attempt as a failure
// and sets `next` from the schedule, atomically, so racing attempts cannot share one slot. Redis's clock decides,
// not each api process's. ARGV: state ttl ms, free attempts, then the schedule of waits in ms.
const DELAYED_ATTEMPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local nextAt = tonumber(redis.call('HGET', KEYS[1], 'next') or '0')
if now < nextAt then return { 0, nextAt - now } end
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
local free = tonumber(ARGV[2])
local delay = 0
if failures >= free then delay = tonumber(ARGV[2 + math.min(failures - free + 1, #ARGV - 2)]) end
redis.call('HSET', KEYS[1], 'next', now + delay)
redis.call('PEXPIRE', KEYS[1], math.max(tonumber(ARGV[1]), delay))
return { 1, 0 }
`;

export interface DelayedAttemptPolicy {
  /** Attempts allowed before the first wait. */
  freeAttempts: number;
  /** Waits in ms after each further failure; the last one repeats. */
  schedule: number[];
  /** Failures are forgotten this long after the last attempt. */
  forgetAfterMs: number;
}

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

  /**
   * Claims an attempt under a progressive delay: every attempt counts as a failure until reset (a successful
   * sign-in) clears it. Throws RateLimitedError, with the wait left, while the delay runs.
   */
  async delayedAttempt(key: string, policy: DelayedAttemptPolicy, scope = key): Promise<void> {
    const [allowed, waitMs] = (await this.redis.eval(
      DELAYED_ATTEMPT,
      1,
      `${this.prefix}:${key}`,
      policy.forgetAfterMs,
      policy.freeAttempts,
      ...policy.schedule,
    )) as [number, number];
    if (allowed !== 1) throw new RateLimitedError(Math.max(1, Math.ceil(waitMs / 1000)), scope);
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
