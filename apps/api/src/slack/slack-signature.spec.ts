import { checkSlackSignature, slackSignature } from './slack-signature';

describe('checkSlackSignature', () => {
  const secret = '8f742231b10e8888abcd99yyyzzz85a5';
  // The worked example of https://api.slack.com/authentication/verifying-requests-from-slack
  const body =
    'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
  const timestamp = '1531420618';
  const expected = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

  it('computes the signature of Slack worked example', () => {
    expect(slackSignature(secret, timestamp, body)).toBe(expected);
  });

  const check = (overrides: Partial<Parameters<typeof checkSlackSignature>[0]>) =>
    checkSlackSignature({
      signingSecret: secret,
      timestamp,
      signature: expected,
      rawBody: Buffer.from(body),
      nowSeconds: Number(timestamp) + 10,
      ...overrides,
    });

  it('accepts a valid signature within five minutes', () => {
    expect(check({})).toBe('valid');
  });

  it('refuses a tampered body, a wrong secret and a missing header', () => {
    expect(check({ rawBody: Buffer.from(`${body}x`) })).toBe('mismatch');
    expect(check({ signingSecret: 'other' })).toBe('mismatch');
    expect(check({ signature: undefined })).toBe('missing');
    expect(check({ timestamp: 'abc' })).toBe('missing');
  });

  it('refuses a timestamp more than five minutes away, either way', () => {
    expect(check({ nowSeconds: Number(timestamp) + 301 })).toBe('stale');
    expect(check({ nowSeconds: Number(timestamp) - 301 })).toBe('stale');
    expect(check({ nowSeconds: Number(timestamp) + 300 })).toBe('valid');
  });
});
