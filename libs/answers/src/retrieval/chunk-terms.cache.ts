/**
 * Remembers what was computed from the text of recently retrieved chunks (their tokenized terms, their injection
 * score): popular chunks come back for question after question, and tokenizing (with stemming) them again
 * dominated the rerank's cost. Keyed by chunk id and content hash, so a changed chunk is computed afresh; the
 * least recently used entries go first.
 */
export class ChunkTermsCache<T = string[]> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly capacity: number) {}

  get(chunk: { id: string; contentHash: string }, compute: () => T): T {
    const key = `${chunk.id}:${chunk.contentHash}`;
    const cached = this.entries.get(key);
    if (cached !== undefined) {
      // Re-inserted to mark it recently used (a Map iterates in insertion order).
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const terms = compute();
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
