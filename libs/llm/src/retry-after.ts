/**
 * The wait a server asked for, in ms: OpenAI's `retry-after-ms`, else `Retry-After` as seconds or an HTTP-date.
 * Undefined when absent or unreadable.
 */
export function parseRetryAfterMs(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const millis = headers.get('retry-after-ms');
  if (millis !== null && millis.trim() !== '') {
    const value = Number(millis);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const header = headers.get('retry-after')?.trim();
  if (!header) return undefined;
  if (/^\d+(\.\d+)?$/.test(header)) return Number(header) * 1000;
  // Date.parse reads bare numbers such as "-3" as years; an HTTP-date always names its month.
  const date = /[a-z]/i.test(header) ? Date.parse(header) : NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
