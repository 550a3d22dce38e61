/** Longest single wait: browsers fire a setTimeout of more than 2^31 - 1 ms (24.8 days) at once. */
export const MAX_RENEWAL_WAIT_MS = 24 * 3600 * 1000;
const MIN_RENEWAL_WAIT_MS = 1000;
/** Renew once this share of the token's remaining life has passed, well before it runs out. */
const RENEW_AT_SHARE = 0.8;

/**
 * How long to wait before renewing a token that expires in `expiresInSeconds`: at 80 % of its remaining life, at
 * most a day (a page left open renews daily), at least a second. Null when the api did not say: no early renewal.
 */
export function renewalDelayMs(expiresInSeconds: number | null): number | null {
  if (expiresInSeconds === null || !Number.isFinite(expiresInSeconds) || expiresInSeconds < 0) return null;
  const wait = expiresInSeconds * 1000 * RENEW_AT_SHARE;
  return Math.round(Math.min(MAX_RENEWAL_WAIT_MS, Math.max(MIN_RENEWAL_WAIT_MS, wait)));
}
