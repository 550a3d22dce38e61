import { MAX_RETRY_DELAY_MS, RETRY_WINDOW_MS, nextAttemptAt, parseRetryAfter, retryDelayMs } from './retry-schedule';

describe('webhook retry schedule', () => {
  it('doubles from the base after each failed attempt, capped at an hour', () => {
    expect([1, 2, 3, 4].map((attempts) => retryDelayMs(attempts, 30_000, null))).toEqual([
      30_000, 60_000, 120_000, 240_000,
    ]);
    expect(retryDelayMs(12, 30_000, null)).toBe(MAX_RETRY_DELAY_MS);
  });

  it("honours the receiver's Retry-After instead, within the same cap", () => {
    expect(retryDelayMs(1, 30_000, 5_000)).toBe(5_000);
    expect(retryDelayMs(5, 30_000, 0)).toBe(0);
    expect(retryDelayMs(1, 30_000, 10 * MAX_RETRY_DELAY_MS)).toBe(MAX_RETRY_DELAY_MS);
  });

  it('retries for 24 hours after the first attempt, then gives up', () => {
    const first = new Date('2026-12-01T00:00:00Z');
    const now = new Date(first.getTime() + RETRY_WINDOW_MS - 60_000);
    expect(nextAttemptAt(first, now, 30_000)).toEqual(new Date(now.getTime() + 30_000));
    expect(nextAttemptAt(first, now, 120_000)).toBeNull();
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = new Date('2026-12-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Tue, 01 Dec 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});
