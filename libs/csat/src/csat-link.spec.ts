import { createHmac } from 'node:crypto';
import { CsatLinkClaims, csatLinkKey, signCsatLink, verifyCsatLink } from './csat-link';

const KEY = csatLinkKey('11'.repeat(32));
const CLAIMS: CsatLinkClaims = {
  workspaceId: '6f9619ff-8b86-4d11-b42d-00c04fc964ff',
  conversationId: '0b5c0a0e-2b7d-4f3c-9d3e-1a2b3c4d5e6f',
  agentId: null,
  expiresAt: 2_000_000_000,
};
const NOW = 1_900_000_000;

describe('CSAT rating links', () => {
  it('verifies a link it signed and reads back its claims', () => {
    expect(verifyCsatLink(KEY, signCsatLink(KEY, CLAIMS), NOW)).toEqual({ ok: true, claims: CLAIMS });
    const withAgent = { ...CLAIMS, agentId: '9a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' };
    expect(verifyCsatLink(KEY, signCsatLink(KEY, withAgent), NOW)).toEqual({ ok: true, claims: withAgent });
  });

  it('refuses a link whose payload was altered (another conversation, a later expiry) as a bad signature', () => {
    const [, signature] = signCsatLink(KEY, CLAIMS).split('.');
    const [forged] = signCsatLink(KEY, { ...CLAIMS, expiresAt: CLAIMS.expiresAt + 86_400 }).split('.');
    expect(verifyCsatLink(KEY, `${forged}.${signature}`, NOW)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a link signed under another server secret', () => {
    const other = csatLinkKey('22'.repeat(32));
    expect(verifyCsatLink(KEY, signCsatLink(other, CLAIMS), NOW)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a link at and after its expiry, and only then', () => {
    const token = signCsatLink(KEY, CLAIMS);
    expect(verifyCsatLink(KEY, token, CLAIMS.expiresAt - 1).ok).toBe(true);
    expect(verifyCsatLink(KEY, token, CLAIMS.expiresAt)).toEqual({ ok: false, reason: 'expired' });
  });

  it.each(['', 'abc', 'a.b.c', 'not base64!.sig', '.sig', 'payload.'])('refuses %j as malformed', (token) => {
    expect(verifyCsatLink(KEY, token, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses a correctly signed payload that is not a rating link', () => {
    const payload = Buffer.from(JSON.stringify({ w: 'x', c: CLAIMS.conversationId, a: null, e: 1 })).toString(
      'base64url',
    );
    // Signed with the right key, the payload still fails its shape check.
    const resigned = `${payload}.${createHmac('sha256', KEY).update(payload).digest('base64url')}`;
    expect(verifyCsatLink(KEY, resigned, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });
});
