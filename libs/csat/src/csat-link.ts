import { createHmac, timingSafeEqual } from 'node:crypto';

/** What an e-mailed rating link stands for: one conversation, rated by its customer until the link expires. */
export interface CsatLinkClaims {
  workspaceId: string;
  conversationId: string;
  /** The agent who resolved the conversation; null when the bot handled it alone. */
  agentId: string | null;
  /** Unix seconds after which the link no longer rates. */
  expiresAt: number;
}

export type CsatLinkCheck =
  { ok: true; claims: CsatLinkClaims } | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The key that signs rating links, derived from the server's ACTION_SECRETS_KEY under its own label, so a link's
 * signature can never be replayed as anything else that key protects.
 */
export function csatLinkKey(serverSecretHex: string): Buffer {
  return createHmac('sha256', Buffer.from(serverSecretHex, 'hex')).update('switchboard csat link v1').digest();
}

/** `<payload>.<signature>`, both base64url: the payload is the claims as JSON, the signature its HMAC-SHA256. */
export function signCsatLink(key: Buffer, claims: CsatLinkClaims): string {
  const payload = Buffer.from(
    JSON.stringify({ w: claims.workspaceId, c: claims.conversationId, a: claims.agentId, e: claims.expiresAt }),
  ).toString('base64url');
  return `${payload}.${signatureOf(key, payload)}`;
}

/** Checks the signature before reading anything, then the expiry; nothing is looked up. */
export function verifyCsatLink(key: Buffer, token: string, nowSeconds = Math.floor(Date.now() / 1000)): CsatLinkCheck {
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length > 0 || !/^[A-Za-z0-9_-]+$/.test(payload + signature)) {
    return { ok: false, reason: 'malformed' };
  }
  const expected = Buffer.from(signatureOf(key, payload), 'base64url');
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'bad_signature' };
  const claims = claimsOf(payload);
  if (!claims) return { ok: false, reason: 'malformed' };
  if (claims.expiresAt <= nowSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

function signatureOf(key: Buffer, payload: string): string {
  return createHmac('sha256', key).update(payload, 'utf8').digest('base64url');
}

function claimsOf(payload: string): CsatLinkClaims | null {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const { w, c, a, e } = raw as Record<string, unknown>;
  if (typeof w !== 'string' || !UUID.test(w) || typeof c !== 'string' || !UUID.test(c)) return null;
  if (a !== null && (typeof a !== 'string' || !UUID.test(a))) return null;
  if (typeof e !== 'number' || !Number.isInteger(e)) return null;
  return { workspaceId: w, conversationId: c, agentId: a, expiresAt: e };
}
