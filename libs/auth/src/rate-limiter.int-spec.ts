import { loadConfig } from '@switchboard/config';
import { RedisUnavailableError } from '@switchboard/queue';
import { randomBytes } from 'node:crypto';
import { eventually } from '../../../test/support/eventually';
import { TestRedisServer } from '../../../test/support/redis-server';
import { RateLimitedError, RateLimiter } from './rate-limiter';

const WINDOW_MS = 60_000;
/** A check while Redis is down answers within this: no offline queue, no waiting for a reconnect. */
const BOUNDED_MS = 3_000;

describe('RateLimiter while Redis is down', () => {
  let redis: TestRedisServer;
  let limiter: RateLimiter;

  beforeAll(async () => {
    redis = await TestRedisServer.start();
    limiter = new RateLimiter(
      loadConfig('worker', {
        REDIS_URL: redis.url,
        QUEUE_PREFIX: `sbtest-rl-${randomBytes(4).toString('hex')}`,
        LOG_LEVEL: 'silent',
      }),
    );
  });

  afterAll(async () => {
    await limiter?.onModuleDestroy();
    await redis?.destroy();
  });

  const timed = async <T>(call: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    try {
      return await call();
    } finally {
      expect(Date.now() - started).toBeLessThan(BOUNDED_MS);
    }
  };

  it('counts in Redis while it is up, whatever the outage policy', async () => {
    await limiter.consume('up:open', 2, WINDOW_MS, 'test', 'open');
    await limiter.consume('up:open', 2, WINDOW_MS, 'test', 'open');
    await expect(limiter.consume('up:open', 2, WINDOW_MS, 'test', 'open')).rejects.toBeInstanceOf(RateLimitedError);
    const closed = await limiter.hit('up:closed', 1, WINDOW_MS, 'closed');
    expect(closed).toEqual({ allowed: true, remaining: 0, retryAfterSeconds: 0 });
  });

  it('lets requests through a limit that fails open, and refuses them at a limit that fails closed', async () => {
    await redis.stop();

    // Over the limit counted before the outage, and still let through: nothing can be counted now.
    for (let i = 0; i < 3; i++) {
      await timed(() => limiter.consume('up:open', 2, WINDOW_MS, 'test', 'open'));
    }
    const open = await timed(() => limiter.hit('down:open', 1, WINDOW_MS, 'open'));
    expect(open).toEqual({ allowed: true, remaining: 1, retryAfterSeconds: 0 });

    const refused = await timed(() =>
      limiter.consume('down:closed', 5, WINDOW_MS, 'login', 'closed').then(
        () => null,
        (error: unknown) => error,
      ),
    );
    expect(refused).toBeInstanceOf(RedisUnavailableError);
    expect((refused as RedisUnavailableError).retryAfterSeconds).toBeGreaterThan(0);
    // Clearing a count is best effort: it expires anyway.
    await timed(() => limiter.reset('down:closed'));
  });

  it('counts again once Redis is back', async () => {
    await redis.resume();
    // The client reconnects in the background; until then the closed limit keeps refusing.
    const first = await eventually(
      () =>
        limiter.hit('back:closed', 1, WINDOW_MS, 'closed').catch((error: unknown) => {
          if (error instanceof RedisUnavailableError) return undefined;
          throw error;
        }),
      { what: 'the limiter to reach Redis again' },
    );
    expect(first).toEqual({ allowed: true, remaining: 0, retryAfterSeconds: 0 });
    const second = await limiter.hit('back:closed', 1, WINDOW_MS, 'closed');
    expect(second.allowed).toBe(false);
    expect(second.retryAfterSeconds).toBeGreaterThan(0);
  });
});
