/** A delivery is retried for this long after its first attempt, then marked failed. */
export const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Retries are never further apart than this, nor than a receiver's Retry-After beyond it. */
export const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;

/** The delay after failed attempt `attempts` (1 after the first): Retry-After when the receiver gave one, else exponential. */
export function retryDelayMs(attempts: number, baseMs: number, retryAfterMs: number | null): number {
  if (retryAfterMs !== null && Number.isFinite(retryAfterMs) && retryAfterMs >= 0) {
    return Math.min(Math.ceil(retryAfterMs), MAX_RETRY_DELAY_MS);
  }
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), MAX_RETRY_DELAY_MS);
}

/** When the next attempt is due, or null when the 24-hour window would be over by then. */
export function nextAttemptAt(firstAttemptAt: Date, now: Date, delayMs: number): Date | null {
  const next = new Date(now.getTime() + delayMs);
  return next.getTime() - firstAttemptAt.getTime() > RETRY_WINDOW_MS ? null : next;
}

/** Retry-After as milliseconds: delta seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: Date): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now.getTime());
}
