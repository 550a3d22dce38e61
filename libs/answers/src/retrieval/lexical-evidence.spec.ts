import { tokenize } from '@switchboard/vector-store';
import { LexicalEvidence } from './lexical-evidence';

// Four candidates: "refund" is in every one, "warranti" in one, "shipping" in two.
const CANDIDATES = [
  ['refund', 'polici', 'day'],
  ['refund', 'warranti', 'claim', 'form'],
  ['refund', 'ship', 'cost'],
  ['refund', 'ship', 'time', 'europ', 'week'],
];

describe('LexicalEvidence: idf', () => {
  const evidence = new LexicalEvidence(CANDIDATES);

  it('uses the smoothed formula ln(1 + (N - df + 0.5) / (df + 0.5))', () => {
    expect(evidence.idf('warranti')).toBeCloseTo(Math.log(1 + 3.5 / 1.5), 12);
    expect(evidence.idf('ship')).toBeCloseTo(Math.log(1 + 2.5 / 2.5), 12);
    expect(evidence.idf('refund')).toBeCloseTo(Math.log(1 + 0.5 / 4.5), 12);
  });

  it('weighs a rare term above a common one', () => {
    expect(evidence.idf('warranti')).toBeGreaterThan(evidence.idf('ship'));
    expect(evidence.idf('ship')).toBeGreaterThan(evidence.idf('refund'));
  });

  it('keeps a term found in every candidate positive, never zero or negative', () => {
    expect(evidence.idf('refund')).toBeGreaterThan(0);
  });

  it('treats an unseen term as rarer than any seen one', () => {
    expect(evidence.idf('unseen')).toBeCloseTo(Math.log(1 + 4.5 / 0.5), 12);
    expect(evidence.idf('unseen')).toBeGreaterThan(evidence.idf('warranti'));
  });

  it('counts a term repeated inside one candidate as one document', () => {
    const repeated = new LexicalEvidence([['refund', 'refund', 'refund'], ['ship']]);
    const once = new LexicalEvidence([['refund'], ['ship']]);
    expect(repeated.idf('refund')).toBe(once.idf('refund'));
  });

  it('gives an empty candidate set a finite idf and an average length of zero', () => {
    const empty = new LexicalEvidence([]);
    expect(empty.idf('anything')).toBeCloseTo(Math.log(1 + 1.5 / 0.5), 12);
    expect(empty.averageLength).toBe(0);
  });

  it('reports the average candidate length in terms', () => {
    expect(evidence.averageLength).toBe((3 + 4 + 3 + 5) / 4);
  });
});

