import { QdrantClient, Schemas } from '@qdrant/js-client-rest';
import type { WorkspaceId } from '@switchboard/database';
import { RRF_K } from '../fusion';
import { toSparseQuery, toSparseVector } from '../lexical/bm25-sparse';
import {
  ChunkFilter,
  ChunkRecord,
  EmbeddingSpace,
  SearchHit,
  SearchQuery,
  StoredChunk,
  VectorStore,
} from '../vector-store.port';
import {
  DEFAULT_COLLECTION_PREFIX,
  DENSE_VECTOR,
  PAYLOAD_INDEXES,
  SPARSE_VECTOR,
  assertCollectionSpace,
  collectionConfig,
  dimensionFromCollectionName,
  qdrantCollectionName,
  toPayload,
  toStoredChunk,
} from './qdrant-collection.schema';
import { chunkFilter, filterMatchesNothing, hasId, keywordEquals } from './qdrant-filter';
import { QdrantRequestError } from './qdrant.errors';
import { searchTextOf } from '../stored-chunk';
import { assertValidChunk, assertValidSpace, vectorProblemOf } from '../chunk-validation';
import { ChunkOwnershipError, EmbeddingSpaceMismatchError, VectorStoreNotOpenError } from '../vector-store.errors';

export interface QdrantVectorStoreOptions {
  /** Qdrant REST URL, e.g. http://qdrant:6333. */
  url: string;
  apiKey?: string;
  /** Start of every collection name; tests pass a unique one so they can drop what they made. */
  collectionPrefix?: string;
  /** Points per upsert request. */
  batchSize?: number;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** A ready client (tests); by default one is built from url and apiKey. */
  client?: QdrantClient;
}

/** Dense and lexical candidates fetched per side before fusion (the same depth as the LanceDB adapter). */
const MIN_CANDIDATES = 50;
const CANDIDATES_PER_RESULT = 4;
const DEFAULT_BATCH_SIZE = 256;
const DEFAULT_TIMEOUT_MS = 30_000;
const SCROLL_PAGE = 256;

interface OpenState {
  name: string;
  space: EmbeddingSpace;
}

type Filter = Schemas['Filter'];
type ScoredPoint = Schemas['ScoredPoint'];

/**
 * VectorStore on Qdrant: one collection per embedding space with a named dense vector (cosine) and a BM25 sparse
 * vector (IDF applied by Qdrant). Search is one Query API batch: the hybrid query (prefetch dense + sparse, fused by
 * reciprocal rank) picks the hits, the two single-retriever queries in the same batch give each hit its ranks.
 */
export class QdrantVectorStore implements VectorStore {
  readonly kind = 'qdrant' as const;

  private readonly client: QdrantClient;
  private readonly prefix: string;
  private readonly batchSize: number;
  private state: OpenState | null = null;

