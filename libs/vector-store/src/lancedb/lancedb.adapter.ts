import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { Connection, Index, IndexOptions, MatchQuery, Table, connect, makeArrowTable } from '@lancedb/lancedb';
import type { WorkspaceId } from '@switchboard/database';
import { RankedChunk, cosineSimilarity, fuseRankings } from '../fusion';
import { toUnitVector } from '../unit-vector';
import { ChunkFilter, ChunkRecord, EmbeddingSpace, SearchHit, SearchQuery, VectorStore } from '../vector-store.port';
import {
  SEARCH_TEXT_COLUMN,
  STORED_CHUNK_COLUMNS,
  VECTOR_COLUMN,
  chunkTableName,
  chunkTableSchema,
  dimensionFromTableName,
  numberField,
  spaceOfSchema,
  toChunkRow,
  toStoredChunk,
  vectorOf,
} from './chunk-table.schema';
import { assertValidChunk, assertValidSpace, vectorProblemOf } from '../chunk-validation';
import { ChunkOwnershipError, EmbeddingSpaceMismatchError, VectorStoreNotOpenError } from '../vector-store.errors';
import { SerialQueue, sharedSerialQueue } from './serial-queue';
import {
  and,
  chunkFilterPredicate,
  filterMatchesNothing,
  sqlColumn,
  uuidEquals,
  uuidIn,
  uuidNotIn,
} from './sql-predicate';

export interface WarningSink {
  warn(message: string): void;
}

export interface LanceDbVectorStoreOptions {
  /** Seconds between checks for other processes' commits; 0 checks on every read so the api sees the worker's writes. */
  readConsistencyIntervalSeconds?: number;
  /** Quiet time after the last write before indexes are brought up to date in the background. */
  indexRefreshDelayMs?: number;
  /** Longest a stream of writes may postpone that refresh. */
  indexRefreshMaxDelayMs?: number;
  logger?: WarningSink;
}

const DEFAULT_OPTIONS = {
  readConsistencyIntervalSeconds: 0,
  indexRefreshDelayMs: 1_000,
  indexRefreshMaxDelayMs: 10_000,
} as const;

/** Dense and lexical candidates fetched per side before fusion. */
const MIN_CANDIDATES = 50;
const CANDIDATES_PER_RESULT = 4;

interface IndexSpec {
  column: string;
  config: () => Index;
}

// Bitmap for low-cardinality columns, btree for ids; the BM25 settings are pinned so an SDK default change can't reshuffle rankings.
const INDEXES: readonly IndexSpec[] = [
  { column: 'id', config: () => Index.btree() },
  { column: 'workspaceId', config: () => Index.bitmap() },
  { column: 'visibility', config: () => Index.bitmap() },
  { column: 'sourceId', config: () => Index.btree() },
  { column: 'documentId', config: () => Index.btree() },
  {
    column: SEARCH_TEXT_COLUMN,
    config: () =>
      Index.fts({
        baseTokenizer: 'simple',
        language: 'English',
        lowercase: true,
        stem: true,
        removeStopWords: true,
        asciiFolding: true,
        withPosition: false,
      }),
  },
];

interface OpenState {
  connection: Connection;
  table: Table;
  space: EmbeddingSpace;
  writes: SerialQueue;
}

/**
 * Embedded VectorStore on LanceDB: one table per embedding space under `directory`.
 *
 * Writes are serialised per table within the process; only one process may write (the worker).
 * Lexical search reads the BM25 index only (`fastSearch`): LanceDB 0.31 scores unindexed rows
 * wrongly (higher term frequency lowers the score, tf >= 3 drops the row), so every write schedules
 * an index refresh (`optimize()`), and a search in the writing process first waits for it.
 */
export class LanceDbVectorStore implements VectorStore {
  readonly kind = 'lancedb' as const;

