import { isPlausibleEmail } from './email-address';

describe('isPlausibleEmail', () => {
  it('accepts ordinary addresses', () => {
    expect(isPlausibleEmail('ann@example.com')).toBe(true);
    expect(isPlausibleEmail(' ann.lee+chat@mail.example.co.uk ')).toBe(true);
  });

  it('rejects what cannot be an address', () => {
    for (const value of ['', 'ann', 'ann@', '@example.com', 'ann@example', 'ann @example.com', 'a@b.c']) {
      expect(isPlausibleEmail(value)).toBe(false);
    }
    expect(isPlausibleEmail(`${'a'.repeat(250)}@example.com`)).toBe(false);
  });
});
