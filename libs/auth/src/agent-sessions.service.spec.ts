import { hashSessionToken, looksLikeSessionToken, newSessionToken } from './agent-sessions.service';

describe('session tokens', () => {
  it('are sbs_ and 32 random bytes in base64url, different every time', () => {
    const token = newSessionToken();
    expect(token).toMatch(/^sbs_[A-Za-z0-9_-]{43}$/);
    expect(newSessionToken()).not.toBe(token);
    expect(looksLikeSessionToken(token)).toBe(true);
  });

  it('are stored as their sha256, never as themselves', () => {
    const token = newSessionToken();
    const hash = hashSessionToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token.slice(4));
    expect(hashSessionToken(token)).toBe(hash);
  });

  it('refuses what cannot be a session token before any lookup', () => {
    expect(looksLikeSessionToken('sb_an-api-key')).toBe(false);
    expect(looksLikeSessionToken(`sbs_${'x'.repeat(200)}`)).toBe(false);
  });
});
