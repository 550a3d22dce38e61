import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { RedisUnavailableError, createRequestRedis, redisReady } from '@switchboard/queue';
import { Redis } from 'ioredis';

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

/**
 * What a limit does while Redis is down, chosen per limit: `open` lets the request through (an outage must not lock
 * customers out), `closed` refuses it with RedisUnavailableError, answered 503 with Retry-After (sign-in: the limit
 * is what stands between a password and a guessing script).
 */
export type WhenRedisDown = 'open' | 'closed';

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
  /** Failed-open hits since Redis went away; the warning is logged once per outage, not per request. */
  private openedWhileDown = 0;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.prefix = `${config.queue.prefix}:rl`;
    // Auto-pipelining: every widget request counts here; concurrent ones share one write per tick.
    this.redis = createRequestRedis(config.redis.url, { enableAutoPipelining: true });
    // The outage is reported by hit(), once; every reconnect attempt would repeat it here.
    this.redis.on('error', () => undefined);
  }

  /** Counts one hit against `key`; `limit` hits are allowed per `windowMs`. While Redis is down, see WhenRedisDown. */
  async hit(key: string, limit: number, windowMs: number, whenDown: WhenRedisDown): Promise<RateLimitDecision> {
    let counted: [number, number];
    try {
      await redisReady(this.redis);
      counted = (await this.redis.eval(HIT, 1, `${this.prefix}:${key}`, windowMs)) as [number, number];
    } catch (error) {
      return this.withoutRedis(key, limit, error, whenDown);
    }
    this.noteRedisBack();
    const [count, ttl] = counted;
    const allowed = count <= limit;
    return {
      allowed,
      remaining: Math.max(0, limit - count),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((ttl > 0 ? ttl : windowMs) / 1000)),
    };
  }

  /** Like hit, but throws RateLimitedError when the limit is reached. */
  async consume(key: string, limit: number, windowMs: number, scope: string, whenDown: WhenRedisDown): Promise<void> {
    const decision = await this.hit(key, limit, windowMs, whenDown);
    if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds, scope);
  }

  /**
   * Claims an attempt under a progressive delay: every attempt counts as a failure until reset (a successful
   * sign-in) clears it. Throws RateLimitedError, with the wait left, while the delay runs. While Redis is down,
   * see WhenRedisDown.
   */
  async delayedAttempt(
    key: string,
    policy: DelayedAttemptPolicy,
    scope: string,
    whenDown: WhenRedisDown,
  ): Promise<void> {
    let claimed: [number, number];
    try {
      await redisReady(this.redis);
      claimed = (await this.redis.eval(
        DELAYED_ATTEMPT,
        1,
        `${this.prefix}:${key}`,
        policy.forgetAfterMs,
        policy.freeAttempts,
        ...policy.schedule,
      )) as [number, number];
    } catch (error) {
      // Throws when the limit fails closed; an open one lets the attempt through.
      this.withoutRedis(key, policy.freeAttempts, error, whenDown);
      return;
    }
    this.noteRedisBack();
    const [allowed, waitMs] = claimed;
    if (allowed !== 1) throw new RateLimitedError(Math.max(1, Math.ceil(waitMs / 1000)), scope);
  }

  /** Forgets a key (a successful sign-in clears its failures); best effort: the window expires anyway. */
  async reset(key: string): Promise<void> {
    try {
      await redisReady(this.redis);
      await this.redis.del(`${this.prefix}:${key}`);
    } catch (error) {
      this.logger.warn(`could not reset rate limit ${key}: ${describe(error)}`);
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }

  private withoutRedis(key: string, limit: number, error: unknown, whenDown: WhenRedisDown): RateLimitDecision {
    if (whenDown === 'closed') {
      throw error instanceof RedisUnavailableError
        ? error
        : new RedisUnavailableError(`rate limit ${key} cannot be checked`, { cause: error });
    }
    if (this.openedWhileDown === 0) {
      this.logger.warn(`Redis is unavailable, rate limits that fail open let requests through: ${describe(error)}`);
    }
    this.openedWhileDown += 1;
    return { allowed: true, remaining: limit, retryAfterSeconds: 0 };
  }

  private noteRedisBack(): void {
    if (this.openedWhileDown === 0) return;
    this.logger.log(`Redis is back; ${this.openedWhileDown} requests passed unlimited while it was down`);
    this.openedWhileDown = 0;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
