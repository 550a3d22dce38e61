import { loadConfig } from '@switchboard/config';
import { randomBytes } from 'node:crypto';
import { loginDelaySchedule } from './login-delay';
import { RateLimitedError, RateLimiter } from './rate-limiter';

/** The per-e-mail progressive delay against the real Redis (its own key prefix; nothing else is touched). */
describe('RateLimiter.delayedAttempt', () => {
  const limiter = new RateLimiter(
    loadConfig('api', {
      QUEUE_PREFIX: `sbtest-limiter-${randomBytes(4).toString('hex')}`,
      SWITCHBOARD_ADMIN_TOKEN: randomBytes(24).toString('hex'),
      LOG_LEVEL: 'silent',
    }),
  );
  const policy = {
    freeAttempts: 2,
    schedule: loginDelaySchedule({ freeAttempts: 2, baseDelaySeconds: 30, maxDelaySeconds: 60 }),
    forgetAfterMs: 60_000,
  };
  const key = (): string => `test:${randomBytes(6).toString('hex')}`;
  const attempt = (name: string): Promise<number | null> =>
    limiter.delayedAttempt(name, policy, 'login').then(
      () => null,
      (error: unknown) => {
        if (error instanceof RateLimitedError) return error.retryAfterSeconds;
        throw error;
      },
    );

  afterAll(() => limiter.onModuleDestroy());

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
    expect(results.filter((result) => result !== null)).toHaveLength(18);
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
});