  constructor(options: QdrantVectorStoreOptions) {
    this.client =
      options.client ??
      new QdrantClient({
        url: options.url,
        apiKey: options.apiKey,
        timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        // open() fails loudly on an unreachable server; the library's check would only log, asynchronously.
        checkCompatibility: false,
      });
    this.prefix = options.collectionPrefix ?? DEFAULT_COLLECTION_PREFIX;
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1)
      throw new RangeError('batchSize must be a positive integer');
  }

  /** The collection this store works on; throws before open(). */
  get collectionName(): string {
    return this.requireOpen().name;
  }

  async open(space: EmbeddingSpace): Promise<void> {
    assertValidSpace(space);
    const name = qdrantCollectionName(space, this.prefix);
    await this.assertNoOtherDimension(space);
    const { exists } = await this.call('collection exists', () => this.client.collectionExists(name));
    if (!exists) await this.createCollection(name, space);
    const info = await this.call('get collection', () => this.client.getCollection(name));
    assertCollectionSpace(name, info, space);
    for (const { field, schema } of PAYLOAD_INDEXES) {
      if (field in info.payload_schema) continue;
      await this.call('create payload index', () =>
        this.client.createPayloadIndex(name, { field_name: field, field_schema: schema, wait: true }),
      );
    }
    this.state = { name, space };
  }

  async upsert(workspaceId: WorkspaceId, chunks: ChunkRecord[]): Promise<void> {
    const { name, space } = this.requireOpen();
    const workspace = keywordEquals('workspaceId', workspaceId);
    if (chunks.length === 0) return;
    const byId = new Map<string, ChunkRecord>();
    for (const chunk of chunks) {
      assertValidChunk(chunk, workspaceId, space.dimension);
      // Qdrant parses UUIDs, so ids differing only in case are one point; the last one wins as in one upsert.
      byId.set(chunk.id.toLowerCase(), chunk);
    }
    const unique = [...byId.values()];
    await this.assertOwnership(name, workspaceId, unique);
    for (let start = 0; start < unique.length; start += this.batchSize) {
      const points = unique.slice(start, start + this.batchSize).map((chunk): Schemas['PointStruct'] => ({
        id: chunk.id,
        vector: { [DENSE_VECTOR]: chunk.vector, [SPARSE_VECTOR]: toSparseVector(searchTextOf(chunk)) },
        payload: { ...toPayload(chunk) },
      }));
      // update_filter closes the race after the ownership check: another workspace's point is never overwritten.
      await this.call('upsert', () =>
        this.client.upsert(name, { wait: true, points, update_filter: { must: [workspace] } }),
      );
    }
  }

  async deleteByDocument(workspaceId: WorkspaceId, documentId: string, keepIds?: string[]): Promise<void> {
    const { name } = this.requireOpen();
    const filter: Filter = {
      must: [keywordEquals('workspaceId', workspaceId), keywordEquals('documentId', documentId)],
    };
    if (keepIds && keepIds.length > 0) filter.must_not = [hasId(keepIds)];
    await this.call('delete points', () => this.client.delete(name, { wait: true, filter }));
  }

  async deleteBySource(workspaceId: WorkspaceId, sourceId: string): Promise<void> {
    const { name } = this.requireOpen();
    const filter: Filter = { must: [keywordEquals('workspaceId', workspaceId), keywordEquals('sourceId', sourceId)] };
    await this.call('delete points', () => this.client.delete(name, { wait: true, filter }));
  }

  async search(query: SearchQuery): Promise<SearchHit[]> {
    const { name, space } = this.requireOpen();
    const restrictions: ChunkFilter = {
      visibility: query.visibility,
      sourceIds: query.sourceIds,
      documentIds: query.documentIds,
    };
    const filter = chunkFilter(query.workspaceId, restrictions);
    if (!Number.isInteger(query.limit) || query.limit < 1) {
      throw new RangeError(`search limit must be a positive integer, got ${query.limit}`);
    }
    const vectorProblem = vectorProblemOf(query.vector, space.dimension);
    if (vectorProblem) throw new RangeError(`query vector ${vectorProblem}`);
    if (filterMatchesNothing(restrictions)) return [];

    const candidates = Math.max(query.limit * CANDIDATES_PER_RESULT, MIN_CANDIDATES);
    const dense: Schemas['Prefetch'] = { query: query.vector, using: DENSE_VECTOR, filter, limit: candidates };
    const sparseQuery = toSparseQuery(query.text);
    // Text without terms (empty, stopwords only) has no lexical side at all.
    const lexical: Schemas['Prefetch'] | null =
      sparseQuery.indices.length > 0 ? { query: sparseQuery, using: SPARSE_VECTOR, filter, limit: candidates } : null;
    const searches: Schemas['QueryRequest'][] = [
      {
        prefetch: lexical ? [dense, lexical] : [dense],
        // Qdrant scores 1 / (k + 0-based position): k = RRF_K + 1 is the port's 1 / (RRF_K + rank), so both orders agree.
        query: { rrf: { k: RRF_K + 1 } },
        filter,
        limit: query.limit,
        with_payload: true,
      },
      { ...dense, with_payload: false },
      ...(lexical ? [{ ...lexical, with_payload: false }] : []),
    ];
    const [hybrid, denseList, lexicalList] = await this.call('query batch', () =>
      this.client.queryBatch(name, { searches }),
    );
    return toSearchHits(query.workspaceId, hybrid.points, denseList.points, lexicalList?.points ?? []);
  }

  async count(workspaceId: WorkspaceId, filter: ChunkFilter = {}): Promise<number> {
    const { name } = this.requireOpen();
    const qdrantFilter = chunkFilter(workspaceId, filter);
    if (filterMatchesNothing(filter)) return 0;
    const result = await this.call('count', () => this.client.count(name, { filter: qdrantFilter, exact: true }));
    return result.count;
  }

  async listChunkIds(workspaceId: WorkspaceId, documentId: string): Promise<string[]> {
    const { name } = this.requireOpen();
    const filter: Filter = {
      must: [keywordEquals('workspaceId', workspaceId), keywordEquals('documentId', documentId)],
    };
    const rows: { id: string; position: number }[] = [];
    let offset: Schemas['ExtendedPointId'] | null | undefined;
    do {
      const page = await this.call('scroll', () =>
        this.client.scroll(name, {
          filter,
          limit: SCROLL_PAGE,
          offset,
          with_payload: ['id', 'position'],
          with_vector: false,
        }),
      );
      for (const point of page.points) {
        const payload = point.payload ?? {};
        rows.push({
          id: typeof payload.id === 'string' ? payload.id : String(point.id),
          position: typeof payload.position === 'number' ? payload.position : 0,
        });
      }
      const next = page.next_page_offset;
      offset = typeof next === 'string' || typeof next === 'number' ? next : null;
    } while (offset !== null && offset !== undefined);
    return rows.sort((a, b) => a.position - b.position || a.id.localeCompare(b.id)).map((row) => row.id);
  }

  async close(): Promise<void> {
    // The REST client holds no resources to release; closing only makes later calls fail fast.
    this.state = null;
  }

  private async createCollection(name: string, space: EmbeddingSpace): Promise<void> {
    try {
      // The low-level call: QdrantClient.createCollection drops the `metadata` field.
      await this.client.api().createCollection({ collection_name: name, ...collectionConfig(space) });
    } catch (error) {
      // Another process may have created it since the existence check.
      const { exists } = await this.call('collection exists', () => this.client.collectionExists(name));
      if (!exists) throw toRequestError('create collection', error);
    }
  }

  /** Like the LanceDB adapter: one model name never holds two dimensions (a swapped embedder would mix spaces). */
  private async assertNoOtherDimension(space: EmbeddingSpace): Promise<void> {
    const { collections } = await this.call('list collections', () => this.client.getCollections());
    for (const { name } of collections) {
      const dimension = dimensionFromCollectionName(space.model, name, this.prefix);
      if (dimension !== null && dimension !== space.dimension) {
        throw new EmbeddingSpaceMismatchError(
          `Model "${space.model}" is already stored with dimension ${dimension} (collection ${name}), not ${space.dimension}; ` +
            'give a re-trained or different model its own name',
        );
      }
    }
  }

  private async assertOwnership(name: string, workspaceId: string, chunks: ChunkRecord[]): Promise<void> {
    let foreign = 0;
    for (let start = 0; start < chunks.length; start += this.batchSize) {
      const ids = chunks.slice(start, start + this.batchSize).map((chunk) => chunk.id);
      const existing = await this.call('retrieve', () =>
        this.client.retrieve(name, { ids, with_payload: ['workspaceId'], with_vector: false }),
      );
      foreign += existing.filter((point) => point.payload?.workspaceId !== workspaceId).length;
    }
    if (foreign > 0) throw new ChunkOwnershipError(foreign);
  }

  private requireOpen(): OpenState {
    if (!this.state) throw new VectorStoreNotOpenError('QdrantVectorStore');
    return this.state;
  }

  private async call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toRequestError(operation, error);
    }
  }
}

