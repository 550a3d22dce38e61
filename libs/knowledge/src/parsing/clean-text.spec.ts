import { cleanDocument, cleanLine, cleanText } from './clean-text';

describe('cleanText', () => {
  it('applies NFKC normalisation', () => {
    expect(cleanText('\uFB01nance \uFF21\uFF22\uFF23 \u2460 e\u0301')).toBe('finance ABC 1 é');
  });

  it('strips control and invisible characters but keeps newlines and word breaks from tabs', () => {
    expect(cleanText('a\u0000b\u0007c\u001Fd\u007Fe\u0085f\u200Bg\uFEFFh\u00ADi')).toBe('abcdefghi');
    expect(cleanText('col1\tcol2\nnext')).toBe('col1 col2\nnext');
  });

  it('collapses runs of spaces, trims lines and keeps at most one blank line', () => {
    expect(cleanText('  one   two \u00A0 three  \n   four\n\n\n\n\nfive\r\n\r\nsix  ')).toBe(
      'one two three\nfour\n\nfive\n\nsix',
    );
  });

  it('treats Unicode line and paragraph separators as newlines', () => {
    expect(cleanText('a\u2028b\u2029c')).toBe('a\nb\nc');
  });
});

describe('cleanLine', () => {
  it('folds a heading onto one line', () => {
    expect(cleanLine('  Refund\n  policy ')).toBe('Refund policy');
  });
});

describe('cleanDocument', () => {
  it('cleans every part and drops sections left without text', () => {
    expect(
      cleanDocument({
        title: ' Guide\n',
        sections: [
          { headingPath: ['A'], text: ' \n\u200B\n ' },
          { headingPath: ['A', ' ', 'B\u00A0 c'], text: 'Body  text' },
        ],
      }),
    ).toEqual({ title: 'Guide', sections: [{ headingPath: ['A', 'B c'], text: 'Body text' }] });
  });
});