  private readonly options: Required<Omit<LanceDbVectorStoreOptions, 'logger'>>;
  private readonly logger: WarningSink;
  private state: OpenState | null = null;
  private opening: Promise<OpenState> | null = null;
  /** Writes committed by this instance, and how many of them the indexes cover. */
  private writeSeq = 0;
  private indexedSeq = 0;
  private firstUnindexedWriteAt: number | null = null;
  private refreshTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly directory: string,
    options: LanceDbVectorStoreOptions = {},
  ) {
    this.options = {
      readConsistencyIntervalSeconds:
        options.readConsistencyIntervalSeconds ?? DEFAULT_OPTIONS.readConsistencyIntervalSeconds,
      indexRefreshDelayMs: options.indexRefreshDelayMs ?? DEFAULT_OPTIONS.indexRefreshDelayMs,
      indexRefreshMaxDelayMs: options.indexRefreshMaxDelayMs ?? DEFAULT_OPTIONS.indexRefreshMaxDelayMs,
    };
    this.logger = options.logger ?? new Logger(LanceDbVectorStore.name);
  }

  async open(space: EmbeddingSpace): Promise<void> {
    assertValidSpace(space);
    // Assigned before any await so concurrent open() calls share one connection.
    if (!this.state && !this.opening) {
      this.opening = this.openTable(space)
        .then((state) => (this.state = state))
        .finally(() => {
          this.opening = null;
        });
    }
    const current = this.state ?? (await this.opening);
    if (!current) throw new VectorStoreNotOpenError('LanceDbVectorStore');
    if (current.space.model !== space.model || current.space.dimension !== space.dimension) {
      throw new EmbeddingSpaceMismatchError(
        `This store is open for ${describeSpace(current.space)}; use another instance for ${describeSpace(space)}`,
      );
    }
  }

  async upsert(workspaceId: WorkspaceId, chunks: ChunkRecord[]): Promise<void> {
    const state = this.requireOpen();
    const workspace = uuidEquals('workspaceId', workspaceId);
    if (chunks.length === 0) return;
    const byId = new Map<string, ChunkRecord>();
    for (const chunk of chunks) {
      assertValidChunk(chunk, workspaceId, state.space.dimension);
      byId.set(chunk.id, chunk); // mergeInsert duplicates rows when a batch repeats an id; the last one wins.
    }
    const rows = [...byId.values()].map(toChunkRow);
    const ids = [...byId.keys()];

    await state.writes.run(async () => {
      const foreign = await state.table.countRows(and(uuidIn('id', ids), `NOT (${workspace})`));
      if (foreign > 0) throw new ChunkOwnershipError(foreign);
      const sameWorkspace = `target.${sqlColumn('workspaceId')} = source.${sqlColumn('workspaceId')}`;
      await state.table
        .mergeInsert('id')
        .whenMatchedUpdateAll({ where: sameWorkspace })
        .whenNotMatchedInsertAll()
        .execute(makeArrowTable(rows, { schema: chunkTableSchema(state.space) }));
      this.writeSeq++;
    });
    this.scheduleIndexRefresh();
  }

  async deleteByDocument(workspaceId: WorkspaceId, documentId: string, keepIds?: string[]): Promise<void> {
    const state = this.requireOpen();
    const parts = [uuidEquals('workspaceId', workspaceId), uuidEquals('documentId', documentId)];
    if (keepIds && keepIds.length > 0) parts.push(uuidNotIn('id', keepIds));
    const predicate = and(...parts);
    // Deletion vectors hide rows from every index at once, so deletes need no index refresh.
    await state.writes.run(() => state.table.delete(predicate));
  }

  async deleteBySource(workspaceId: WorkspaceId, sourceId: string): Promise<void> {
    const state = this.requireOpen();
    const predicate = and(uuidEquals('workspaceId', workspaceId), uuidEquals('sourceId', sourceId));
    await state.writes.run(() => state.table.delete(predicate));
  }

  async search(query: SearchQuery): Promise<SearchHit[]> {
    const state = this.requireOpen();
    const filter: ChunkFilter = {
      visibility: query.visibility,
      sourceIds: query.sourceIds,
      documentIds: query.documentIds,
    };
    const predicate = chunkFilterPredicate(query.workspaceId, filter);
    if (!Number.isInteger(query.limit) || query.limit < 1) {
      throw new RangeError(`search limit must be a positive integer, got ${query.limit}`);
    }
    const vectorProblem = vectorProblemOf(query.vector, state.space.dimension);
    if (vectorProblem) throw new RangeError(`query vector ${vectorProblem}`);
    if (filterMatchesNothing(filter)) return [];

    const candidates = Math.max(query.limit * CANDIDATES_PER_RESULT, MIN_CANDIDATES);
    const text = query.text.trim();
    if (text.length > 0) await this.catchUpIndexesForRead();

    const [dense, lexical] = await Promise.all([
      this.denseSearch(state, query.vector, predicate, candidates),
      text.length > 0 ? this.lexicalSearch(state, text, query.vector, predicate, candidates) : [],
    ]);
    for (const item of [...dense, ...lexical]) {
      if (item.chunk.workspaceId !== query.workspaceId) {
        throw new Error('LanceDB returned a chunk from another workspace; refusing to answer');
      }
    }
    return fuseRankings({ dense, lexical, limit: query.limit });
  }

  async count(workspaceId: WorkspaceId, filter: ChunkFilter = {}): Promise<number> {
    const state = this.requireOpen();
    const predicate = chunkFilterPredicate(workspaceId, filter);
    if (filterMatchesNothing(filter)) return 0;
    return state.table.countRows(predicate);
  }

  async listChunkIds(workspaceId: WorkspaceId, documentId: string): Promise<string[]> {
    const state = this.requireOpen();
    const predicate = and(uuidEquals('workspaceId', workspaceId), uuidEquals('documentId', documentId));
    const rows = (await state.table.query().where(predicate).select(['id', 'position']).toArray()) as Record<
      string,
      unknown
    >[];
    return rows
      .map((row) => ({ id: String(row.id), position: numberField(row, 'position') }))
      .sort((a, b) => a.position - b.position || a.id.localeCompare(b.id))
      .map((row) => row.id);
  }

  /**
   * Folds rows not yet covered by the indexes into them (LanceDB `optimize()`): this process's writes, and
   * rows an earlier process wrote but never indexed (it died before its refresh). A no-op when current.
   */
  async refreshIndexes(): Promise<void> {
    const state = this.requireOpen();
    this.clearRefreshTimer();
    await state.writes.run(async () => {
      const target = this.writeSeq;
      if (this.indexedSeq >= target && !(await hasUnindexedText(state.table))) return;
      await state.table.optimize();
      this.indexedSeq = target;
      if (this.indexedSeq === this.writeSeq) this.firstUnindexedWriteAt = null;
    });
  }

  async close(): Promise<void> {
    const state = this.state;
    if (!state) return;
    this.clearRefreshTimer();
    try {
      // Leave the indexes current so the reading process finds everything lexically.
      if (this.indexedSeq < this.writeSeq) await this.refreshIndexes();
    } catch (error) {
      this.logger.warn(`LanceDB index refresh on close failed: ${errorMessage(error)}`);
    } finally {
      this.state = null;
      await state.writes.run(async () => state.table.close());
      state.connection.close();
    }
  }

  private async openTable(space: EmbeddingSpace): Promise<OpenState> {
    await mkdir(this.directory, { recursive: true });
    const connection = await connect(this.directory, {
      readConsistencyInterval: this.options.readConsistencyIntervalSeconds,
    });
    try {
      const name = chunkTableName(space);
      const names = await connection.tableNames();
      for (const existing of names) {
        const dimension = dimensionFromTableName(space.model, existing);
        if (dimension !== null && dimension !== space.dimension) {
          throw new EmbeddingSpaceMismatchError(
            `Model "${space.model}" is already stored with dimension ${dimension} (table ${existing}), not ${space.dimension}; ` +
              'give a re-trained or different model its own name',
          );
        }
      }
      const writes = sharedSerialQueue(`${resolve(this.directory)}::${name}`);
      const table = await writes.run(async () => {
        const opened = names.includes(name)
          ? await connection.openTable(name)
          : await this.createTable(connection, name, space);
        await assertTableSpace(opened, space);
        await ensureIndexes(opened);
        return opened;
      });
      return { connection, table, space, writes };
    } catch (error) {
      connection.close();
      throw error;
    }
  }

  private async createTable(connection: Connection, name: string, space: EmbeddingSpace): Promise<Table> {
    try {
      return await connection.createEmptyTable(name, chunkTableSchema(space), { mode: 'create', existOk: true });
    } catch (error) {
      // Another process may have created it between tableNames() and here.
      if ((await connection.tableNames()).includes(name)) return connection.openTable(name);
      throw error;
    }
  }

  private async denseSearch(
    state: OpenState,
    vector: number[],
    predicate: string,
    candidates: number,
  ): Promise<RankedChunk[]> {
    const rows = (await state.table
      .query()
      // Stored vectors have unit length: the dot product ranks as cosine (and 1 - it is the cosine distance) without
      // LanceDB normalising every stored vector on each search, which took half the search's time.
      .nearestTo(Float32Array.from(toUnitVector(vector)))
      .distanceType('dot')
      .where(predicate)
      .select([...STORED_CHUNK_COLUMNS, '_distance'])
      .limit(candidates)
      .toArray()) as Record<string, unknown>[];
    return rows.map((row) => {
      const cosine = 1 - numberField(row, '_distance');
      return { chunk: toStoredChunk(row), cosine: Number.isFinite(cosine) ? cosine : null };
    });
  }

  private async lexicalSearch(
    state: OpenState,
    text: string,
    vector: number[],
    predicate: string,
    candidates: number,
  ): Promise<RankedChunk[]> {
    const rows = (await state.table
      .query()
      // MatchQuery takes the text as terms, so no query-syntax characters reach a parser.
      .fullTextSearch(new MatchQuery(text, SEARCH_TEXT_COLUMN))
      .fastSearch()
      .where(predicate)
      .select([...STORED_CHUNK_COLUMNS, VECTOR_COLUMN, '_score'])
      .limit(candidates)
      .toArray()) as Record<string, unknown>[];
    return rows.map((row) => {
      const stored = vectorOf(row);
      return { chunk: toStoredChunk(row), cosine: stored ? cosineSimilarity(vector, stored) : null };
    });
  }

  /** In the writing process, a search waits for its own writes to be indexed (read-your-writes). */
  private async catchUpIndexesForRead(): Promise<void> {
    if (this.indexedSeq >= this.writeSeq) return;
    try {
      await this.refreshIndexes();
    } catch (error) {
      this.logger.warn(
        `LanceDB index refresh before search failed; recent chunks may be missing lexically: ${errorMessage(error)}`,
      );
    }
  }

  private scheduleIndexRefresh(): void {
    const now = Date.now();
    this.firstUnindexedWriteAt ??= now;
    this.clearRefreshTimer();
    const deadline = this.firstUnindexedWriteAt + this.options.indexRefreshMaxDelayMs;
    const delay = Math.max(0, Math.min(this.options.indexRefreshDelayMs, deadline - now));
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      if (!this.state) return;
      this.refreshIndexes().catch((error: unknown) => {
        this.logger.warn(`LanceDB background index refresh failed: ${errorMessage(error)}`);
      });
    }, delay);
    // A pending refresh must not keep a finished process (or a test run) alive.
    this.refreshTimer.unref();
  }

  private clearRefreshTimer(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
  }

  private requireOpen(): OpenState {
    if (!this.state) throw new VectorStoreNotOpenError('LanceDbVectorStore');
    return this.state;
  }
}

