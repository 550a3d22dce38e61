import type { EmbeddingCacheEntry, EmbeddingCacheStore } from './embedding-cache.store';

export const DEFAULT_IN_MEMORY_CACHE_ENTRIES = 10_000;

/** A process-local LRU cache store: for tests, benchmarks and single-process deployments. */
export class InMemoryEmbeddingCacheStore implements EmbeddingCacheStore {
  // A Map iterates in insertion order, so re-inserting on access makes the first key the least recently used.
  private readonly entries = new Map<string, number[]>();

  constructor(private readonly maxEntries: number = DEFAULT_IN_MEMORY_CACHE_ENTRIES) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new Error(`InMemoryEmbeddingCacheStore: maxEntries must be a positive integer, got ${maxEntries}`);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  async get(model: string, hashes: string[]): Promise<Map<string, number[]>> {
    const found = new Map<string, number[]>();
    for (const hash of hashes) {
      const key = entryKey(model, hash);
      const vector = this.entries.get(key);
      if (vector === undefined) continue;
      this.entries.delete(key);
      this.entries.set(key, vector);
      found.set(hash, [...vector]);
    }
    return found;
  }

  async put(model: string, entries: EmbeddingCacheEntry[]): Promise<void> {
    for (const { hash, vector } of entries) {
      const key = entryKey(model, hash);
      this.entries.delete(key);
      this.entries.set(key, [...vector]);
    }
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(key);
    }
  }
}

function entryKey(model: string, hash: string): string {
  return `${model}\n${hash}`;
}
