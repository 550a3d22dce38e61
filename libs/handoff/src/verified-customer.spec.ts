import { verifiedCustomerOf } from './customer-turn.service';

describe('verifiedCustomerOf', () => {
  it('takes a widget user the host page proved (externalId), with the e-mail only when the id is one', () => {
    expect(verifiedCustomerOf('widget', { email: null, externalId: 'Maya@Example.com' })).toEqual({
      email: 'maya@example.com',
      userId: 'Maya@Example.com',
    });
    expect(verifiedCustomerOf('widget', { email: null, externalId: 'u-123' })).toEqual({
      email: null,
      userId: 'u-123',
    });
  });

  it('never takes an e-mail a widget visitor typed (the offline form) as verified', () => {
    expect(verifiedCustomerOf('widget', { email: 'typed@example.com', externalId: null })).toBeNull();
  });

  it("takes an e-mail's sender address", () => {
    expect(verifiedCustomerOf('email', { email: 'sender@example.com', externalId: null })).toEqual({
      email: 'sender@example.com',
      userId: null,
    });
  });

  it('takes the Slack user who wrote the message, without an e-mail', () => {
    expect(verifiedCustomerOf('slack', { email: null, externalId: null }, 'U024BE7LH')).toEqual({
      email: null,
      userId: 'U024BE7LH',
    });
    expect(verifiedCustomerOf('slack', null, null)).toBeNull();
  });
});