describe('LexicalEvidence: coverage', () => {
  const evidence = new LexicalEvidence(CANDIDATES);

  it('is 1 when every query term is in the text and 0 when none is', () => {
    expect(evidence.coverage(['refund', 'ship'], ['ship', 'refund', 'cost'])).toBe(1);
    expect(evidence.coverage(['refund', 'ship'], ['warranti', 'claim'])).toBe(0);
  });

  it('weighs each found term by its idf', () => {
    const idfRare = evidence.idf('warranti');
    const idfCommon = evidence.idf('refund');
    expect(evidence.coverage(['warranti', 'refund'], ['warranti'])).toBeCloseTo(idfRare / (idfRare + idfCommon), 12);
    expect(evidence.coverage(['warranti', 'refund'], ['refund'])).toBeCloseTo(idfCommon / (idfRare + idfCommon), 12);
  });

  it('rates a text holding the rare query term above one holding only the common term', () => {
    const query = ['warranti', 'refund'];
    expect(evidence.coverage(query, ['warranti'])).toBeGreaterThan(0.5);
    expect(evidence.coverage(query, ['refund'])).toBeLessThan(0.5);
  });

  it('counts a repeated query term once', () => {
    expect(evidence.coverage(['warranti', 'warranti', 'warranti', 'refund'], ['refund'])).toBe(
      evidence.coverage(['warranti', 'refund'], ['refund']),
    );
  });

  it('does not reward a text for repeating a term', () => {
    expect(evidence.coverage(['warranti', 'refund'], ['refund', 'refund', 'refund'])).toBe(
      evidence.coverage(['warranti', 'refund'], ['refund']),
    );
  });

  it('tokenizes a string text the same way as the candidates (case, stop words, stemming)', () => {
    const query = tokenize('How do I reset my password?');
    expect(evidence.coverage(query, 'Resetting your PASSWORDS')).toBe(1);
    expect(evidence.coverage(query, 'Resetting your PASSWORDS')).toBe(
      evidence.coverage(query, tokenize('Resetting your PASSWORDS')),
    );
  });

  it('takes a token array as it is, without tokenizing it again', () => {
    // "passwords" is not the stem "password": an array is trusted to be tokenized already.
    expect(evidence.coverage(['password'], ['passwords'])).toBe(0);
    expect(evidence.coverage(['password'], 'passwords')).toBe(1);
  });

  it('is 0 for an empty query', () => {
    expect(evidence.coverage([], ['refund', 'ship'])).toBe(0);
    expect(evidence.coverage([], 'refund shipping')).toBe(0);
  });

  it('is 0 for an empty text', () => {
    expect(evidence.coverage(['refund'], [])).toBe(0);
    expect(evidence.coverage(['refund'], '')).toBe(0);
  });

  it('stays within [0, 1] for partly covered queries', () => {
    const query = ['refund', 'ship', 'warranti', 'unseen'];
    for (const text of CANDIDATES) {
      const value = evidence.coverage(query, text);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
  });
});

describe('LexicalEvidence: bm25', () => {
  // Every candidate is 4 terms long, so a 4-term text has the average length.
  const evidence = new LexicalEvidence([
    ['refund', 'a', 'b', 'c'],
    ['ship', 'd', 'e', 'f'],
    ['ship', 'g', 'h', 'i'],
    ['cost', 'j', 'k', 'l'],
  ]);
  const bm25Term = (idf: number, tf: number, length: number, averageLength: number) =>
    (idf * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * length) / averageLength));

  it('is 0 when the text shares no term with the query', () => {
    expect(evidence.bm25(['refund', 'ship'], ['cost', 'x', 'y', 'z'])).toBe(0);
  });

  it('is 0 for an empty text or an empty query', () => {
    expect(evidence.bm25(['refund'], [])).toBe(0);
    expect(evidence.bm25([], ['refund', 'x', 'y', 'z'])).toBe(0);
  });

  it('scores a single occurrence at average length as exactly the idf (k1 1.2, b 0.75)', () => {
    expect(evidence.bm25(['refund'], ['refund', 'x', 'y', 'z'])).toBeCloseTo(evidence.idf('refund'), 12);
  });

  it('matches the BM25 formula for a given term frequency and length', () => {
    const text = ['ship', 'ship', 'x', 'y', 'z', 'w'];
    expect(evidence.bm25(['ship'], text)).toBeCloseTo(bm25Term(evidence.idf('ship'), 2, 6, 4), 12);
  });

  it('rises with term frequency at a fixed length, with diminishing returns, staying below idf × (k1 + 1)', () => {
    const idf = evidence.idf('refund');
    const withFrequency = (tf: number) => [...Array<string>(tf).fill('refund'), ...Array<string>(8 - tf).fill('x')];
    const [one, two, four, eight] = [1, 2, 4, 8].map((tf) => evidence.bm25(['refund'], withFrequency(tf)));
    expect(two).toBeGreaterThan(one);
    expect(four).toBeGreaterThan(two);
    expect(eight).toBeGreaterThan(four);
    // Going from 1 to 2 occurrences gains more than going from 4 to 8.
    expect(two - one).toBeGreaterThan(eight - four);
    expect(evidence.bm25(['refund'], Array<string>(1000).fill('refund'))).toBeLessThan(idf * 2.2);
  });

  it('rates the same term frequency higher in a shorter text', () => {
    const short = evidence.bm25(['refund'], ['refund', 'x']);
    const average = evidence.bm25(['refund'], ['refund', 'x', 'y', 'z']);
    const long = evidence.bm25(['refund'], ['refund', ...Array<string>(15).fill('x')]);
    expect(short).toBeGreaterThan(average);
    expect(average).toBeGreaterThan(long);
    expect(long).toBeCloseTo(bm25Term(evidence.idf('refund'), 1, 16, 4), 12);
  });

  it('adds the contributions of distinct query terms and counts a repeated query term once', () => {
    const text = ['refund', 'ship', 'x', 'y'];
    const both = evidence.bm25(['refund', 'ship'], text);
    expect(both).toBeCloseTo(evidence.bm25(['refund'], text) + evidence.bm25(['ship'], text), 12);
    expect(evidence.bm25(['refund', 'refund', 'ship'], text)).toBe(both);
  });

  it('prefers a rare query term over a common one at equal frequency and length', () => {
    expect(evidence.bm25(['refund'], ['refund', 'x', 'y', 'z'])).toBeGreaterThan(
      evidence.bm25(['ship'], ['ship', 'x', 'y', 'z']),
    );
  });

  it('does not divide by zero when every candidate is empty', () => {
    const empty = new LexicalEvidence([[], []]);
    const score = empty.bm25(['refund'], ['refund']);
    expect(Number.isFinite(score)).toBe(true);
    expect(score).toBeCloseTo(bm25Term(empty.idf('refund'), 1, 1, 1), 12);
  });
});
