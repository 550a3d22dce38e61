import DataLoader from 'dataloader';
import { createHash } from 'node:crypto';

import type { EmbedOptions, Embedder } from './embedder.port';
import type { EmbeddingCacheStore } from './embedding-cache.store';
import { InMemoryEmbeddingCacheStore } from './in-memory-embedding-cache.store';

/** Running totals since construction; `computed` counts texts the inner embedder actually embedded. */
export interface EmbeddingCacheCounters {
  /** Input texts answered from the cache. */
  hits: number;
  /** Input texts not in the cache (a text repeated within one call counts each time). */
  misses: number;
  /** Distinct texts sent to the inner embedder. */
  computed: number;
}

/** The cache key: the model is part of it so switching models never returns another space's vectors. */
export function embeddingCacheHash(model: string, text: string): string {
  return createHash('sha256').update(`${model}\n${text}`, 'utf8').digest('hex');
}

/** Serves embeddings from an {@link EmbeddingCacheStore} and embeds only texts it has never seen. */
export class CachedEmbedder implements Embedder {
  private readonly totals: EmbeddingCacheCounters = { hits: 0, misses: 0, computed: 0 };
  // Concurrent calls (an answer's retrievals, concurrent conversations) are served as one batch; no memoising here.
  private readonly batches = new DataLoader<string, number[]>((texts) => this.embedBatch(texts, this.store), {
    cache: false,
  });
  private readonly queryStore = new InMemoryEmbeddingCacheStore();
  // Queries are cached in this process only: a shared read and write per question would cost more than they save.
  private readonly queryBatches = new DataLoader<string, number[]>((texts) => this.embedBatch(texts, this.queryStore), {
    cache: false,
  });

  constructor(
    private readonly inner: Embedder,
    private readonly store: EmbeddingCacheStore,
  ) {}

  get model(): string {
    return this.inner.model;
  }

  get dimension(): number {
    return this.inner.dimension;
  }

  get counters(): Readonly<EmbeddingCacheCounters> {
    return { ...this.totals };
  }

  async embed(texts: string[], options: EmbedOptions = {}): Promise<number[][]> {
    if (texts.length === 0) return [];
    const batches = options.purpose === 'query' ? this.queryBatches : this.batches;
    const vectors = await batches.loadMany(texts);
    const failed = vectors.find((vector): vector is Error => vector instanceof Error);
    if (failed) throw failed;
    return vectors as number[][];
  }

  /** The texts of every embed call made in one tick, together: one cache read, one model call, one cache write. */
  private async embedBatch(texts: readonly string[], store: EmbeddingCacheStore): Promise<number[][]> {
    const model = this.inner.model;
    const hashes = texts.map((text) => embeddingCacheHash(model, text));
    const textByHash = new Map<string, string>();
    hashes.forEach((hash, i) => textByHash.set(hash, texts[i]));

    const vectors = await store.get(model, [...textByHash.keys()]);
    const missing = [...textByHash.keys()].filter((hash) => !vectors.has(hash));
    const hits = hashes.filter((hash) => vectors.has(hash)).length;

    if (missing.length > 0) {
      const computed = await this.inner.embed(missing.map((hash) => textByHash.get(hash) ?? ''));
      if (computed.length !== missing.length) {
        throw new Error(`CachedEmbedder: ${model} returned ${computed.length} vectors for ${missing.length} texts`);
      }
      const entries = missing.map((hash, i) => ({ hash, vector: computed[i] }));
      await store.put(model, entries);
      for (const { hash, vector } of entries) vectors.set(hash, vector);
      this.totals.computed += missing.length;
    }

    this.totals.hits += hits;
    this.totals.misses += texts.length - hits;
    // Duplicates within a batch get their own copy, so a caller mutating one vector cannot change another.
    const seen = new Set<string>();
    return hashes.map((hash) => {
      const vector = vectors.get(hash);
      if (vector === undefined) throw new Error(`CachedEmbedder: no vector for ${hash}`);
      if (seen.has(hash)) return [...vector];
      seen.add(hash);
      return vector;
    });
  }

  async close(): Promise<void> {
    await this.inner.close();
  }
}
