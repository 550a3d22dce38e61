import { DocumentParseError } from './document-parse.error';
import { inlineMarkdownToText, markdownToDocument, parseMarkdown } from './markdown.parser';

const parse = (markdown: string, fileName?: string, title?: string) =>
  parseMarkdown(Buffer.from(markdown, 'utf8'), fileName, { title });

describe('parseMarkdown', () => {
  it('splits on ATX headings and keeps the heading path by level', async () => {
    const doc = await parse(
      [
        '# Help Centre',
        'Welcome.',
        '## Billing',
        'Invoices are monthly.',
        '#### Refunds ####',
        'Within 30 days.',
        '### Taxes',
        'VAT is included.',
        '## Shipping',
        'Two days.',
        '# Legal',
        'Terms apply.',
      ].join('\n'),
    );

    expect(doc.title).toBe('Help Centre');
    expect(doc.sections).toEqual([
      { headingPath: ['Help Centre'], text: 'Welcome.' },
      { headingPath: ['Help Centre', 'Billing'], text: 'Invoices are monthly.' },
      { headingPath: ['Help Centre', 'Billing', 'Refunds'], text: 'Within 30 days.' },
      { headingPath: ['Help Centre', 'Billing', 'Taxes'], text: 'VAT is included.' },
      { headingPath: ['Help Centre', 'Shipping'], text: 'Two days.' },
      { headingPath: ['Legal'], text: 'Terms apply.' },
    ]);
  });

  it('keeps text before the first heading with an empty heading path', async () => {
    const doc = await parse('Preamble line.\n\n# Title\n\nBody.');
    expect(doc.sections[0]).toEqual({ headingPath: [], text: 'Preamble line.' });
  });

  it('recognises setext headings, but not a thematic break after a blank line', async () => {
    const doc = await parse('Guide\n=====\n\nIntro.\n\nSetup\n-----\n\nInstall it.\n\n---\n\nStill setup.\n\n***\n');

    expect(doc.title).toBe('Guide');
    expect(doc.sections).toEqual([
      { headingPath: ['Guide'], text: 'Intro.' },
      { headingPath: ['Guide', 'Setup'], text: 'Install it.\n\nStill setup.' },
    ]);
  });

  it('keeps fenced code as text and does not read headings inside it', async () => {
    const doc = await parse(
      '# Config\n\n```yaml\n# a comment, not a heading\nport: 8080\n```\n\n~~~\n## nor this\n~~~\n\nAfter.',
    );

    expect(doc.sections).toHaveLength(1);
    expect(doc.sections[0].headingPath).toEqual(['Config']);
    expect(doc.sections[0].text).toBe('# a comment, not a heading\nport: 8080\n\n## nor this\n\nAfter.');
  });

  it('honours a front-matter title and drops the front matter', async () => {
    const doc = await parse('---\nlayout: page\ntitle: "Returns & Refunds"\n---\n# Returns\n\nSend it back.');

    expect(doc.title).toBe('Returns & Refunds');
    expect(doc.sections).toEqual([{ headingPath: ['Returns'], text: 'Send it back.' }]);
  });

  it('takes the title from the first H1, then the provided title, then the file name', async () => {
    expect((await parse('## Only H2\n\nx', 'docs/faq-page.md', 'Given')).title).toBe('Given');
    expect((await parse('## Only H2\n\nx', 'docs/faq-page.md')).title).toBe('faq-page');
    expect((await parse('# First\n\n# Second', 'f.md', 'Given')).title).toBe('First');
    expect((await parse('no headings')).title).toBe('Untitled');
  });

  it('cleans inline syntax but keeps link text and list items', async () => {
    const doc = await parse(
      [
        'Read **the guide** and _the FAQ_ on [our site](https://example.com/a_(b) "Site"), not ![logo](logo.png).',
        'Use `npm run build`, keep snake_case_names and 2 * 3 * 4, write \\*literally\\*.',
        'Mail <support@example.com> or see <https://example.com>; a &amp; b &#169;.',
        '<span class="x">inline html</span> ~~gone~~ stays.',
        '',
        '* star item',
        '+ plus item',
        '- [x] done item',
        '3. ordered item',
      ].join('\n'),
    );

    expect(doc.sections[0].text).toBe(
      [
        'Read the guide and the FAQ on our site, not.',
        'Use npm run build, keep snake_case_names and 2 * 3 * 4, write *literally*.',
        'Mail support@example.com or see https://example.com; a & b ©.',
        'inline html gone stays.',
        '',
        '- star item',
        '- plus item',
        '- done item',
        '3. ordered item',
      ].join('\n'),
    );
  });

  it('turns table rows into pipe-separated lines and drops delimiter rows', async () => {
    const doc = await parse('| Plan | Price |\n|------|------:|\n| Pro | $10 |');
    expect(doc.sections[0].text).toBe('Plan | Price\nPro | $10');
  });

  it('drops sections that have a heading but no text', async () => {
    const doc = await parse('# Manual\n## Empty\n## Full\nText.\n## Also empty\n');
    expect(doc.sections).toEqual([{ headingPath: ['Manual', 'Full'], text: 'Text.' }]);
  });

  it('handles CRLF line endings and a byte-order mark', async () => {
    const doc = await parseMarkdown(Buffer.from('\uFEFF# Title\r\n\r\nLine one.\r\nLine two.\r\n'));
    expect(doc).toEqual({ title: 'Title', sections: [{ headingPath: ['Title'], text: 'Line one.\nLine two.' }] });
  });

  it('rejects binary data with a DocumentParseError', async () => {
    await expect(parseMarkdown(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]), 'x.md')).rejects.toThrow(
      DocumentParseError,
    );
  });

  it('prefers a preferred title over the first H1 (used for an HTML <title>)', () => {
    expect(markdownToDocument('# Heading\n\nx', { preferredTitle: 'Page title' }).title).toBe('Page title');
  });
});

describe('inlineMarkdownToText', () => {
  it.each([
    ['***both***', 'both'],
    ['__strong__ and *em*', 'strong and em'],
    ['[text][ref] and [x]', 'text and [x]'],
    ['\\# not a heading', '# not a heading'],
    ['a <br> b', 'a b'],
  ])('%s → %s', (input, expected) => {
    expect(inlineMarkdownToText(input)).toBe(expected);
  });
});
