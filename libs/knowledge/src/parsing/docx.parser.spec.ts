import { DocumentParseError } from './document-parse.error';
import { parseDocx } from './docx.parser';
import { buildDocx } from './testing/docx-fixture';
import { writeZip } from './testing/zip-writer';

describe('parseDocx', () => {
  it('keeps Heading 1/2 structure, takes the Title style as the title and keeps list items', async () => {
    const docx = buildDocx([
      { kind: 'title', text: 'Employee Handbook' },
      { kind: 'paragraph', text: 'Read this first.' },
      { kind: 'heading1', text: 'Leave' },
      { kind: 'paragraph', text: 'You get 25 days a year.' },
      { kind: 'heading2', text: 'Sick leave' },
      { kind: 'paragraph', text: 'If you are ill:' },
      { kind: 'bullet', text: 'Call your manager' },
      { kind: 'bullet', text: 'Send a note within 3 days' },
      { kind: 'heading2', text: 'Parental leave' },
      { kind: 'numbered', text: 'Tell HR' },
      { kind: 'numbered', text: 'Agree the dates' },
      { kind: 'heading1', text: 'Expenses & travel' },
      { kind: 'paragraph', text: 'Keep receipts <always>.' },
    ]);

    const doc = await parseDocx(docx, 'handbook.docx');

    expect(doc).toEqual({
      title: 'Employee Handbook',
      sections: [
        { headingPath: [], text: 'Read this first.' },
        { headingPath: ['Leave'], text: 'You get 25 days a year.' },
        {
          headingPath: ['Leave', 'Sick leave'],
          text: 'If you are ill:\n\n- Call your manager\n- Send a note within 3 days',
        },
        { headingPath: ['Leave', 'Parental leave'], text: '1. Tell HR\n2. Agree the dates' },
        { headingPath: ['Expenses & travel'], text: 'Keep receipts <always>.' },
      ],
    });
  });

  it('falls back to the first Heading 1, then the provided title, then the file name', async () => {
    const withHeading = buildDocx([
      { kind: 'heading1', text: 'Onboarding' },
      { kind: 'paragraph', text: 'Hi.' },
    ]);
    const withoutHeading = buildDocx([{ kind: 'paragraph', text: 'Just text.' }]);

    expect((await parseDocx(withHeading, 'a.docx', { title: 'Given' })).title).toBe('Onboarding');
    expect((await parseDocx(withoutHeading, 'a.docx', { title: 'Given' })).title).toBe('Given');
    expect((await parseDocx(withoutHeading, 'files/notes.docx')).title).toBe('notes');
  });

  it.each([
    ['not a zip', Buffer.from('definitely not a docx')],
    ['a zip without word/document.xml', writeZip([{ name: 'readme.txt', content: 'hello' }])],
    ['a truncated zip', buildDocx([{ kind: 'paragraph', text: 'x' }]).subarray(0, 200)],
    ['an empty file', Buffer.alloc(0)],
  ])('throws DocumentParseError for %s', async (_case, input) => {
    const parsing = parseDocx(input, 'broken.docx');
    await expect(parsing).rejects.toThrow(DocumentParseError);
    await expect(parsing).rejects.toThrow(/^broken\.docx: DOCX: /);
  });
});
