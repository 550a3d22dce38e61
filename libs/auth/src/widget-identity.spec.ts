import { createHmac, randomBytes } from 'node:crypto';
import {
  newVisitorSourceId,
  signVisitorToken,
  userHashFor,
  userSourceId,
  verifyUserHash,
  verifyVisitorToken,
} from './widget-identity';

describe('widget identity', () => {
  const secret = randomBytes(32).toString('hex');
  const payload = {
    workspaceId: '0b5c3f7e-1a2b-4c3d-8e9f-001122334455',
    inboxId: '9f8e7d6c-5b4a-4392-a1b0-aabbccddeeff',
    sourceId: 'user:42',
    userId: '42',
  };

  describe('user hash', () => {
    it('accepts the hex HMAC-SHA256 of the user id under the identity secret, in either case', () => {
      const hash = createHmac('sha256', secret).update('user-42').digest('hex');
      expect(userHashFor(secret, 'user-42')).toBe(hash);
      expect(verifyUserHash(secret, 'user-42', hash)).toBe(true);
      expect(verifyUserHash(secret, 'user-42', hash.toUpperCase())).toBe(true);
    });

    it('refuses a hash of another user, under another secret, truncated or not hex', () => {
      const hash = userHashFor(secret, 'user-42');
      expect(verifyUserHash(secret, 'user-43', hash)).toBe(false);
      expect(verifyUserHash(randomBytes(32).toString('hex'), 'user-42', hash)).toBe(false);
      expect(verifyUserHash(secret, 'user-42', hash.slice(0, 63))).toBe(false);
      expect(verifyUserHash(secret, 'user-42', `${hash.slice(0, 62)}zz`)).toBe(false);
      expect(verifyUserHash(secret, 'user-42', '')).toBe(false);
    });
  });

  describe('visitor token', () => {
    it('round-trips its payload with a version and an issue time', () => {
      const before = Math.floor(Date.now() / 1000);
      const token = signVisitorToken(secret, payload);
      expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      const verified = verifyVisitorToken(secret, token);
      expect(verified).toEqual({ v: 1, ...payload, iat: expect.any(Number) });
      expect(verified?.iat).toBeGreaterThanOrEqual(before);
    });

    it('leaves userId out for an anonymous visitor', () => {
      const token = signVisitorToken(secret, { ...payload, sourceId: 'visitor:abc', userId: undefined });
      expect(verifyVisitorToken(secret, token)).not.toHaveProperty('userId');
    });

    it("refuses another inbox's token", () => {
      const other = signVisitorToken(randomBytes(32).toString('hex'), payload);
      expect(verifyVisitorToken(secret, other)).toBeNull();
    });

    it('refuses a token whose payload or signature was changed', () => {
      const token = signVisitorToken(secret, payload);
      const [body, signature] = token.split('.') as [string, string];
      const forged = Buffer.from(
        JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), sourceId: 'user:1' }),
      ).toString('base64url');
      expect(verifyVisitorToken(secret, `${forged}.${signature}`)).toBeNull();
      const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BA' : 'AA'}`;
      expect(verifyVisitorToken(secret, `${body}.${flipped}`)).toBeNull();
      expect(verifyVisitorToken(secret, `${body}.${signature}x`)).toBeNull();
    });

    it('refuses malformed tokens', () => {
      const token = signVisitorToken(secret, payload);
      for (const bad of ['', '.', 'abc', `${token}.extra`, token.replace('.', ''), 'x'.repeat(5000)]) {
        expect(verifyVisitorToken(secret, bad)).toBeNull();
      }
    });

    it('refuses a validly signed body that is not a visitor payload', () => {
      // Signed with the same derivation, so only the shape check can refuse it.
      const key = createHmac('sha256', secret).update('visitor-token').digest();
      const body = Buffer.from(JSON.stringify({ v: 2, ...payload, iat: 1 })).toString('base64url');
      const signature = createHmac('sha256', key).update(body).digest('base64url');
      expect(verifyVisitorToken(secret, `${body}.${signature}`)).toBeNull();
    });

    it('is not a user hash: the token key is derived, not the raw secret', () => {
      const token = signVisitorToken(secret, payload);
      const [body, signature] = token.split('.') as [string, string];
      expect(createHmac('sha256', secret).update(body).digest('base64url')).not.toBe(signature);
    });
  });

  it('names visitors: random anonymous ids, user ids for verified users', () => {
    expect(newVisitorSourceId()).toMatch(/^visitor:[A-Za-z0-9_-]{22}$/);
    expect(newVisitorSourceId()).not.toBe(newVisitorSourceId());
    expect(userSourceId('42')).toBe('user:42');
  });
});
