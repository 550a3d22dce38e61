export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_MAX_MS = 30000;
export const BACKOFF_JITTER = 0.2;
export const DEFAULT_RETRY_AFTER_MS = 5000;

/**
 * Delay before retry number `attempt` (0-based): 1 s, 2 s, 4 s … capped at 30 s, each spread by ±20 %
 * so that many widgets reconnecting after an outage do not hit the server in lockstep.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.min(Math.floor(attempt), 30));
  const nominal = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** exponent);
  const spread = 1 - BACKOFF_JITTER + 2 * BACKOFF_JITTER * clampUnit(random());
  return Math.round(Math.min(BACKOFF_MAX_MS, nominal * spread));
}

/** Reads a Retry-After header (seconds or an HTTP date) into milliseconds to wait. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number {
  if (header === null || header.trim() === '') return DEFAULT_RETRY_AFTER_MS;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return DEFAULT_RETRY_AFTER_MS;
  return Math.max(0, at - now);
}

function clampUnit(value: number): number {
  if (!Number.isFinite(value)) return 0.5;
  return Math.min(1, Math.max(0, value));
}
