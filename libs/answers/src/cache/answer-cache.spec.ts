import { normaliseQuestion } from './answer-cache';

describe('normaliseQuestion', () => {
  it('lowercases, drops punctuation and collapses whitespace', () => {
    expect(normaliseQuestion('  How do I   RESET my password?! ')).toBe('how do i reset my password');
  });

  it('makes differently cased, spaced and punctuated forms of a question meet', () => {
    const forms = [
      'How do I reset my password?',
      'how do i reset my password',
      'HOW DO I RESET MY PASSWORD???',
      '\tHow  do I\nreset my password ?',
      'How, do I reset my password.',
    ];
    expect(new Set(forms.map(normaliseQuestion))).toEqual(new Set(['how do i reset my password']));
  });

  it('turns punctuation inside a word into a space', () => {
    expect(normaliseQuestion("What's the e-mail for returns?")).toBe('what s the e mail for returns');
  });

  it('keeps letters and digits of any script', () => {
    expect(normaliseQuestion('Où est ma commande n°42 ?')).toBe('où est ma commande n 42');
    expect(normaliseQuestion('注文はどこ？')).toBe('注文はどこ');
  });

  it('applies NFKC, so compatibility forms meet their plain letters', () => {
    expect(normaliseQuestion('Ｒｅｓｅｔ ﬁle')).toBe(normaliseQuestion('reset file'));
  });

  it('keeps different questions apart', () => {
    expect(normaliseQuestion('How do I reset my password?')).not.toBe(normaliseQuestion('How do I reset my PIN?'));
  });

  it('gives an empty string for a question of only punctuation and spaces', () => {
    expect(normaliseQuestion(' ?! … ')).toBe('');
  });
});
