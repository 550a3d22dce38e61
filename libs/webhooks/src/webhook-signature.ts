import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'Switchboard-Signature';
const SECRET_PREFIX = 'whsec_';

/** A new signing secret: `whsec_` and 32 random bytes, base64url. */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64url');
}

/** HMAC-SHA256, as hex, of `<timestamp>.<body>` under the secret (its UTF-8 bytes, prefix included). */
export function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/**
 * The Switchboard-Signature value: `t=<unix seconds>,v1=<hex>`, with one `v1` per secret in use (the new one
 * first, then a rotated-out one during its grace period), so a receiver holding either secret verifies.
 */
export function signatureHeader(secrets: readonly string[], timestamp: number, body: string): string {
  return [`t=${timestamp}`, ...secrets.map((secret) => `v1=${signatureOf(secret, timestamp, body)}`)].join(',');
}

export interface VerifyOptions {
  /** Largest accepted age of the timestamp, against replays; 300 s unless given. */
  toleranceSeconds?: number;
  /** Unix seconds; the current time unless given. */
  now?: number;
}

/** What a receiver does: true when one `v1` matches the secret and the timestamp is recent. */
export function verifySignature(header: string, body: string, secret: string, options: VerifyOptions = {}): boolean {
  const parts = header.split(',').map((part) => part.trim().split('='));
  const timestamp = Number(parts.find(([key]) => key === 't')?.[1]);
  if (!Number.isInteger(timestamp)) return false;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signatureOf(secret, timestamp, body), 'hex');
  return parts
    .filter(([key, value]) => key === 'v1' && /^[0-9a-f]{64}$/.test(value ?? ''))
    .some(([, value]) => timingSafeEqual(Buffer.from(value, 'hex'), expected));
}
