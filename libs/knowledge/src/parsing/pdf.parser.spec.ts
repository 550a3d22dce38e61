import { DocumentParseError } from './document-parse.error';
import { parsePdf } from './pdf.parser';
import { buildPdf } from './testing/pdf-fixture';

describe('parsePdf', () => {
  it('extracts the text of every page and takes the title from the metadata', async () => {
    const pdf = buildPdf({
      title: 'Shipping Handbook',
      pages: [
        ['Delivery times', 'Orders ship within two days.'],
        ['Returns (page two)', 'Use the prepaid label.'],
      ],
    });

    const doc = await parsePdf(pdf, 'handbook.pdf');

    expect(doc).toEqual({
      title: 'Shipping Handbook',
      sections: [
        {
          headingPath: [],
          text: 'Delivery times\nOrders ship within two days.\n\nReturns (page two)\nUse the prepaid label.',
        },
      ],
    });
  });

  it('takes the title from the first line when the metadata has none, and joins hyphenated line breaks', async () => {
    const pdf = buildPdf({ pages: [['Warranty terms', 'Repairs are free of charge for inter-', 'national orders.']] });

    const doc = await parsePdf(pdf, 'warranty.pdf');

    expect(doc.title).toBe('Warranty terms');
    expect(doc.sections[0].text).toBe('Repairs are free of charge for international orders.');
  });

  it('ignores placeholder metadata titles and prefers a provided title over the first line', async () => {
    const pdf = buildPdf({ title: 'Microsoft Word - draft3.docx', pages: [['Heading line', 'Body text.']] });

    expect((await parsePdf(pdf, 'doc.pdf')).title).toBe('Heading line');
    const provided = await parsePdf(pdf, 'doc.pdf', { title: 'Price list' });
    expect(provided).toEqual({
      title: 'Price list',
      sections: [{ headingPath: [], text: 'Heading line\nBody text.' }],
    });
  });

  it.each([
    ['not a PDF at all', Buffer.from('hello, I am plain text')],
    ['a PDF header followed by garbage', Buffer.from('%PDF-1.7\n\u0001\u0002 garbage (((( <<<< >>')],
    ['a truncated PDF', buildPdf({ pages: [['Some text']] }).subarray(0, 120)],
    ['an empty file', Buffer.alloc(0)],
  ])('throws DocumentParseError for %s', async (_case, input) => {
    await expect(parsePdf(input, 'broken.pdf')).rejects.toThrow(DocumentParseError);
    await expect(parsePdf(input, 'broken.pdf')).rejects.toThrow(/^broken\.pdf: PDF: /);
  });

  it('gives up with a DocumentParseError when extraction exceeds its time budget', async () => {
    const pdf = buildPdf({ pages: [['Slow']] });
    await expect(parsePdf(pdf, 'slow.pdf', { timeoutMs: 1 })).rejects.toThrow(
      'slow.pdf: PDF: extraction timed out after 1 ms',
    );
  });
});
