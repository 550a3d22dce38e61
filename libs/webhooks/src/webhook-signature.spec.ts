import { createHmac } from 'node:crypto';
import { newWebhookSecret, signatureHeader, signatureOf, verifySignature } from './webhook-signature';

const BODY = '{"id":"e1","type":"message.created","version":1}';
const T = 1_800_000_000;

describe('webhook signatures', () => {
  it('signs "<t>.<body>" with HMAC-SHA256 under the secret, as hex', () => {
    const expected = createHmac('sha256', 'whsec_test').update(`${T}.${BODY}`).digest('hex');
    expect(signatureOf('whsec_test', T, BODY)).toBe(expected);
    expect(signatureHeader(['whsec_test'], T, BODY)).toBe(`t=${T},v1=${expected}`);
  });

  it('carries one v1 per secret during a rotation, the new one first, and each verifies on its own', () => {
    const header = signatureHeader(['whsec_new', 'whsec_old'], T, BODY);
    expect(header).toBe(`t=${T},v1=${signatureOf('whsec_new', T, BODY)},v1=${signatureOf('whsec_old', T, BODY)}`);
    expect(verifySignature(header, BODY, 'whsec_new', { now: T })).toBe(true);
    expect(verifySignature(header, BODY, 'whsec_old', { now: T })).toBe(true);
    expect(verifySignature(header, BODY, 'whsec_other', { now: T })).toBe(false);
  });

  it('refuses a changed body, a stale timestamp and a malformed header', () => {
    const header = signatureHeader(['whsec_test'], T, BODY);
    expect(verifySignature(header, `${BODY} `, 'whsec_test', { now: T })).toBe(false);
    expect(verifySignature(header, BODY, 'whsec_test', { now: T + 301 })).toBe(false);
    expect(verifySignature(header, BODY, 'whsec_test', { now: T + 300 })).toBe(true);
    expect(verifySignature('v1=abc', BODY, 'whsec_test', { now: T })).toBe(false);
    expect(verifySignature(`t=${T},v1=zz`, BODY, 'whsec_test', { now: T })).toBe(false);
  });

  it('makes distinct, prefixed secrets', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[\w-]{43}$/);
    expect(newWebhookSecret()).not.toBe(secret);
  });
});
