/** The per-e-mail sign-in throttle: so many free failures, then a delay that doubles with each one, capped. */
export interface LoginDelayPolicy {
  freeAttempts: number;
  baseDelaySeconds: number;
  maxDelaySeconds: number;
}

/**
 * The waits after the free attempts, in milliseconds: base, 2 × base, 4 × base, … up to and ending with the cap.
 * The n-th failure past the free ones waits entry n (the last entry for every failure beyond).
 */
export function loginDelaySchedule(policy: LoginDelayPolicy): number[] {
  const cap = policy.maxDelaySeconds * 1000;
  const delays: number[] = [];
  for (let delay = policy.baseDelaySeconds * 1000; delay < cap; delay *= 2) delays.push(delay);
  delays.push(cap);
  return delays;
}

/** How long the next attempt must wait after `failures` consecutive failed ones (0: at once). */
export function loginDelayMs(failures: number, policy: LoginDelayPolicy): number {
  if (failures < policy.freeAttempts) return 0;
  const schedule = loginDelaySchedule(policy);
  return schedule[Math.min(failures - policy.freeAttempts, schedule.length - 1)] ?? 0;
}