/**
 * Hits in the hybrid query's membership, ranked and scored as the port defines it: 1-based ranks from the single
 * retriever lists, score Σ 1 / (RRF_K + rank), ties broken as fusion.ts breaks them so both adapters agree.
 */
function toSearchHits(
  workspaceId: string,
  hybrid: ScoredPoint[],
  dense: ScoredPoint[],
  lexical: ScoredPoint[],
): SearchHit[] {
  const denseRanks = new Map(dense.map((point, index) => [String(point.id), { rank: index + 1, cosine: point.score }]));
  const lexicalRanks = new Map(lexical.map((point, index) => [String(point.id), index + 1]));
  const reciprocal = (rank: number | null): number => (rank === null ? 0 : 1 / (RRF_K + rank));
  const hits = hybrid.map((point): SearchHit => {
    const chunk: StoredChunk = toStoredChunk(point.payload);
    if (chunk.workspaceId !== workspaceId) {
      throw new Error('Qdrant returned a chunk from another workspace; refusing to answer');
    }
    const denseSide = denseRanks.get(String(point.id));
    const denseRank = denseSide?.rank ?? null;
    const lexicalRank = lexicalRanks.get(String(point.id)) ?? null;
    return {
      chunk,
      score: reciprocal(denseRank) + reciprocal(lexicalRank),
      denseRank,
      lexicalRank,
      cosine: denseSide?.cosine ?? null,
    };
  });
  return hits.sort(
    (a, b) =>
      b.score - a.score ||
      (a.denseRank ?? Infinity) - (b.denseRank ?? Infinity) ||
      (a.lexicalRank ?? Infinity) - (b.lexicalRank ?? Infinity) ||
      a.chunk.id.localeCompare(b.chunk.id),
  );
}

function toRequestError(operation: string, error: unknown): Error {
  if (error instanceof QdrantRequestError || error instanceof EmbeddingSpaceMismatchError) return error;
  const status = typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined;
  const data = typeof error === 'object' && error !== null && 'data' in error ? error.data : undefined;
  const qdrantMessage =
    typeof data === 'object' &&
    data !== null &&
    'status' in data &&
    typeof data.status === 'object' &&
    data.status !== null
      ? (data.status as { error?: unknown }).error
      : undefined;
  const detail =
    typeof qdrantMessage === 'string' ? qdrantMessage : error instanceof Error ? error.message : String(error);
  return new QdrantRequestError(operation, typeof status === 'number' ? status : null, detail, { cause: error });
}
