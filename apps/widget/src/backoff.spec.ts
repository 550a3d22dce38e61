import { BACKOFF_MAX_MS, backoffDelay, DEFAULT_RETRY_AFTER_MS, parseRetryAfter } from './backoff';

describe('backoffDelay', () => {
  it('doubles from one second up to thirty seconds without jitter at the midpoint', () => {
    const delays = [0, 1, 2, 3, 4, 5, 6, 10].map((attempt) => backoffDelay(attempt, () => 0.5));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('spreads each delay by at most 20 percent and never exceeds the cap', () => {
    expect(backoffDelay(0, () => 0)).toBe(800);
    expect(backoffDelay(0, () => 1)).toBe(1200);
    expect(backoffDelay(2, () => 0)).toBe(3200);
    expect(backoffDelay(2, () => 1)).toBe(4800);
    expect(backoffDelay(8, () => 1)).toBe(BACKOFF_MAX_MS);
    expect(backoffDelay(8, () => 0)).toBe(24000);
  });

  it('treats odd inputs as the nearest sensible attempt', () => {
    expect(backoffDelay(-3, () => 0.5)).toBe(1000);
    expect(backoffDelay(1000, () => 0.5)).toBe(30000);
    expect(backoffDelay(1, () => Number.NaN)).toBe(2000);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds', () => {
    expect(parseRetryAfter('7')).toBe(7000);
    expect(parseRetryAfter(' 0 ')).toBe(0);
    expect(parseRetryAfter('1.5')).toBe(1500);
  });

  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('2025-01-01T10:00:00Z');
    expect(parseRetryAfter('Wed, 01 Jan 2025 10:00:12 GMT', now)).toBe(12000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 09:00:00 GMT', now)).toBe(0);
  });

  it('falls back to a default when missing or unreadable', () => {
    expect(parseRetryAfter(null)).toBe(DEFAULT_RETRY_AFTER_MS);
    expect(parseRetryAfter('')).toBe(DEFAULT_RETRY_AFTER_MS);
    expect(parseRetryAfter('soon')).toBe(DEFAULT_RETRY_AFTER_MS);
  });
});
