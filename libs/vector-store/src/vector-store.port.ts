import { Visibility, WorkspaceId } from '@switchboard/database';

/** The embedding model a collection was built with; vectors of two models are never mixed. */
export interface EmbeddingSpace {
  /** Stable model name, e.g. "use-lite-512" or "openai/text-embedding-3-small". */
  model: string;
  dimension: number;
}

/** One searchable piece of a document, as stored in the vector store. */
export interface ChunkRecord {
  /** Deterministic UUID derived from documentId + contentHash, so re-ingesting is idempotent. */
  id: string;
  workspaceId: string;
  sourceId: string;
  documentId: string;
  visibility: Visibility;
  /** Document title. */
  title: string;
  /** Headings above the chunk, outermost first. */
  headingPath: string[];
  /** The chunk's own text (without title and headings). */
  text: string;
  url: string | null;
  /** Order of the chunk within its document, from 0. */
  position: number;
  /** sha256 (hex) of the text that was embedded. */
  contentHash: string;
  vector: number[];
}

export type StoredChunk = Omit<ChunkRecord, 'vector'>;

export interface ChunkFilter {
  visibility?: Visibility[];
  sourceIds?: string[];
  documentIds?: string[];
}

export interface SearchQuery extends ChunkFilter {
  /** Required by type: a search can never cross tenants. */
  workspaceId: WorkspaceId;
  /** Query text for the lexical (BM25 / full-text) side. */
  text: string;
  /** Query embedding for the dense side, in the collection's space. */
  vector: number[];
  limit: number;
}

export interface SearchHit {
  chunk: StoredChunk;
  /** Reciprocal-rank-fusion score of the two retrievers (k = 60); comparable across adapters. */
  score: number;
  /** 1-based rank in the dense list, null when the dense side did not return it. */
  denseRank: number | null;
  /** 1-based rank in the lexical list, null when the lexical side did not return it. */
  lexicalRank: number | null;
  /** Cosine similarity in [-1, 1] between the query vector and the chunk, when known. */
  cosine: number | null;
}

/** Port for the vector store; Qdrant and LanceDB adapters pass one conformance suite. */
export interface VectorStore {
  readonly kind: 'lancedb' | 'qdrant';
  /** Creates (or opens) the collection for this embedding space; must be called before anything else. */
  open(space: EmbeddingSpace): Promise<void>;
  upsert(workspaceId: WorkspaceId, chunks: ChunkRecord[]): Promise<void>;
  /** Deletes a document's chunks, except those whose ids are listed (used after upserting a new version). */
  deleteByDocument(workspaceId: WorkspaceId, documentId: string, keepIds?: string[]): Promise<void>;
  deleteBySource(workspaceId: WorkspaceId, sourceId: string): Promise<void>;
  /** Hybrid search: dense + lexical, fused, filtered by workspace and the given filters. */
  search(query: SearchQuery): Promise<SearchHit[]>;
  count(workspaceId: WorkspaceId, filter?: ChunkFilter): Promise<number>;
  /** Chunk ids of a document (for tests, re-sync bookkeeping). */
  listChunkIds(workspaceId: WorkspaceId, documentId: string): Promise<string[]>;
  /**
   * Makes every committed write findable by search, from this process and others. Adapters whose writes
   * are searchable once they return (Qdrant with `wait: true`) leave it out.
   */
  refreshIndexes?(): Promise<void>;
  close(): Promise<void>;
}

export const VECTOR_STORE = Symbol('VECTOR_STORE');
