import { LlmProviderError } from './llm.errors';
import { RetryPolicy } from './retry-policy';

const http = (status: number, retryAfterMs?: number): LlmProviderError =>
  new LlmProviderError('p', 'm', 'http', `HTTP ${status}`, { status, retryAfterMs });

describe('RetryPolicy', () => {
  it('retries 408, 409, 429, 5xx, timeouts, network and protocol failures only', () => {
    const policy = new RetryPolicy();
    const retryable = [408, 409, 429, 500, 502, 503, 504].map((s) => policy.isRetryable(http(s)));
    const final = [400, 401, 403, 404, 422].map((s) => policy.isRetryable(http(s)));

    expect(retryable.every(Boolean)).toBe(true);
    expect(final.some(Boolean)).toBe(false);
    for (const kind of ['timeout', 'network', 'protocol'] as const) {
      expect(policy.isRetryable(new LlmProviderError('p', 'm', kind, kind))).toBe(true);
    }
  });

  it('backs off exponentially with jitter between half and all of the step, up to the maximum', () => {
    const low = new RetryPolicy({ baseDelayMs: 100, maxDelayMs: 1_000, random: () => 0 });
    const high = new RetryPolicy({ baseDelayMs: 100, maxDelayMs: 1_000, random: () => 1 });
    const error = http(500);

    expect([0, 1, 2, 3, 4].map((n) => low.delayMs(error, n))).toEqual([50, 100, 200, 400, 500]);
    expect([0, 1, 2, 3, 4].map((n) => high.delayMs(error, n))).toEqual([100, 200, 400, 800, 1_000]);
  });

  it('honours Retry-After up to its cap', () => {
    const policy = new RetryPolicy({ retryAfterCapMs: 5_000 });

    expect(policy.delayMs(http(429, 1_500), 0)).toBe(1_500);
    expect(policy.delayMs(http(429, 60_000), 0)).toBe(5_000);
  });

  it('refuses nonsense settings', () => {
    expect(() => new RetryPolicy({ retriesPerProvider: -1 })).toThrow(/retriesPerProvider/);
    expect(() => new RetryPolicy({ baseDelayMs: 1.5 })).toThrow(/baseDelayMs/);
  });
});
