import { htmlToText, stripQuotedText } from './email-content';

describe('stripQuotedText', () => {
  it('keeps what the customer wrote above a Gmail quote and drops their signature', () => {
    const text = [
      'Thanks! And how long does shipping take?',
      '',
      '-- ',
      'Jane Doe',
      'Acme Corp',
      '',
      'On Mon, 3 Nov 2026 at 10:00, Acme Support <support@acme.example> wrote:',
      '> Refunds reach your card within five working days.',
    ].join('\n');
    expect(stripQuotedText(text)).toBe('Thanks! And how long does shipping take?');
  });

  it('stops at an Outlook header block and a mobile footer', () => {
    expect(
      stripQuotedText('Is it in stock?\r\n\r\nFrom: Support <s@acme.example>\r\nSent: Monday\r\nSubject: Re: x\r\n'),
    ).toBe('Is it in stock?');
    expect(stripQuotedText('Where is my order?\n\nSent from my iPhone')).toBe('Where is my order?');
    expect(stripQuotedText('Hi\n-----Original Message-----\nold text')).toBe('Hi');
  });

  it('handles an attribution wrapped over two lines and interleaved quote lines', () => {
    expect(stripQuotedText('Yes please.\nOn Mon, 3 Nov 2026, Acme Support\n<support@acme.example> wrote:\n> old')).toBe(
      'Yes please.',
    );
    expect(stripQuotedText('> earlier question\nMy answer below the quote')).toBe('My answer below the quote');
  });

  it('keeps a "From:" line that is part of the question, and everything when only a quote is left', () => {
    expect(stripQuotedText('From: my account page the button fails')).toBe('From: my account page the button fails');
    expect(stripQuotedText('> only quoted')).toBe('> only quoted');
  });
});

describe('htmlToText', () => {
  it('drops quoted blocks, tags and decodes entities', () => {
    const html =
      '<html><head><style>p{}</style></head><body><p>Where is my order&nbsp;#42?</p><div>Tom &amp; Co<br>thanks</div>' +
      '<div class="gmail_quote">On Monday you wrote:<blockquote>old</blockquote></div></body></html>';
    expect(htmlToText(html)).toBe('Where is my order #42?\nTom & Co\nthanks');
  });
});