async function ensureIndexes(table: Table): Promise<void> {
  const indexed = async (): Promise<Set<string>> =>
    new Set((await table.listIndices()).flatMap((index) => (index.columns.length === 1 ? index.columns : [])));
  const existing = await indexed();
  for (const spec of INDEXES) {
    if (existing.has(spec.column)) continue;
    const options: Partial<IndexOptions> = { config: spec.config(), replace: false };
    try {
      await table.createIndex(spec.column, options);
    } catch (error) {
      // Another process may have built it first; anything else is a real failure.
      if (!(await indexed()).has(spec.column)) throw error;
    }
  }
}

/** Whether the full-text index misses rows: lexical search reads only indexed rows (`fastSearch`). */
async function hasUnindexedText(table: Table): Promise<boolean> {
  const fts = (await table.listIndices()).find((index) => index.columns.includes(SEARCH_TEXT_COLUMN));
  if (!fts) return false;
  const stats = await table.indexStats(fts.name);
  return (stats?.numUnindexedRows ?? 0) > 0;
}

async function assertTableSpace(table: Table, space: EmbeddingSpace): Promise<void> {
  const stored = spaceOfSchema(await table.schema());
  if (stored.model !== space.model || stored.dimension !== space.dimension) {
    throw new EmbeddingSpaceMismatchError(
      `Table ${table.name} holds model "${stored.model ?? '?'}" with dimension ${stored.dimension ?? '?'}, ` +
        `not ${describeSpace(space)}`,
    );
  }
}

function describeSpace(space: EmbeddingSpace): string {
  return `"${space.model}" (${space.dimension} dimensions)`;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
