import { Inject, Injectable } from '@nestjs/common';
import { Visibility, WorkspaceId } from '@switchboard/database';
import { EMBEDDER, Embedder } from '@switchboard/knowledge';
import { SearchHit, VECTOR_STORE, VectorStore, tokenize } from '@switchboard/vector-store';
import { detectInjection } from '../safety';
import { ChunkTermsCache } from './chunk-terms.cache';
import { LexicalEvidence } from './lexical-evidence';

export interface RankedCandidate {
  hit: SearchHit;
  /** Score after reranking; higher is better. */
  score: number;
  /** IDF-weighted share of the question's terms in the chunk (title and headings included). */
  coverage: number;
  /** IDF-weighted share of the question's terms in the document title. */
  titleCoverage: number;
  bm25: number;
  /** The chunk's title, headings and text, tokenized once for every lexical feature. */
  terms: string[];
  /** Prompt-injection score of the chunk's text, as questions are scored (documents are data, not instructions). */
  injection: number;
}

export interface Retrieval {
  queryTerms: string[];
  candidates: RankedCandidate[];
  evidence: LexicalEvidence;
  queryVector: number[];
}

export interface RetrieveOptions {
  documentIds?: string[];
  denseText?: string;
}

/** Candidates fetched from the store before reranking. */
const CANDIDATES = 30;
// Tokenized chunks kept in memory: about 20 MB at a few hundred terms each.
const CACHED_CHUNK_TERMS = 20_000;

export function chunkSearchText(hit: SearchHit): string {
  return [hit.chunk.title, ...hit.chunk.headingPath, hit.chunk.text].join('\n');
}

/** Hybrid retrieval from the store, then a rerank on evidence the answer service computes itself. */
@Injectable()
export class Retriever {
  private readonly terms = new ChunkTermsCache(CACHED_CHUNK_TERMS);
  private readonly injection = new ChunkTermsCache<number>(CACHED_CHUNK_TERMS);

  constructor(
    @Inject(EMBEDDER) private readonly embedder: Embedder,
    @Inject(VECTOR_STORE) private readonly store: VectorStore,
  ) {}

  /**
   * `documentIds` narrows the search to those documents (the ones a conversation is about); `denseText`, when given,
   * is what the dense side embeds instead of the whole query (the lexical side always reads all of it).
   */
  async retrieve(
    workspaceId: WorkspaceId,
    query: string,
    visibility: Visibility[],
    options: RetrieveOptions = {},
  ): Promise<Retrieval> {
    const { documentIds, denseText = query } = options;
    const [queryVector] = await this.embedder.embed([denseText], { purpose: 'query' });
    const hits = await this.store.search({
      workspaceId,
      text: query,
      vector: queryVector,
      limit: CANDIDATES,
      visibility,
      ...(documentIds ? { documentIds } : {}),
    });
    const queryTerms = tokenize(query);
    const documents = hits.map((hit) => this.terms.get(hit.chunk, () => tokenize(chunkSearchText(hit))));
    const evidence = new LexicalEvidence(documents);
    const candidates = hits.map((hit, i) => {
      const coverage = evidence.coverage(queryTerms, documents[i]);
      const bm25 = evidence.bm25(queryTerms, documents[i]);
      const titleCoverage = evidence.coverage(queryTerms, hit.chunk.title);
      const injection = this.injection.get(hit.chunk, () => detectInjection(hit.chunk.text).score);
      return { hit, coverage, bm25, titleCoverage, score: 0, terms: documents[i], injection };
    });
    const maxBm25 = Math.max(1e-9, ...candidates.map((c) => c.bm25));
    for (const candidate of candidates) {
      const cosine = candidate.hit.cosine ?? 0;
      // Fused rank, semantic similarity and lexical evidence on comparable scales; weights tuned on the dev splits.
      candidate.score =
        60 * candidate.hit.score +
        0.3 * cosine +
        0.4 * (candidate.bm25 / maxBm25) +
        0.3 * candidate.coverage +
        // Help-centre articles are titled by the question they answer.
        0.5 * candidate.titleCoverage;
    }
    candidates.sort((a, b) => b.score - a.score);
    return { queryTerms, candidates, evidence, queryVector };
  }
}
