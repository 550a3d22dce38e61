import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Who a widget visitor is, signed by the api so the browser can keep it and come back. */
export interface VisitorTokenPayload {
  v: 1;
  workspaceId: string;
  inboxId: string;
  /** The visitor's id inside the inbox: `user:<userId>` when verified, else `visitor:<random>`. */
  sourceId: string;
  /** Present only when the host page proved the user with a valid user_hash. */
  userId?: string;
  /** Issued at, in seconds since the epoch. */
  iat: number;
  /** Expires at, in seconds since the epoch; tokens issued before expiry existed lack it (iat + lifetime then). */
  exp?: number;
  /** The inbox's token generation at issue; revoking an inbox's tokens moves the generation on (absent: 0). */
  gen?: number;
}

/** How long tokens live, and which generation of the inbox's tokens is current. */
export interface VisitorTokenPolicy {
  ttlSeconds: number;
  /** How long after expiry a token may still be swapped for a fresh one (same visitor, same conversation). */
  renewalGraceSeconds: number;
  generation: number;
}

/**
 * What a presented token is worth: `valid` opens every widget route; `expired` opens none, and `renewable` says
 * whether it is still inside the renewal grace window; `revoked` and `invalid` are worth nothing.
 */
export type VisitorTokenCheck =
  | { status: 'valid'; payload: VisitorTokenPayload }
  | { status: 'expired'; payload: VisitorTokenPayload; renewable: boolean }
  | { status: 'revoked' }
  | { status: 'invalid' };

const TOKEN_VERSION = 1;
const SIGNATURE_BYTES = 32;
// Longer tokens are refused before any work: a real one is a few hundred characters.
const MAX_TOKEN_CHARS = 2048;

/** The hex HMAC-SHA256 of userId under the inbox's identity secret: what the host page's server computes. */
export function userHashFor(identitySecret: string, userId: string): string {
  return createHmac('sha256', identitySecret).update(userId, 'utf8').digest('hex');
}

/** Whether userHash proves userId for this inbox; compared in constant time. */
export function verifyUserHash(identitySecret: string, userId: string, userHash: string): boolean {
  if (!/^[0-9a-fA-F]{64}$/.test(userHash)) return false;
  const expected = Buffer.from(userHashFor(identitySecret, userId), 'hex');
  return timingSafeEqual(expected, Buffer.from(userHash, 'hex'));
}

/** A fresh anonymous visitor id for an inbox. */
export function newVisitorSourceId(): string {
  return `visitor:${randomBytes(16).toString('base64url')}`;
}

/** The source id of a verified user. */
export function userSourceId(userId: string): string {
  return `user:${userId}`;
}

/** `<base64url payload>.<base64url signature>`, signed with a key derived from the inbox's identity secret. */
export function signVisitorToken(
  identitySecret: string,
  payload: Omit<VisitorTokenPayload, 'v' | 'iat' | 'exp' | 'gen'>,
  policy: Pick<VisitorTokenPolicy, 'ttlSeconds' | 'generation'>,
  nowMs = Date.now(),
): string {
  const iat = Math.floor(nowMs / 1000);
  const full: VisitorTokenPayload = {
    v: TOKEN_VERSION,
    workspaceId: payload.workspaceId,
    inboxId: payload.inboxId,
    sourceId: payload.sourceId,
    ...(payload.userId !== undefined ? { userId: payload.userId } : {}),
    iat,
    exp: iat + policy.ttlSeconds,
    gen: policy.generation,
  };
  const body = Buffer.from(JSON.stringify(full), 'utf8').toString('base64url');
  return `${body}.${sign(identitySecret, body).toString('base64url')}`;
}

/**
 * When a verified token expires, in seconds since the epoch: its signed `exp`, but never later than the current
 * lifetime allows, so lowering WIDGET_TOKEN_TTL_SECONDS also shortens tokens already out (and a token from
 * before expiry existed gets iat + lifetime).
 */
export function visitorTokenExpiry(payload: VisitorTokenPayload, ttlSeconds: number): number {
  return Math.min(payload.exp ?? Number.POSITIVE_INFINITY, payload.iat + ttlSeconds);
}

/**
 * Verifies the signature, then the generation (a revoked token stays revoked, even once expired), then the time:
 * a token is valid until its expiry, and renewable for renewalGraceSeconds after.
 */
export function checkVisitorToken(
  identitySecret: string,
  token: string,
  policy: VisitorTokenPolicy,
  nowMs = Date.now(),
): VisitorTokenCheck {
  const payload = verifyVisitorToken(identitySecret, token);
  if (!payload) return { status: 'invalid' };
  if ((payload.gen ?? 0) !== policy.generation) return { status: 'revoked' };
  const now = nowMs / 1000;
  const expiry = visitorTokenExpiry(payload, policy.ttlSeconds);
  if (now < expiry) return { status: 'valid', payload };
  return { status: 'expired', payload, renewable: now < expiry + policy.renewalGraceSeconds };
}

/** The payload of a token this inbox's secret signed, or null for anything else (tampered, foreign, malformed). */
export function verifyVisitorToken(identitySecret: string, token: string): VisitorTokenPayload | null {
  if (token.length > MAX_TOKEN_CHARS) return null;
  const parts = token.split('.');
  if (parts.length !== 2) return null;
  const [body = '', signature = ''] = parts;
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== SIGNATURE_BYTES || given.toString('base64url') !== signature) return null;
  if (!timingSafeEqual(sign(identitySecret, body), given)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  return isPayload(parsed) ? parsed : null;
}

function sign(identitySecret: string, body: string): Buffer {
  // A key of its own, so a visitor token can never double as a user_hash (or the other way round).
  const key = createHmac('sha256', identitySecret).update('visitor-token').digest();
  return createHmac('sha256', key).update(body).digest();
}

function isPayload(value: unknown): value is VisitorTokenPayload {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    candidate.v === TOKEN_VERSION &&
    typeof candidate.workspaceId === 'string' &&
    typeof candidate.inboxId === 'string' &&
    typeof candidate.sourceId === 'string' &&
    (candidate.userId === undefined || typeof candidate.userId === 'string') &&
    Number.isFinite(candidate.iat) &&
    (candidate.exp === undefined || Number.isFinite(candidate.exp)) &&
    (candidate.gen === undefined || Number.isSafeInteger(candidate.gen))
  );
}
