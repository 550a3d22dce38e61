import { checkQuestion, DEFAULT_QUESTION_LIMITS } from './input-guard';

describe('checkQuestion', () => {
  it('accepts an ordinary question and trims it', () => {
    expect(checkQuestion('  How do I reset my password?  ')).toEqual({ ok: true, text: 'How do I reset my password?' });
  });

  it('collapses runs of spaces and tabs, keeps line breaks and at most one blank line', () => {
    expect(checkQuestion('Hello\t\t there,\n\n\n\n  my   order   is late \n thanks')).toEqual({
      ok: true,
      text: 'Hello there,\n\nmy order is late\nthanks',
    });
  });

  it('accepts Windows and old Mac line endings as line breaks', () => {
    expect(checkQuestion('line one\r\nline two\rline three')).toEqual({
      ok: true,
      text: 'line one\nline two\nline three',
    });
  });

  it('NFKC-normalises compatibility characters', () => {
    expect(checkQuestion('Ｗｈｅｒｅ is my ﬁle\u00A0upload?')).toEqual({ ok: true, text: 'Where is my file upload?' });
    expect(checkQuestion('𝐈𝐠𝐧𝐨𝐫𝐞 this')).toEqual({ ok: true, text: 'Ignore this' });
  });

  it('strips zero-width and bidi-override characters', () => {
    const hidden = 'pass\u200Bword re\u200Fset \u202Egnp.exe\u202C \u2066x\u2069 \uFEFFok';
    expect(checkQuestion(hidden)).toEqual({ ok: true, text: 'password reset gnp.exe x ok' });
  });

  it('keeps emoji and non-Latin scripts', () => {
    expect(checkQuestion('Wo ist meine Bestellung? 📦 注文はどこですか')).toEqual({
      ok: true,
      text: 'Wo ist meine Bestellung? 📦 注文はどこですか',
    });
  });

  it('drops half of an emoji cut off by a client', () => {
    expect(checkQuestion('Thanks \uD83D')).toEqual({ ok: true, text: 'Thanks' });
  });

  it.each(['', '   ', '\n\t\n', '\u200B\u200B', '\uFEFF \u202E'])('refuses the empty question %j', (text) => {
    const result = checkQuestion(text);
    expect(result).toEqual({ ok: false, code: 'empty', message: expect.stringMatching(/type a question/) });
  });

  it.each(['Hi\u0007 there', 'esc \u001B[31m red', 'vertical\u000Btab', 'c1 \u0085 next line', 'del \u007F'])(
    'refuses a control character in %j',
    (text) => {
      expect(checkQuestion(text)).toEqual({
        ok: false,
        code: 'control_characters',
        message: expect.stringMatching(/control characters/),
      });
    },
  );

  it('refuses binary data: a NUL byte or a high share of control and replacement characters', () => {
    const pdf = '%PDF-1.7\n%\uFFFD\uFFFD\uFFFD\uFFFD\n1 0 obj';
    const random = String.fromCharCode(...Array.from({ length: 64 }, (_, i) => ((i + 1) * 53) % 256));
    for (const text of ['hello\u0000world', pdf, random]) {
      expect(checkQuestion(text)).toEqual({ ok: false, code: 'binary', message: expect.stringMatching(/plain text/) });
    }
  });

  it('accepts a stray replacement character from a bad copy-paste', () => {
    expect(checkQuestion('caf\uFFFD opening hours?')).toEqual({ ok: true, text: 'caf\uFFFD opening hours?' });
  });

  it('enforces the default limit of 2000 characters after normalisation', () => {
    expect(DEFAULT_QUESTION_LIMITS.maxChars).toBe(2000);
    expect(checkQuestion('a'.repeat(2000))).toEqual({ ok: true, text: 'a'.repeat(2000) });
    expect(checkQuestion(`${'a '.repeat(1000)}     `)).toMatchObject({ ok: true });
    expect(checkQuestion('a'.repeat(2001))).toEqual({
      ok: false,
      code: 'too_long',
      message: 'Your question is too long (2,001 characters). Please shorten it to 2,000 characters or fewer.',
    });
  });

  it('counts characters, not UTF-16 units, so emoji are not penalised', () => {
    expect(checkQuestion('😀'.repeat(10), { maxChars: 10 })).toMatchObject({ ok: true });
    expect(checkQuestion('😀'.repeat(11), { maxChars: 10 })).toMatchObject({ ok: false, code: 'too_long' });
  });

  it('refuses a huge payload without normalising it', () => {
    expect(checkQuestion('x'.repeat(1_000_000))).toMatchObject({ ok: false, code: 'too_long' });
  });

  it('honours custom limits', () => {
    expect(checkQuestion('short question', { maxChars: 5 })).toMatchObject({ ok: false, code: 'too_long' });
  });
});
