import { MAX_RENEWAL_WAIT_MS, renewalDelayMs } from './token-renewal';

describe('renewalDelayMs', () => {
  it('renews at four fifths of the remaining life, before expiry', () => {
    expect(renewalDelayMs(10)).toBe(8000);
    expect(renewalDelayMs(3600)).toBe(2_880_000);
  });

  it('waits at most a day, so a 30-day token never overflows the browser timer', () => {
    expect(renewalDelayMs(30 * 24 * 3600)).toBe(MAX_RENEWAL_WAIT_MS);
    expect(MAX_RENEWAL_WAIT_MS).toBeLessThan(2 ** 31 - 1);
  });

  it('waits at least a second, also for a token about to expire', () => {
    expect(renewalDelayMs(0)).toBe(1000);
    expect(renewalDelayMs(0.5)).toBe(1000);
  });

  it('does not renew early when the api gave no usable lifetime', () => {
    expect(renewalDelayMs(null)).toBeNull();
    expect(renewalDelayMs(-5)).toBeNull();
    expect(renewalDelayMs(Number.NaN)).toBeNull();
  });
});
