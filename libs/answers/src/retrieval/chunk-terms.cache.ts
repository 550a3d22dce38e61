/**
 * Remembers the tokenized text of recently retrieved chunks: popular chunks come back for question after question,
 * and tokenizing (with stemming) them again dominated the rerank's cost. Keyed by chunk id and content hash, so a
 * changed chunk is tokenized afresh; the least recently used entries go first.
 */
export class ChunkTermsCache {
  private readonly entries = new Map<string, string[]>();

  constructor(private readonly capacity: number) {}

  get(chunk: { id: string; contentHash: string }, tokenize: () => string[]): string[] {
    const key = `${chunk.id}:${chunk.contentHash}`;
    const cached = this.entries.get(key);
    if (cached) {
      // Re-inserted to mark it recently used (a Map iterates in insertion order).
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const terms = tokenize();
    this.entries.set(key, terms);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return terms;
  }

  get size(): number {
    return this.entries.size;
  }
}
