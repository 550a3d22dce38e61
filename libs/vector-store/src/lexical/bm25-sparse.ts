import { tokenize } from './english-tokenizer';

export { ENGLISH_STOPWORDS, MAX_TOKEN_LENGTH, tokenize } from './english-tokenizer';
export { porterStem } from './porter-stemmer';

/** A sparse vector as Qdrant stores it: strictly increasing indices with one value each. */
export interface SparseVector {
  indices: number[];
  values: number[];
}

export interface Bm25Options {
  /** Term-frequency saturation. */
  k1?: number;
  /** Length normalisation strength, 0 (none) to 1 (full). */
  b?: number;
  /** Expected document length in terms; a constant, so a document's vector never depends on the others. */
  avgLength?: number;
}

const DEFAULT_K1 = 1.2;
const DEFAULT_B = 0.75;
const DEFAULT_AVG_LENGTH = 256;

const utf8 = new TextEncoder();

/** 32-bit FNV-1a of the term's UTF-8 bytes: the term's dimension in the sparse space. */
export function termIndex(term: string): number {
  let hash = 0x811c9dc5;
  for (const byte of utf8.encode(term)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function termFrequencies(terms: readonly string[]): Map<number, number> {
  const frequencies = new Map<number, number>();
  for (const term of terms) {
    const index = termIndex(term);
    frequencies.set(index, (frequencies.get(index) ?? 0) + 1);
  }
  return frequencies;
}

function sorted(entries: Map<number, number>): SparseVector {
  const indices = [...entries.keys()].sort((a, b) => a - b);
  return { indices, values: indices.map((index) => entries.get(index) ?? 0) };
}

/**
 * The document side of BM25: per term tf·(k1+1) / (tf + k1·(1 − b + b·len/avgLength)).
 * IDF is left out on purpose: Qdrant applies it at query time from collection statistics (`modifier: "idf"`).
 */
export function toSparseVector(text: string, options: Bm25Options = {}): SparseVector {
  const k1 = options.k1 ?? DEFAULT_K1;
  const b = options.b ?? DEFAULT_B;
  const avgLength = options.avgLength ?? DEFAULT_AVG_LENGTH;
  const terms = tokenize(text);
  const norm = k1 * (1 - b + (b * terms.length) / avgLength);
  const weights = new Map<number, number>();
  for (const [index, tf] of termFrequencies(terms)) weights.set(index, (tf * (k1 + 1)) / (tf + norm));
  return sorted(weights);
}

/** The query side: weight 1 per distinct term, so the score is the sum of IDF-weighted document term weights. */
export function toSparseQuery(text: string): SparseVector {
  const weights = new Map<number, number>();
  for (const index of termFrequencies(tokenize(text)).keys()) weights.set(index, 1);
  return sorted(weights);
}
