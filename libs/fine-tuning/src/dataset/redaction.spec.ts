import { Redactor, passesLuhn } from './redaction';

const nobody = { name: null, email: null, attributes: {} };

describe('Redactor', () => {
  it('replaces any e-mail address and counts it', () => {
    const redactor = new Redactor(nobody);
    expect(redactor.redact('Write to ada.l+shoes@example.co.uk or ops@shop.example.')).toBe(
      'Write to [email] or [email].',
    );
    expect(redactor.counts.email).toBe(2);
  });

  it('replaces international and grouped phone numbers but not dates, prices or order numbers', () => {
    const redactor = new Redactor(nobody);
    expect(redactor.redact('Call +1 800 555 0199 or (020) 7946-0958 today.')).toBe('Call [phone] or [phone] today.');
    expect(redactor.redact('Order 48213377 shipped on 2024-05-17 for 129.99 EUR.')).toBe(
      'Order 48213377 shipped on 2024-05-17 for 129.99 EUR.',
    );
    expect(redactor.counts.phone).toBe(2);
  });

  it('replaces Luhn-valid card numbers, grouped or not, and leaves other long numbers', () => {
    const redactor = new Redactor(nobody);
    expect(redactor.redact('My card is 4242 4242 4242 4242, the old one 4000-0566-5566-5556.')).toBe(
      'My card is [card], the old one [card].',
    );
    expect(redactor.redact('Tracking 1234567812345678')).toBe('Tracking 1234567812345678');
    expect(redactor.counts.card).toBe(2);
    expect(passesLuhn('4242424242424242')).toBe(true);
    expect(passesLuhn('1234567812345678')).toBe(false);
  });

  it("replaces the contact's names whole and by part, case-insensitively, but not inside other words", () => {
    const redactor = new Redactor({ name: 'Ada Lovelace', email: null, attributes: { firstName: 'Augusta' } });
    expect(redactor.redact('Hi Ada Lovelace! ada here, also known as AUGUSTA. Canada is far.')).toBe(
      'Hi [name]! [name] here, also known as [name]. Canada is far.',
    );
    expect(redactor.counts.name).toBe(3);
  });

  it("replaces the contact's own e-mail and phone attribute even when written unusually", () => {
    const redactor = new Redactor({ name: null, email: 'Ada@Example.test', attributes: { phone: '0170 1234567' } });
    expect(redactor.redact('It is ada@example.test, phone 0170 1234567.')).toBe('It is [email], phone [phone].');
    expect(redactor.counts).toEqual({ email: 1, phone: 1, card: 0, name: 0 });
  });
});
