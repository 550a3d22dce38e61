import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@lancedb/lancedb';
import type { WorkspaceId } from '@switchboard/database';
import { axisVector, fakeChunk, fakeDocumentChunks, newWorkspaceId } from '../testing/fake-chunks';
import { ChunkRecord, EmbeddingSpace } from '../vector-store.port';
import { SEARCH_TEXT_COLUMN, chunkTableName } from './chunk-table.schema';
import { LanceDbVectorStore, LanceDbVectorStoreOptions } from './lancedb.adapter';
import {
  ChunkOwnershipError,
  EmbeddingSpaceMismatchError,
  InvalidChunkError,
  VectorStoreNotOpenError,
} from '../vector-store.errors';
import { InvalidPredicateValueError } from './sql-predicate';

const space: EmbeddingSpace = { model: 'test/mini-embed:v1', dimension: 8 };
const silent = { warn: jest.fn() };

describe('LanceDbVectorStore', () => {
  let directory: string;
  const opened: LanceDbVectorStore[] = [];

  const openStore = async (options: LanceDbVectorStoreOptions = {}, at = space): Promise<LanceDbVectorStore> => {
    const store = new LanceDbVectorStore(directory, { logger: silent, ...options });
    opened.push(store);
    await store.open(at);
    return store;
  };
  const chunk = (ws: string, overrides: Partial<ChunkRecord> = {}): ChunkRecord =>
    fakeChunk({ workspaceId: ws, ...overrides });
  const unindexedFtsRows = async (): Promise<number | undefined> => {
    const connection = await connect(directory);
    const table = await connection.openTable(chunkTableName(space));
    const stats = await table.indexStats(`${SEARCH_TEXT_COLUMN}_idx`);
    table.close();
    connection.close();
    return stats?.numUnindexedRows;
  };

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'switchboard-lancedb-adapter-'));
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    await rm(directory, { recursive: true, force: true });
  });

  describe('open', () => {
    it('refuses calls before open', async () => {
      const store = new LanceDbVectorStore(directory, { logger: silent });
      await expect(store.count(newWorkspaceId())).rejects.toThrow(VectorStoreNotOpenError);
    });

    it('refuses the same model with another dimension, in the same directory', async () => {
      const first = await openStore();
      await first.close();
      const second = new LanceDbVectorStore(directory, { logger: silent });
      await expect(second.open({ ...space, dimension: 16 })).rejects.toThrow(EmbeddingSpaceMismatchError);
    });

    it('refuses to switch an open instance to another space, but opens another model beside it', async () => {
      const store = await openStore();
      await expect(store.open({ model: 'other-model', dimension: 8 })).rejects.toThrow(EmbeddingSpaceMismatchError);
      const other = await openStore({}, { model: 'other-model', dimension: 384 });
      const ws = newWorkspaceId();
      await other.upsert(ws, [fakeChunk({ workspaceId: ws, dimension: 384, vector: axisVector(384, 3) })]);
      expect(await other.count(ws)).toBe(1);
      expect(await store.count(ws)).toBe(0);
    });

    it('lets concurrent open() calls share one table', async () => {
      const store = new LanceDbVectorStore(directory, { logger: silent });
      opened.push(store);
      await Promise.all([store.open(space), store.open(space), store.open(space)]);
      const ws = newWorkspaceId();
      await store.upsert(ws, [chunk(ws)]);
      expect(await store.count(ws)).toBe(1);
    });

    it('names tables after the model and dimension, sanitised and kept distinct', () => {
      expect(chunkTableName(space)).toMatch(/^chunks_test_mini_embed_v1_[0-9a-f]{8}_d8$/);
      expect(chunkTableName({ model: 'a/b', dimension: 8 })).not.toBe(chunkTableName({ model: 'a-b', dimension: 8 }));
    });
  });

  describe('full-text index', () => {
    it('finds rows added after the index was created, ranking higher term frequency first', async () => {
      const store = await openStore({ indexRefreshDelayMs: 60_000 });
      const ws = newWorkspaceId();
      // LanceDB 0.31's scan of unindexed rows drops a row whose term appears 3+ times; the index must cover it.
      const often = chunk(ws, { text: 'refund refund refund: how a refund is paid back' });
      const once = chunk(ws, { text: 'a refund may take a week to arrive at your bank' });
      const never = chunk(ws, { text: 'opening hours of the support desk' });
      await store.upsert(ws, [once, never]);
      await store.upsert(ws, [often]);

      const hits = await store.search({ workspaceId: ws, text: 'refund', vector: axisVector(8, 0), limit: 5 });
      const lexical = hits.filter((hit) => hit.lexicalRank !== null).sort((a, b) => a.lexicalRank! - b.lexicalRank!);
      expect(lexical.map((hit) => hit.chunk.id)).toEqual([often.id, once.id]);
      expect(await unindexedFtsRows()).toBe(0);
    });

    it('indexes new rows in the background without waiting for a search', async () => {
      const store = await openStore({ indexRefreshDelayMs: 20 });
      const ws = newWorkspaceId();
      await store.upsert(ws, [chunk(ws, { text: 'background indexing works' })]);
      await waitFor(async () => (await unindexedFtsRows()) === 0);
    });

    it('reports cosine similarity for chunks only the lexical side found', async () => {
      const store = await openStore();
      const ws = newWorkspaceId();
      const many = Array.from({ length: 60 }, (_, i) => chunk(ws, { vector: axisVector(8, 0), text: `filler ${i}` }));
      const far = chunk(ws, { vector: [0, 0.6, 0, 0, 0, 0, 0, 0.8], text: 'the capybaralink manual' });
      await store.upsert(ws, [...many, far]);
      const hits = await store.search({ workspaceId: ws, text: 'capybaralink', vector: axisVector(8, 7), limit: 3 });
      const hit = hits.find((h) => h.chunk.id === far.id);
      expect(hit).toMatchObject({ lexicalRank: 1 });
      expect(hit?.cosine).toBeCloseTo(0.8, 5);
    });

    it('treats query text as plain terms, whatever characters it holds', async () => {
      const store = await openStore();
      const ws = newWorkspaceId();
      await store.upsert(ws, [chunk(ws, { text: 'it\'s a "quoted" (text) with: colons AND OR' })]);
      for (const text of ['"unbalanced', "it's", 'a:b OR (c', "' OR 1=1 --", '*', 'AND']) {
        await expect(store.search({ workspaceId: ws, text, vector: axisVector(8, 0), limit: 3 })).resolves.toHaveLength(
          1,
        );
      }
    });
  });

  describe('two processes on one directory', () => {
    it('a reader sees the writer’s commits on its next read, and lexically once the writer has indexed them', async () => {
      const writer = await openStore({ indexRefreshDelayMs: 60_000 });
      const reader = await openStore();
      const ws = newWorkspaceId();
      expect(await reader.count(ws)).toBe(0);

      const doc = fakeDocumentChunks({ workspaceId: ws, texts: ['the axolotlbridge firmware notes', 'other'] });
      await writer.upsert(ws, doc);
      expect(await reader.count(ws)).toBe(2);
      const dense = await reader.search({ workspaceId: ws, text: '', vector: doc[0].vector, limit: 5 });
      expect(dense).toHaveLength(2);

      await writer.refreshIndexes();
      const lexical = await reader.search({
        workspaceId: ws,
        text: 'axolotlbridge',
        vector: axisVector(8, 5),
        limit: 5,
      });
      expect(lexical.find((hit) => hit.lexicalRank === 1)?.chunk.id).toBe(doc[0].id);

      await writer.deleteByDocument(ws, doc[0].documentId, [doc[1].id]);
      expect(await reader.listChunkIds(ws, doc[0].documentId)).toEqual([doc[1].id]);
    });

    it('a new writer indexes rows an earlier writer left unindexed (it died before its refresh)', async () => {
      const dead = await openStore({ indexRefreshDelayMs: 60_000, indexRefreshMaxDelayMs: 60_000 });
      const ws = newWorkspaceId();
      const orphan = chunk(ws, { text: 'the quokkaprism restart notes' });
      await dead.upsert(ws, [orphan]);
      expect(await unindexedFtsRows()).toBe(1);

      const successor = await openStore({ indexRefreshDelayMs: 60_000 });
      await successor.refreshIndexes();
      expect(await unindexedFtsRows()).toBe(0);
      const hits = await successor.search({ workspaceId: ws, text: 'quokkaprism', vector: axisVector(8, 5), limit: 3 });
      expect(hits.find((hit) => hit.lexicalRank === 1)?.chunk.id).toBe(orphan.id);
    });

    it('closing the writer leaves its rows indexed for readers', async () => {
      const writer = await openStore({ indexRefreshDelayMs: 60_000 });
      const ws = newWorkspaceId();
      await writer.upsert(ws, [chunk(ws, { text: 'narwhalgate shutdown flush' })]);
      await writer.close();
      expect(await unindexedFtsRows()).toBe(0);
    });
  });

  describe('concurrent writes', () => {
    it('loses nothing when many upserts run at once, from one or two instances', async () => {
      const first = await openStore();
      const second = await openStore();
      const ws = newWorkspaceId();
      const batches = Array.from({ length: 24 }, () => Array.from({ length: 10 }, () => chunk(ws)));
      await Promise.all(batches.map((batch, i) => (i % 2 === 0 ? first : second).upsert(ws, batch)));
      expect(await first.count(ws)).toBe(240);
      expect(await second.count(ws)).toBe(240);
    });

    it('never duplicates ids upserted concurrently', async () => {
      const store = await openStore();
      const ws = newWorkspaceId();
      const chunks = Array.from({ length: 5 }, () => chunk(ws));
      await Promise.all(Array.from({ length: 8 }, () => store.upsert(ws, chunks)));
      await store.upsert(ws, [...chunks, chunks[0]]);
      expect(await store.count(ws)).toBe(5);
    });
  });

  describe('validation and injection', () => {
    const injections = ["x' OR '1'='1", "' OR 1=1 --", "00000000-0000-0000-0000-000000000000' OR true --"];

    it('refuses filter values that are not UUIDs or known visibilities', async () => {
      const store = await openStore();
      const ws = newWorkspaceId();
      await store.upsert(ws, [chunk(ws)]);
      const vector = axisVector(8, 0);
      for (const bad of injections) {
        await expect(store.search({ workspaceId: ws, text: 'x', vector, limit: 3, sourceIds: [bad] })).rejects.toThrow(
          InvalidPredicateValueError,
        );
        await expect(store.count(ws, { documentIds: [bad] })).rejects.toThrow(InvalidPredicateValueError);
        await expect(store.count(bad as WorkspaceId)).rejects.toThrow(InvalidPredicateValueError);
        await expect(store.deleteByDocument(ws, bad)).rejects.toThrow(InvalidPredicateValueError);
        await expect(store.deleteByDocument(ws, chunk(ws).documentId, [bad])).rejects.toThrow(
          InvalidPredicateValueError,
        );
        await expect(store.deleteBySource(bad as WorkspaceId, chunk(ws).sourceId)).rejects.toThrow(
          InvalidPredicateValueError,
        );
      }
      const visibility = ["public') OR (1=1"] as unknown as ['public'];
      await expect(store.count(ws, { visibility })).rejects.toThrow(InvalidPredicateValueError);
      expect(await store.count(ws)).toBe(1);
    });

    it('refuses chunks with malformed ids, so they can never reach a predicate later', async () => {
      const store = await openStore();
      const ws = newWorkspaceId();
      await expect(store.upsert(ws, [chunk(ws, { id: injections[0] })])).rejects.toThrow(InvalidChunkError);
      await expect(store.upsert(ws, [chunk(ws, { documentId: 'doc-1' })])).rejects.toThrow(InvalidChunkError);
      await expect(store.upsert(ws, [chunk(ws, { vector: [1, 0, 0, 0, 0, 0, 0, NaN] })])).rejects.toThrow(
        InvalidChunkError,
      );
      expect(await store.count(ws)).toBe(0);
    });

    it('stores text with quotes and SQL verbatim', async () => {
      const store = await openStore();
      const ws = newWorkspaceId();
      const tricky = chunk(ws, { title: "Robert'); DROP TABLE chunks;--", text: "' OR '1'='1" });
      await store.upsert(ws, [tricky]);
      const [hit] = await store.search({ workspaceId: ws, text: '', vector: tricky.vector, limit: 1 });
      expect(hit.chunk).toMatchObject({ title: tricky.title, text: tricky.text });
    });

    it('refuses to take over a chunk id owned by another workspace', async () => {
      const store = await openStore();
      const [a, b] = [newWorkspaceId(), newWorkspaceId()];
      const owned = chunk(a);
      await store.upsert(a, [owned]);
      await expect(store.upsert(b, [{ ...owned, workspaceId: b }])).rejects.toThrow(ChunkOwnershipError);
      expect(await store.count(b)).toBe(0);
    });

    it('rejects a non-positive limit', async () => {
      const store = await openStore();
      const query = { workspaceId: newWorkspaceId(), text: '', vector: axisVector(8, 0) };
      await expect(store.search({ ...query, limit: 0 })).rejects.toThrow(RangeError);
      await expect(store.search({ ...query, limit: 2.5 })).rejects.toThrow(RangeError);
    });
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
