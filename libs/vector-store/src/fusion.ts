import { SearchHit, StoredChunk } from './vector-store.port';

/** The RRF constant from Cormack et al. (2009); the port fixes it so scores compare across adapters. */
export const RRF_K = 60;

/** One retriever's result, best first. */
export interface RankedChunk {
  chunk: StoredChunk;
  /** Cosine similarity to the query vector, when the retriever knows it. */
  cosine: number | null;
}

export interface FusionInput {
  dense: readonly RankedChunk[];
  lexical: readonly RankedChunk[];
  limit: number;
  k?: number;
}

interface Accumulator {
  chunk: StoredChunk;
  denseRank: number | null;
  lexicalRank: number | null;
  cosine: number | null;
}

/** Reciprocal rank fusion of a dense and a lexical ranking: score = Σ 1 / (k + rank), ranks 1-based. */
export function fuseRankings({ dense, lexical, limit, k = RRF_K }: FusionInput): SearchHit[] {
  if (limit <= 0) return [];
  const byId = new Map<string, Accumulator>();

  dense.forEach((item, index) => {
    // A retriever that repeats a chunk keeps its best (first) rank.
    if (byId.has(item.chunk.id)) return;
    byId.set(item.chunk.id, { chunk: item.chunk, denseRank: index + 1, lexicalRank: null, cosine: item.cosine });
  });
  lexical.forEach((item, index) => {
    const existing = byId.get(item.chunk.id);
    if (!existing) {
      byId.set(item.chunk.id, { chunk: item.chunk, denseRank: null, lexicalRank: index + 1, cosine: item.cosine });
    } else if (existing.lexicalRank === null) {
      existing.lexicalRank = index + 1;
      existing.cosine ??= item.cosine;
    }
  });

  const hits = [...byId.values()].map((entry): SearchHit => ({
    chunk: entry.chunk,
    score: reciprocal(entry.denseRank, k) + reciprocal(entry.lexicalRank, k),
    denseRank: entry.denseRank,
    lexicalRank: entry.lexicalRank,
    cosine: entry.cosine,
  }));
  return hits.sort(compareHits).slice(0, limit);
}

/** Cosine similarity, or null when either vector has no direction or the lengths differ. */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number | null {
  if (a.length !== b.length || a.length === 0) return null;
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    normA += a[i] * a[i];
    normB += b[i] * b[i];
  }
  if (normA === 0 || normB === 0) return null;
  return dot / Math.sqrt(normA * normB);
}

function reciprocal(rank: number | null, k: number): number {
  return rank === null ? 0 : 1 / (k + rank);
}

// Ties are broken by dense rank, then lexical rank, then id, so both adapters order identically.
function compareHits(a: SearchHit, b: SearchHit): number {
  return (
    b.score - a.score ||
    (a.denseRank ?? Infinity) - (b.denseRank ?? Infinity) ||
    (a.lexicalRank ?? Infinity) - (b.lexicalRank ?? Infinity) ||
    a.chunk.id.localeCompare(b.chunk.id)
  );
}
