import { porterStem, termIndex, toSparseQuery, toSparseVector, tokenize } from './bm25-sparse';

describe('porterStem', () => {
  it.each([
    ['caresses', 'caress'],
    ['ponies', 'poni'],
    ['ties', 'ti'],
    ['cats', 'cat'],
    ['feed', 'feed'],
    ['agreed', 'agre'],
    ['plastered', 'plaster'],
    ['motoring', 'motor'],
    ['sing', 'sing'],
    ['hopping', 'hop'],
    ['falling', 'fall'],
    ['filing', 'file'],
    ['happy', 'happi'],
    ['sky', 'sky'],
    ['relational', 'relat'],
    ['conditional', 'condit'],
    ['generalization', 'gener'],
    ['connections', 'connect'],
    ['connected', 'connect'],
    ['running', 'run'],
    ['hopefulness', 'hope'],
    ['electrical', 'electr'],
    ['adjustable', 'adjust'],
    ['effective', 'effect'],
    ['adoption', 'adopt'],
    ['probate', 'probat'],
    ['cease', 'ceas'],
    ['controlling', 'control'],
    ['rolling', 'roll'],
    ['passwords', 'password'],
    ['resetting', 'reset'],
    ['refunds', 'refund'],
  ])('stems %s to %s', (word, stem) => {
    expect(porterStem(word)).toBe(stem);
  });

  it('leaves short words, digits and other scripts alone', () => {
    expect(porterStem('is')).toBe('is');
    expect(porterStem('2024')).toBe('2024');
    expect(porterStem('größen')).toBe('größen');
    expect(porterStem('заказы')).toBe('заказы');
  });
});

describe('tokenize', () => {
  it('lowercases, splits on non-word characters, drops stopwords and stems', () => {
    expect(tokenize('How do I reset my Passwords? (Resetting is easy!)')).toEqual([
      'reset',
      'password',
      'reset',
      'easi',
    ]);
  });

  it('keeps digits and splits on punctuation, including apostrophes', () => {
    expect(tokenize("Order #B-1234 won't ship before 2024-05-01")).toEqual([
      'order',
      'b',
      '1234',
      'won',
      'ship',
      '2024',
      '05',
      '01',
    ]);
  });

  it('is Unicode-aware: letters of any script, combining marks kept inside words', () => {
    expect(tokenize('Größe: ÜBERGRÖSSE, заказ 5, नमस्ते दुनिया')).toEqual([
      'größe',
      'übergrösse',
      'заказ',
      '5',
      'नमस्ते',
      'दुनिया',
    ]);
  });

  it('normalises compatibility forms (NFKC) so full-width text matches', () => {
    expect(tokenize('ＲＥＦＵＮＤ policy')).toEqual(tokenize('refund policy'));
  });

  it('drops tokens longer than 40 characters', () => {
    const hash = 'a'.repeat(41);
    expect(tokenize(`token ${hash} ${'b'.repeat(40)}`)).toEqual(['token', 'b'.repeat(40)]);
  });

  it('returns nothing for empty or stopword-only text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('  ... the of and ?! ')).toEqual([]);
  });
});

describe('termIndex', () => {
  it('is 32-bit FNV-1a of the UTF-8 bytes', () => {
    // Published FNV-1a test vectors.
    expect(termIndex('')).toBe(0x811c9dc5);
    expect(termIndex('a')).toBe(0xe40c292c);
    expect(termIndex('foobar')).toBe(0xbf9cf968);
  });

  it('is an unsigned 32-bit integer for any term', () => {
    for (const term of ['reset', 'größe', 'नमस्ते', '🙂']) {
      const index = termIndex(term);
      expect(Number.isInteger(index)).toBe(true);
      expect(index).toBeGreaterThanOrEqual(0);
      expect(index).toBeLessThanOrEqual(0xffffffff);
    }
  });
});

describe('toSparseVector', () => {
  const weight = (tf: number, length: number, k1 = 1.2, b = 0.75, avg = 256): number =>
    (tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * length) / avg));

  it('gives each distinct stem one sorted, unique index with its BM25 term-frequency weight', () => {
    const vector = toSparseVector('Reset the password; resetting passwords resets it.');
    // Terms: reset, password, reset, password, reset → 5 terms.
    expect(vector.indices).toEqual([termIndex('reset'), termIndex('password')].sort((a, b) => a - b));
    const byIndex = new Map(vector.indices.map((index, i) => [index, vector.values[i]]));
    expect(byIndex.get(termIndex('reset'))).toBeCloseTo(weight(3, 5), 10);
    expect(byIndex.get(termIndex('password'))).toBeCloseTo(weight(2, 5), 10);
  });

  it('sorts indices strictly increasing and keeps values aligned', () => {
    const vector = toSparseVector('alpha beta gamma delta epsilon alpha beta alpha');
    expect(vector.indices.length).toBe(vector.values.length);
    for (let i = 1; i < vector.indices.length; i++) expect(vector.indices[i]).toBeGreaterThan(vector.indices[i - 1]);
  });

  it('saturates term frequency and penalises long documents', () => {
    const once = toSparseVector('refund').values[0];
    const many = toSparseVector(Array(20).fill('refund').join(' ')).values[0];
    expect(many).toBeGreaterThan(once);
    expect(many).toBeLessThan(1.2 + 1);
    const short = toSparseVector('refund policy').values[0];
    const long = toSparseVector(`refund ${Array.from({ length: 500 }, (_, i) => `word${i}`).join(' ')}`);
    const longWeight = long.values[long.indices.indexOf(termIndex('refund'))];
    expect(longWeight).toBeLessThan(short);
  });

  it('honours k1, b and avgLength', () => {
    const text = 'refund refund policy';
    const custom = toSparseVector(text, { k1: 2, b: 0, avgLength: 10 });
    const byIndex = new Map(custom.indices.map((index, i) => [index, custom.values[i]]));
    expect(byIndex.get(termIndex('refund'))).toBeCloseTo(weight(2, 3, 2, 0, 10), 10);
  });

  it('is empty for text without terms', () => {
    expect(toSparseVector('the and of')).toEqual({ indices: [], values: [] });
  });
});

describe('toSparseQuery', () => {
  it('weights each distinct term 1, sorted and deduplicated', () => {
    const query = toSparseQuery('reset password reset PASSWORDS');
    expect(query.indices).toEqual([termIndex('reset'), termIndex('password')].sort((a, b) => a - b));
    expect(query.values).toEqual([1, 1]);
  });

  it('shares the document side index space', () => {
    const doc = toSparseVector('How to request a refund');
    for (const index of toSparseQuery('refunds requested').indices) expect(doc.indices).toContain(index);
  });
});
