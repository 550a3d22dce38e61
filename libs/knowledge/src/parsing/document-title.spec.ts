import { pickTitle, splitTitleLine, titleFromFileName } from './document-title';

describe('document titles', () => {
  it('derives a title from a file name without its directory or extension', () => {
    expect(titleFromFileName('docs/Refund Policy.v2.md')).toBe('Refund Policy.v2');
    expect(titleFromFileName('C:\\Users\\me\\FAQ.docx')).toBe('FAQ');
    expect(titleFromFileName(undefined)).toBeUndefined();
  });

  it('picks the first non-blank candidate, else "Untitled"', () => {
    expect(pickTitle(undefined, '  ', 'Second', 'Third')).toBe('Second');
    expect(pickTitle(undefined, '')).toBe('Untitled');
  });

  it('splits off a title-like first line only when text follows', () => {
    expect(splitTitleLine('\n\nShipping\n\nWe ship daily.')).toEqual({ title: 'Shipping', body: '\nWe ship daily.' });
    expect(splitTitleLine('We ship daily.\nFast.')).toEqual({ body: 'We ship daily.\nFast.' });
    expect(splitTitleLine('Shipping')).toEqual({ body: 'Shipping' });
  });
});
