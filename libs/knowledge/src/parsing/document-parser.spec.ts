import { DocumentParseError } from './document-parse.error';
import { mediaTypeFor, parseDocument, resolveMediaType, SUPPORTED_MEDIA_TYPES } from './document-parser';
import { buildDocx } from './testing/docx-fixture';
import { buildPdf } from './testing/pdf-fixture';
import { UnsupportedMediaTypeError } from './unsupported-media-type.error';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

describe('parseDocument', () => {
  it.each([
    ['text/markdown', Buffer.from('# Guide\n\n## Step\n\nDo it.'), ['Guide', 'Step']],
    ['text/html', Buffer.from('<h1>Guide</h1><h2>Step</h2><p>Do it.</p>'), ['Guide', 'Step']],
    ['text/plain', Buffer.from('Guide\n\nDo it.'), []],
    ['application/pdf', buildPdf({ title: 'Guide', pages: [['Do it.']] }), []],
    [
      DOCX,
      buildDocx([
        { kind: 'heading1', text: 'Guide' },
        { kind: 'heading2', text: 'Step' },
        { kind: 'paragraph', text: 'Do it.' },
      ]),
      ['Guide', 'Step'],
    ],
  ])('parses %s', async (mediaType, content, headingPath) => {
    const doc = await parseDocument({ content, mediaType });
    expect(doc).toEqual({ title: 'Guide', sections: [{ headingPath, text: 'Do it.' }] });
  });

  it('passes the provided title through to the parser', async () => {
    const doc = await parseDocument({ content: Buffer.from('no title here.'), mediaType: 'text/plain', title: 'FAQ' });
    expect(doc.title).toBe('FAQ');
  });

  it('honours media type parameters such as charset', async () => {
    const content = Buffer.from('<h1>Café</h1><p>Crème brûlée.</p>', 'latin1');
    const doc = await parseDocument({ content, mediaType: 'Text/HTML; charset="ISO-8859-1"' });
    expect(doc.title).toBe('Café');
  });

  it('wraps anything a parser throws in DocumentParseError', async () => {
    const parsing = parseDocument({ content: Buffer.from('garbage'), mediaType: 'application/pdf', fileName: 'x.pdf' });
    await expect(parsing).rejects.toThrow(DocumentParseError);
  });

  it('throws UnsupportedMediaTypeError listing the supported types', async () => {
    const parsing = parseDocument({ content: Buffer.from('x'), mediaType: 'image/png', fileName: 'logo.png' });

    await expect(parsing).rejects.toThrow(UnsupportedMediaTypeError);
    await expect(parsing).rejects.toThrow(
      'Unsupported media type "image/png" (logo.png); supported: text/markdown, text/html, text/plain, ' +
        'application/pdf, application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
  });
});

describe('resolveMediaType', () => {
  it('uses the declared type, ignoring case and parameters, and known aliases', () => {
    expect(resolveMediaType('TEXT/Markdown; charset=utf-8')).toBe('text/markdown');
    expect(resolveMediaType('text/x-markdown')).toBe('text/markdown');
    expect(resolveMediaType('application/xhtml+xml')).toBe('text/html');
  });

  it('falls back to the file extension for generic or unknown types', () => {
    expect(resolveMediaType('application/octet-stream', 'guide.PDF')).toBe('application/pdf');
    expect(resolveMediaType('text/plain', 'README.md')).toBe('text/markdown');
    expect(resolveMediaType('', 'page.htm')).toBe('text/html');
    expect(resolveMediaType('application/x-unknown', 'notes.txt')).toBe('text/plain');
  });

  it('keeps a specific declared type over the extension', () => {
    expect(resolveMediaType('text/html', 'export.md')).toBe('text/html');
    expect(resolveMediaType('text/plain', 'notes.unknown')).toBe('text/plain');
  });

  it('throws when neither the type nor the extension is supported', () => {
    expect(() => resolveMediaType('application/zip', 'archive.zip')).toThrow(UnsupportedMediaTypeError);
    expect(() => resolveMediaType('application/octet-stream')).toThrow(UnsupportedMediaTypeError);
  });
});

describe('mediaTypeFor', () => {
  it('maps extensions case-insensitively', () => {
    expect(mediaTypeFor('a/b/Guide.Markdown')).toBe('text/markdown');
    expect(mediaTypeFor('index.html')).toBe('text/html');
    expect(mediaTypeFor('notes.txt')).toBe('text/plain');
    expect(mediaTypeFor('scan.pdf')).toBe('application/pdf');
    expect(mediaTypeFor('policy.docx')).toBe(DOCX);
    expect(mediaTypeFor('legacy.doc')).toBeUndefined();
    expect(mediaTypeFor('Makefile')).toBeUndefined();
  });

  it('covers exactly the supported media types', () => {
    const reachable = new Set(['x.md', 'x.html', 'x.txt', 'x.pdf', 'x.docx'].map(mediaTypeFor));
    expect([...reachable].sort()).toEqual([...SUPPORTED_MEDIA_TYPES].sort());
  });
});
