/** One computed embedding keyed by the hash of its model and input text. */
export interface EmbeddingCacheEntry {
  hash: string;
  vector: number[];
}

/** Persists embeddings so unchanged text is never embedded twice (see CachedEmbedder). */
export interface EmbeddingCacheStore {
  /** The cached vectors among `hashes`; absent keys are misses. */
  get(model: string, hashes: string[]): Promise<Map<string, number[]>>;
  /** Stores entries; an existing hash is overwritten or kept, either is correct since the key fixes the value. */
  put(model: string, entries: EmbeddingCacheEntry[]): Promise<void>;
}

export const EMBEDDING_CACHE_STORE = Symbol('EMBEDDING_CACHE_STORE');
