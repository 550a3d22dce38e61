import { tokenize } from '@switchboard/vector-store';

/** Term statistics over a candidate set, so lexical evidence is computed the same way whatever the store. */
export class LexicalEvidence {
  private readonly documentFrequency = new Map<string, number>();
  private readonly size: number;
  readonly averageLength: number;

  /** `documents` are the candidates' texts, already tokenized (tokenizing dominates the cost). */
  constructor(documents: string[][]) {
    this.size = Math.max(1, documents.length);
    let totalLength = 0;
    for (const terms of documents) {
      totalLength += terms.length;
      for (const term of new Set(terms)) this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
    }
    this.averageLength = totalLength / this.size;
  }

  /** Smoothed inverse document frequency; unseen terms count as rare. */
  idf(term: string): number {
    const df = this.documentFrequency.get(term) ?? 0;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** IDF-weighted share of the query's distinct terms that occur in the text, in [0, 1]. */
  coverage(queryTerms: string[], text: string | string[]): number {
    const distinct = [...new Set(queryTerms)];
    if (distinct.length === 0) return 0;
    const present = new Set(typeof text === 'string' ? tokenize(text) : text);
    let total = 0;
    let found = 0;
    for (const term of distinct) {
      const weight = this.idf(term);
      total += weight;
      if (present.has(term)) found += weight;
    }
    return total > 0 ? found / total : 0;
  }

  /** BM25 of a tokenized text for the query terms against this candidate set (k1 1.2, b 0.75). */
  bm25(queryTerms: string[], terms: string[]): number {
    const frequency = new Map<string, number>();
    for (const term of terms) frequency.set(term, (frequency.get(term) ?? 0) + 1);
    let score = 0;
    for (const term of new Set(queryTerms)) {
      const tf = frequency.get(term) ?? 0;
      if (tf === 0) continue;
      score +=
        (this.idf(term) * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * terms.length) / Math.max(1, this.averageLength)));
    }
    return score;
  }
}
