import { MalformedEmailError, bouncedMessageIds, parseInboundEmail } from './email-parser';

const mail = (lines: string[]) => Buffer.from(lines.join('\r\n'));

describe('parseInboundEmail', () => {
  it('reads threading headers, recipients, the stripped question and attachments', async () => {
    const parsed = await parseInboundEmail(
      mail([
        'From: "Jane Doe" <Jane@Example.com>',
        'To: support+c0123456789abcdef0123456789abcdef@acme.example',
        'Subject: Re: Refunds',
        'Message-ID: <m2@example.com>',
        'In-Reply-To: <sb.x@acme.example>',
        'References: <m1@example.com> <sb.x@acme.example>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'And shipping?',
        '',
        'On Monday Acme wrote:',
        '> old',
        '--b1',
        'Content-Type: text/plain; name="note.txt"',
        'Content-Disposition: attachment; filename="note.txt"',
        '',
        'hello',
        '--b1--',
        '',
      ]),
    );
    expect(parsed).toMatchObject({
      messageId: '<m2@example.com>',
      inReplyTo: '<sb.x@acme.example>',
      references: ['<m1@example.com>', '<sb.x@acme.example>'],
      subject: 'Re: Refunds',
      from: { address: 'jane@example.com', name: 'Jane Doe' },
      replyTo: 'jane@example.com',
      recipients: ['support+c0123456789abcdef0123456789abcdef@acme.example'],
      question: 'And shipping?',
    });
    expect(parsed.attachments).toEqual([
      expect.objectContaining({ name: 'note.txt', contentType: 'text/plain', size: 5 }),
    ]);
  });

  it('gives a mail without a Message-ID a stable content id', async () => {
    const raw = mail(['From: a@example.com', 'Subject: hi', '', 'question']);
    const [first, second] = await Promise.all([parseInboundEmail(raw), parseInboundEmail(raw)]);
    expect(first.messageId).toMatch(/^<sha256\.[0-9a-f]{64}@switchboard>$/);
    expect(second.messageId).toBe(first.messageId);
  });

  it.each([
    ['no header block', 'this is not an e-mail at all\r\n'],
    ['no From', 'Subject: hi\r\n\r\nbody'],
    ['a multipart without a boundary', 'From: a@example.com\r\nContent-Type: multipart/mixed\r\n\r\nbody'],
    ['a boundary that never occurs', 'From: a@example.com\r\nContent-Type: multipart/mixed; boundary=zz\r\n\r\nbody'],
  ])('refuses %s', async (_what, raw) => {
    await expect(parseInboundEmail(Buffer.from(raw))).rejects.toBeInstanceOf(MalformedEmailError);
  });

  it('finds the returned Message-ID in a bounce', async () => {
    const raw = mail([
      'From: MAILER-DAEMON@mx.example.com',
      'Message-ID: <bounce1@mx.example.com>',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
      '',
      '--r',
      'Content-Type: message/delivery-status',
      '',
      'Status: 5.1.1',
      '--r',
      'Content-Type: text/rfc822-headers',
      '',
      'Message-ID: <sb.11111111-2222-3333-4444-555555555555.0123456789abcdef0123456789abcdef@acme.example>',
      '--r--',
    ]);
    expect(bouncedMessageIds(raw, await parseInboundEmail(raw))).toEqual([
      '<sb.11111111-2222-3333-4444-555555555555.0123456789abcdef0123456789abcdef@acme.example>',
    ]);
  });
});
