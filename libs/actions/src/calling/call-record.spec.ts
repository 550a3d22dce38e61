import { excerptOf, recordedArguments, scrubSecrets, scrubSecretsDeep } from './call-record';

const SECRET = 's3cr3t-"token"';

describe('call records', () => {
  it('scrubs a secret raw and as escaped inside JSON', () => {
    const json = JSON.stringify({ echoed: SECRET });
    expect(json).not.toContain(SECRET);
    expect(scrubSecrets(`${SECRET} ${json}`, [SECRET])).toBe('[secret] {"echoed":"[secret]"}');
  });

  it('scrubs every string of a parsed body', () => {
    expect(scrubSecretsDeep({ a: [`Bearer ${SECRET}`, 3], b: { c: SECRET } }, [SECRET])).toEqual({
      a: ['Bearer [secret]', 3],
      b: { c: '[secret]' },
    });
  });

  it('cuts the excerpt after scrubbing, so no part of a secret is left at the cut', () => {
    const body = Buffer.from(`${'x'.repeat(495)}${SECRET}`);
    expect(excerptOf(body, [SECRET])).toBe(`${'x'.repeat(495)}[secr`);
  });

  it('redacts identity values in the recorded arguments', () => {
    expect(
      recordedArguments({ order_number: 'NW-10482', customer_email: 'maya@example.com' }, ['customer_email'], []),
    ).toEqual({
      order_number: 'NW-10482',
      customer_email: '[verified identity]',
    });
  });
});
