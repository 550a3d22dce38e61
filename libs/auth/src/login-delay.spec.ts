import { loginDelayMs, loginDelaySchedule } from './login-delay';

describe('per-e-mail sign-in delay', () => {
  const policy = { freeAttempts: 5, baseDelaySeconds: 1, maxDelaySeconds: 300 };

  it('lets the free attempts through at once', () => {
    for (let failures = 0; failures < 5; failures++) expect(loginDelayMs(failures, policy)).toBe(0);
  });

  it('then doubles the wait with every failure, from the base up to the cap', () => {
    const waits = Array.from({ length: 12 }, (_, i) => loginDelayMs(5 + i, policy) / 1000);
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300]);
  });

  it('never waits longer than the cap, however many failures', () => {
    expect(loginDelayMs(10_000, policy)).toBe(300_000);
    expect(loginDelayMs(Number.MAX_SAFE_INTEGER, policy)).toBe(300_000);
  });

  it('ends its schedule with the cap, also when the base already reaches it', () => {
    expect(loginDelaySchedule(policy).at(-1)).toBe(300_000);
    expect(loginDelaySchedule({ freeAttempts: 1, baseDelaySeconds: 60, maxDelaySeconds: 30 })).toEqual([30_000]);
    expect(loginDelaySchedule({ freeAttempts: 1, baseDelaySeconds: 2, maxDelaySeconds: 2 })).toEqual([2_000]);
  });
});
