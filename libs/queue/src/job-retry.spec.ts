import { UnrecoverableError } from 'bullmq';
import { asQueueFailure, isPermanentFailure, retryDelayMs } from './job-retry';

describe('job retry hints', () => {
  it("waits a provider's Retry-After instead of the backoff, and backs off exponentially otherwise", () => {
    const rateLimited = Object.assign(new Error('429'), { retryAfterMs: 1_500 });
    expect(retryDelayMs(1, 5_000, rateLimited)).toBe(1_500);
    expect(retryDelayMs(1, 5_000, new Error('timeout'))).toBe(5_000);
    expect(retryDelayMs(3, 5_000, new Error('timeout'))).toBe(20_000);
    // An absurd or missing hint falls back to the backoff.
    expect(retryDelayMs(2, 5_000, Object.assign(new Error('x'), { retryAfterMs: 10 * 3600_000 }))).toBe(10_000);
    expect(retryDelayMs(2, 5_000, Object.assign(new Error('x'), { retryAfterMs: null }))).toBe(10_000);
  });

  it('fails permanent errors at once and passes the others through', () => {
    const revoked = Object.assign(new Error('token_revoked'), { permanent: true });
    expect(isPermanentFailure(revoked)).toBe(true);
    const failure = asQueueFailure(revoked);
    expect(failure).toBeInstanceOf(UnrecoverableError);
    expect((failure as Error).message).toBe('token_revoked');
    const transient = new Error('503');
    expect(asQueueFailure(transient)).toBe(transient);
  });
});
