import {
  conversationIdFromMessageId,
  inboxAddress,
  messageIdFromMessageId,
  outboundMessageId,
  parseRecipient,
  replyAddress,
  replyReferences,
  replySubject,
} from './email-threading';

const CONVERSATION = '0a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d';
const MESSAGE = '11111111-2222-4333-8444-555555555555';

describe('e-mail threading', () => {
  it('round-trips the conversation token through our Message-IDs and reply addresses', () => {
    const id = outboundMessageId(MESSAGE, CONVERSATION, 'acme.example');
    expect(id).toBe(`<sb.${MESSAGE}.0a1b2c3d4e5f4a7b8c9d0e1f2a3b4c5d@acme.example>`);
    expect(conversationIdFromMessageId(id)).toBe(CONVERSATION);
    expect(messageIdFromMessageId(id)).toBe(MESSAGE);
    expect(conversationIdFromMessageId('<CAF=abc@mail.gmail.com>')).toBe(null);

    const reply = replyAddress('support@acme.example', CONVERSATION);
    expect(reply).toBe('support+c0a1b2c3d4e5f4a7b8c9d0e1f2a3b4c5d@acme.example');
    expect(parseRecipient(reply)).toEqual({
      base: 'support@acme.example',
      local: 'support',
      domain: 'acme.example',
      conversationId: CONVERSATION,
    });
    expect(parseRecipient('Support+news@ACME.example')).toMatchObject({
      base: 'Support@acme.example',
      conversationId: null,
    });
    expect(parseRecipient('no-at-sign')).toBe(null);
  });

  it('addresses an inbox by its setting, else by its public key', () => {
    expect(inboxAddress({ publicKey: 'ib_x', settings: { address: 'help@acme.example' } }, 'sb.test')).toBe(
      'help@acme.example',
    );
    expect(inboxAddress({ publicKey: 'ib_x', settings: {} }, 'sb.test')).toBe('ib_x@sb.test');
  });

  it('writes Re: once and keeps References short', () => {
    expect(replySubject('Refunds')).toBe('Re: Refunds');
    expect(replySubject('RE: Refunds')).toBe('RE: Refunds');
    expect(replySubject('')).toBe('Re: your message');
    expect(replyReferences(['<a>', '<b>'], '<c>')).toEqual(['<a>', '<b>', '<c>']);
    expect(replyReferences(['<a>'], '<a>')).toEqual(['<a>']);
    const long = Array.from({ length: 30 }, (_, i) => `<m${i}>`);
    const capped = replyReferences(long, '<last>');
    expect(capped).toHaveLength(20);
    expect(capped[0]).toBe('<m0>');
    expect(capped[19]).toBe('<last>');
  });
});
