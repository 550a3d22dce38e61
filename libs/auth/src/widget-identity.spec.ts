import { createHmac, randomBytes } from 'node:crypto';
import {
  checkVisitorToken,
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
  const policy = { ttlSeconds: 3600, renewalGraceSeconds: 600, generation: 0 };

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
    it('round-trips its payload with a version, an issue time, an expiry and the generation', () => {
      const before = Math.floor(Date.now() / 1000);
      const token = signVisitorToken(secret, payload, { ttlSeconds: 3600, generation: 7 });
      expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      const verified = verifyVisitorToken(secret, token);
      expect(verified).toEqual({ v: 1, ...payload, iat: expect.any(Number), exp: expect.any(Number), gen: 7 });
      expect(verified?.iat).toBeGreaterThanOrEqual(before);
      expect(verified?.exp).toBe((verified?.iat ?? 0) + 3600);
    });

    it('leaves userId out for an anonymous visitor', () => {
      const token = signVisitorToken(secret, { ...payload, sourceId: 'visitor:abc', userId: undefined }, policy);
      expect(verifyVisitorToken(secret, token)).not.toHaveProperty('userId');
    });

    it("refuses another inbox's token", () => {
      const other = signVisitorToken(randomBytes(32).toString('hex'), payload, policy);
      expect(verifyVisitorToken(secret, other)).toBeNull();
    });

    it('refuses a token whose payload or signature was changed', () => {
      const token = signVisitorToken(secret, payload, policy);
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
      const token = signVisitorToken(secret, payload, policy);
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

    describe('lifetime and revocation', () => {
      const issuedAt = Date.UTC(2026, 0, 1);
      const token = signVisitorToken(secret, payload, policy, issuedAt);
      const at = (seconds: number): number => issuedAt + seconds * 1000;

      it('is valid until its expiry, then expired but renewable for the grace window, then not renewable', () => {
        expect(checkVisitorToken(secret, token, policy, at(0))).toMatchObject({ status: 'valid' });
        expect(checkVisitorToken(secret, token, policy, at(3599.9))).toMatchObject({ status: 'valid' });
        expect(checkVisitorToken(secret, token, policy, at(3600))).toMatchObject({
          status: 'expired',
          renewable: true,
          payload: { sourceId: 'user:42' },
        });
        expect(checkVisitorToken(secret, token, policy, at(4199))).toMatchObject({
          status: 'expired',
          renewable: true,
        });
        expect(checkVisitorToken(secret, token, policy, at(4200))).toMatchObject({
          status: 'expired',
          renewable: false,
        });
      });

      it('is shortened by a lower deployment lifetime, but never lengthened by a higher one', () => {
        const longer = { ...policy, ttlSeconds: 7200 };
        expect(checkVisitorToken(secret, token, longer, at(3600))).toMatchObject({ status: 'expired' });
        const shorter = { ...policy, ttlSeconds: 60 };
        expect(checkVisitorToken(secret, token, shorter, at(59))).toMatchObject({ status: 'valid' });
        expect(checkVisitorToken(secret, token, shorter, at(60))).toMatchObject({ status: 'expired', renewable: true });
      });

      it('is revoked once the inbox generation moves on, expired or not', () => {
        const next = { ...policy, generation: 1 };
        expect(checkVisitorToken(secret, token, next, at(0))).toEqual({ status: 'revoked' });
        expect(checkVisitorToken(secret, token, next, at(4000))).toEqual({ status: 'revoked' });
        const fresh = signVisitorToken(secret, payload, next, at(10));
        expect(checkVisitorToken(secret, fresh, next, at(10))).toMatchObject({ status: 'valid' });
      });

      it('gives a token from before expiry existed the deployment lifetime from its issue time, generation 0', () => {
        const key = createHmac('sha256', secret).update('visitor-token').digest();
        const legacyBody = { v: 1, ...payload, iat: issuedAt / 1000 };
        const body = Buffer.from(JSON.stringify(legacyBody)).toString('base64url');
        const legacy = `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
        expect(checkVisitorToken(secret, legacy, policy, at(10))).toMatchObject({ status: 'valid' });
        expect(checkVisitorToken(secret, legacy, policy, at(3600))).toMatchObject({ status: 'expired' });
        expect(checkVisitorToken(secret, legacy, { ...policy, generation: 1 }, at(10))).toEqual({ status: 'revoked' });
      });

      it('refuses a forged expiry: the signature covers it', () => {
        const [body, signature] = token.split('.') as [string, string];
        const decoded = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
        const later = Buffer.from(JSON.stringify({ ...decoded, exp: 9_999_999_999 })).toString('base64url');
        expect(checkVisitorToken(secret, `${later}.${signature}`, policy, at(5000))).toEqual({ status: 'invalid' });
      });

      it('refuses a signed body whose expiry or generation is not a number', () => {
        const key = createHmac('sha256', secret).update('visitor-token').digest();
        for (const bad of [{ exp: '9999999999' }, { gen: 1.5 }, { gen: null }]) {
          const body = Buffer.from(JSON.stringify({ v: 1, ...payload, iat: 1, ...bad })).toString('base64url');
          const signed = `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
          expect(checkVisitorToken(secret, signed, policy, at(0))).toEqual({ status: 'invalid' });
        }
      });
    });

    it('is not a user hash: the token key is derived, not the raw secret', () => {
      const token = signVisitorToken(secret, payload, policy);
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
