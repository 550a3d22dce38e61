import { loadConfig } from '@switchboard/config';
import { RedisUnavailableError } from '@switchboard/queue';
import { randomBytes } from 'node:crypto';
import { TestRedisServer } from '../../../test/support/redis-server';
import { loginDelaySchedule } from './login-delay';
import { RateLimitedError, RateLimiter } from './rate-limiter';

/** The per-e-mail progressive delay (RateLimiter.delayedAttempt) against a real Redis of its own. */
describe('per-e-mail sign-in delay in Redis', () => {
  let redis: TestRedisServer;
  let limiter: RateLimiter;
  const policy = {
    freeAttempts: 2,
    schedule: loginDelaySchedule({ freeAttempts: 2, baseDelaySeconds: 30, maxDelaySeconds: 60 }),
    forgetAfterMs: 60_000,
  };
  const key = (): string => `test:${randomBytes(6).toString('hex')}`;
  /** null when the attempt may go ahead, else the seconds to wait (or the error). */
  const attempt = (name: string): Promise<unknown> =>
    limiter.delayedAttempt(name, policy, 'login', 'closed').then(
      () => null,
      (error: unknown) => (error instanceof RateLimitedError ? error.retryAfterSeconds : error),
    );

  beforeAll(async () => {
    redis = await TestRedisServer.start();
    limiter = new RateLimiter(
      loadConfig('worker', {
        REDIS_URL: redis.url,
        QUEUE_PREFIX: `sbtest-delay-${randomBytes(4).toString('hex')}`,
        LOG_LEVEL: 'silent',
      }),
    );
  });

  afterAll(async () => {
    await limiter?.onModuleDestroy();
    await redis?.destroy();
  });

  it('lets the free attempts through, then holds the next one for the first delay', async () => {
    const name = key();
    expect(await attempt(name)).toBeNull();
    expect(await attempt(name)).toBeNull();
    const wait = await attempt(name);
    expect(wait).toBeGreaterThan(28);
    expect(wait).toBeLessThanOrEqual(30);
  });

  it('lets exactly the free attempts through when many race for them, never more', async () => {
    const name = key();
    const results = await Promise.all(Array.from({ length: 20 }, () => attempt(name)));
    // Two free attempts; the second one already starts the delay, so every other attempt waits.
    expect(results.filter((result) => result === null)).toHaveLength(2);
    expect(results.filter((result) => typeof result === 'number')).toHaveLength(18);
  });

  it('forgets the failures on reset: the next attempts are free again', async () => {
    const name = key();
    await attempt(name);
    await attempt(name);
    expect(await attempt(name)).not.toBeNull();
    await limiter.reset(name);
    expect(await attempt(name)).toBeNull();
    expect(await attempt(name)).toBeNull();
  });

  it('keeps keys apart: one e-mail held back does not hold back another', async () => {
    const held = key();
    await attempt(held);
    await attempt(held);
    expect(await attempt(held)).not.toBeNull();
    expect(await attempt(key())).toBeNull();
  });

  it('refuses sign-in attempts while Redis is down (fails closed), like the other sign-in limits', async () => {
    await redis.stop();
    try {
      expect(await attempt(key())).toBeInstanceOf(RedisUnavailableError);
    } finally {
      await redis.resume();
    }
  });
});
