import { RRF_K, RankedChunk, cosineSimilarity, fuseRankings } from './fusion';
import { fakeChunk, newWorkspaceId, storedChunk } from './testing/fake-chunks';

const ws = newWorkspaceId();
const ranked = (cosine: number | null = null): RankedChunk => ({
  chunk: storedChunk(fakeChunk({ workspaceId: ws })),
  cosine,
});

describe('fuseRankings', () => {
  it('scores each chunk with the sum of 1 / (k + rank) over the lists it appears in', () => {
    const [a, b, c] = [ranked(0.9), ranked(0.8), ranked(null)];
    const hits = fuseRankings({ dense: [a, b], lexical: [c, a], limit: 10 });

    expect(hits.map((hit) => hit.chunk.id)).toEqual([a.chunk.id, c.chunk.id, b.chunk.id]);
    expect(hits[0]).toMatchObject({ denseRank: 1, lexicalRank: 2, cosine: 0.9 });
    expect(hits[0].score).toBeCloseTo(1 / (RRF_K + 1) + 1 / (RRF_K + 2), 12);
    expect(hits[1]).toMatchObject({ denseRank: null, lexicalRank: 1, score: 1 / (RRF_K + 1), cosine: null });
    expect(hits[2]).toMatchObject({ denseRank: 2, lexicalRank: null, score: 1 / (RRF_K + 2), cosine: 0.8 });
  });

  it('uses k = 60 unless told otherwise', () => {
    const a = ranked();
    expect(fuseRankings({ dense: [a], lexical: [], limit: 1 })[0].score).toBe(1 / 61);
    expect(fuseRankings({ dense: [a], lexical: [], limit: 1, k: 0 })[0].score).toBe(1);
  });

  it('ranks a chunk found by both retrievers above chunks found by one', () => {
    const [onlyDense, both, onlyLexical] = [ranked(), ranked(), ranked()];
    const hits = fuseRankings({ dense: [onlyDense, both], lexical: [onlyLexical, both], limit: 3 });
    expect(hits[0].chunk.id).toBe(both.chunk.id);
  });

  it('breaks score ties by dense rank, then lexical rank, then id', () => {
    const [x, y] = [ranked(), ranked()];
    // x is dense #1 only, y is lexical #1 only: equal scores, dense wins the tie.
    const hits = fuseRankings({ dense: [x], lexical: [y], limit: 2 });
    expect(hits.map((hit) => hit.chunk.id)).toEqual([x.chunk.id, y.chunk.id]);
    expect(fuseRankings({ dense: [x], lexical: [y], limit: 2 })).toEqual(hits);
  });

  it('keeps the dense cosine and falls back to the lexical one', () => {
    const a = ranked(0.7);
    const lexicalA: RankedChunk = { chunk: a.chunk, cosine: 0.1 };
    const b: RankedChunk = { chunk: ranked().chunk, cosine: null };
    const lexicalB: RankedChunk = { chunk: b.chunk, cosine: 0.4 };
    const hits = fuseRankings({ dense: [a, b], lexical: [lexicalA, lexicalB], limit: 2 });
    expect(hits.map((hit) => hit.cosine)).toEqual([0.7, 0.4]);
  });

  it('keeps the best rank when a retriever repeats a chunk', () => {
    const a = ranked();
    const b = ranked();
    const hits = fuseRankings({ dense: [a, b, a], lexical: [], limit: 5 });
    expect(hits).toHaveLength(2);
    expect(hits.find((hit) => hit.chunk.id === a.chunk.id)?.denseRank).toBe(1);
  });

  it('applies the limit after fusing and returns nothing for a non-positive limit', () => {
    const items = Array.from({ length: 5 }, () => ranked());
    expect(fuseRankings({ dense: items, lexical: [...items].reverse(), limit: 3 })).toHaveLength(3);
    expect(fuseRankings({ dense: items, lexical: [], limit: 0 })).toEqual([]);
    expect(fuseRankings({ dense: [], lexical: [], limit: 5 })).toEqual([]);
  });
});

describe('cosineSimilarity', () => {
  it('is 1 for the same direction, 0 for orthogonal, -1 for opposite', () => {
    expect(cosineSimilarity([1, 2], [2, 4])).toBeCloseTo(1, 12);
    expect(cosineSimilarity([1, 0], [0, 3])).toBe(0);
    expect(cosineSimilarity([1, 1], [-1, -1])).toBeCloseTo(-1, 12);
  });

  it('is null for zero vectors and mismatched lengths', () => {
    expect(cosineSimilarity([0, 0], [1, 0])).toBeNull();
    expect(cosineSimilarity([1, 0], [1, 0, 0])).toBeNull();
    expect(cosineSimilarity([], [])).toBeNull();
  });

  it('accepts typed arrays', () => {
    expect(cosineSimilarity(Float32Array.from([3, 4]), [3, 4])).toBeCloseTo(1, 6);
  });
});
