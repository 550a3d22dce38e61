import { randomUUID } from 'node:crypto';
import { QdrantClient } from '@qdrant/js-client-rest';
import { RRF_K } from '../fusion';
import { termIndex } from '../lexical/bm25-sparse';
import { axisVector, fakeChunk, fakeDocumentChunks, newWorkspaceId } from '../testing/fake-chunks';
import { EmbeddingSpace } from '../vector-store.port';
import { QdrantVectorStore } from './qdrant.adapter';
import { DENSE_VECTOR, SPARSE_VECTOR, qdrantCollectionName } from './qdrant-collection.schema';
import { EmbeddingSpaceMismatchError, VectorStoreNotOpenError } from '../vector-store.errors';
import { QdrantRequestError } from './qdrant.errors';
import { QdrantDouble, RecordedRequest } from './testing/qdrant-double';

// Every call is an HTTP round trip through a schema-validating server; a loaded CI machine needs the slack.
jest.setTimeout(30_000);

const D = 8;

describe('QdrantVectorStore against the spec-checked double', () => {
  let double: QdrantDouble;
  const stores: QdrantVectorStore[] = [];

  const space = (dimension = D): EmbeddingSpace => ({ model: `adapter-${randomUUID().slice(0, 8)}`, dimension });
  const newStore = (options: { batchSize?: number; timeoutMs?: number } = {}): QdrantVectorStore => {
    const store = new QdrantVectorStore({ url: double.url, ...options });
    stores.push(store);
    return store;
  };
  const openStore = async (s: EmbeddingSpace = space()): Promise<QdrantVectorStore> => {
    const store = newStore();
    await store.open(s);
    return store;
  };
  const admin = (): QdrantClient => new QdrantClient({ url: double.url, checkCompatibility: false });
  const bodyOf = <T>(request: RecordedRequest): T => request.body as T;

  beforeAll(async () => {
    double = await QdrantDouble.start();
  });

  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    try {
      expect(double.violations).toEqual([]);
    } finally {
      double.reset();
    }
  });

  afterAll(async () => {
    await double.close();
  });

  describe('open', () => {
    it('creates the collection with a cosine dense vector, an idf sparse vector and the model in its metadata', async () => {
      const s = space();
      const store = await openStore(s);
      const [create] = double.requestsFor('create_collection');

      expect(create.path).toBe(`/collections/${qdrantCollectionName(s)}`);
      expect(store.collectionName).toBe(qdrantCollectionName(s));
      expect(create.body).toEqual({
        vectors: { [DENSE_VECTOR]: { size: D, distance: 'Cosine' } },
        sparse_vectors: { [SPARSE_VECTOR]: { modifier: 'idf' } },
        metadata: { 'switchboard.model': s.model, 'switchboard.dimension': D, 'switchboard.layout': '1' },
      });
      const info = await admin().getCollection(store.collectionName);
      expect(info.config.metadata).toMatchObject({ 'switchboard.model': s.model });
    });

    it('creates keyword payload indexes on every filtered field, the workspace one as the tenant index', async () => {
      await openStore();
      const indexes = double.requestsFor('create_field_index');

      expect(indexes.map((request) => request.body)).toEqual([
        { field_name: 'workspaceId', field_schema: { type: 'keyword', is_tenant: true } },
        { field_name: 'visibility', field_schema: 'keyword' },
        { field_name: 'sourceId', field_schema: 'keyword' },
        { field_name: 'documentId', field_schema: 'keyword' },
      ]);
      expect(indexes.every((request) => request.query.wait === 'true')).toBe(true);
    });

    it('opens an existing collection without creating it or its indexes again', async () => {
      const s = space();
      await openStore(s);
      await openStore(s);
      expect(double.requestsFor('create_collection')).toHaveLength(1);
      expect(double.requestsFor('create_field_index')).toHaveLength(4);
    });

    it('survives another process creating the collection at the same moment', async () => {
      const s = space();
      await Promise.all([openStore(s), openStore(s)]);
      expect(double.collectionNames()).toEqual([qdrantCollectionName(s)]);
      // The loser's create is refused by the server (409) and then found to exist.
      expect(double.rejections.filter((r) => r.includes('already exists')).length).toBeLessThanOrEqual(1);
    });

    it('refuses an existing collection whose vectors have another size', async () => {
      const s = space();
      await admin().createCollection(qdrantCollectionName(s), {
        vectors: { [DENSE_VECTOR]: { size: 4, distance: 'Cosine' } },
        sparse_vectors: { [SPARSE_VECTOR]: { modifier: 'idf' } },
      });
      const store = newStore();
      await expect(store.open(s)).rejects.toThrow(EmbeddingSpaceMismatchError);
      await expect(store.open(s)).rejects.toThrow(/holds 4-dimensional Cosine vectors, not ".*" \(8 dimensions\)/);
      expect(() => store.collectionName).toThrow(VectorStoreNotOpenError);
    });

    it('refuses an existing collection without the idf sparse vector', async () => {
      const s = space();
      await admin().createCollection(qdrantCollectionName(s), {
        vectors: { [DENSE_VECTOR]: { size: D, distance: 'Cosine' } },
        sparse_vectors: { [SPARSE_VECTOR]: {} },
      });
      await expect(newStore().open(s)).rejects.toThrow(/idf modifier/);
    });

    it('refuses a model already stored with another dimension', async () => {
      const s = space();
      await openStore(s);
      await expect(newStore().open({ ...s, dimension: D * 2 })).rejects.toThrow(
        new RegExp(`Model "${s.model}" is already stored with dimension ${D}`),
      );
    });

    it('refuses a collection recorded for another model', async () => {
      const s = space();
      await admin()
        .api()
        .createCollection({
          collection_name: qdrantCollectionName(s),
          vectors: { [DENSE_VECTOR]: { size: D, distance: 'Cosine' } },
          sparse_vectors: { [SPARSE_VECTOR]: { modifier: 'idf' } },
          metadata: { 'switchboard.model': 'someone-else' },
        });
      await expect(newStore().open(s)).rejects.toThrow(/holds model "someone-else"/);
    });

    it('requires open() before anything else', async () => {
      const store = newStore();
      await expect(store.count(newWorkspaceId())).rejects.toThrow(VectorStoreNotOpenError);
      expect(double.requests).toEqual([]);
    });
  });

  describe('writes', () => {
    it('upserts in batches, waiting for each, with every StoredChunk field in the payload and both vectors', async () => {
      const store = newStore({ batchSize: 2 });
      await store.open(space());
      const ws = newWorkspaceId();
      const chunks = fakeDocumentChunks({
        workspaceId: ws,
        dimension: D,
        texts: ['one', 'two', 'three', 'four', 'five'],
      });
      await store.upsert(ws, chunks);

      const upserts = double.requestsFor('upsert_points');
      expect(upserts).toHaveLength(3);
      expect(upserts.every((request) => request.query.wait === 'true')).toBe(true);
      type Upsert = { points: { id: string; vector: Record<string, unknown>; payload: Record<string, unknown> }[] };
      const points = upserts.flatMap((request) => bodyOf<Upsert>(request).points);
      expect(points.map((point) => point.id)).toEqual(chunks.map((chunk) => chunk.id));
      const { vector, ...stored } = chunks[0];
      expect(points[0].payload).toEqual(stored);
      expect(points[0].vector[DENSE_VECTOR]).toEqual(vector);
      expect(points[0].vector[SPARSE_VECTOR]).toEqual({
        indices: [termIndex('document'), termIndex('on')].sort((a, b) => a - b),
        values: expect.any(Array),
      });
      expect(bodyOf<{ update_filter: unknown }>(upserts[0]).update_filter).toEqual({
        must: [{ key: 'workspaceId', match: { value: ws } }],
      });
      expect(await store.count(ws)).toBe(5);
    });

    it('deletes a document by filter, keeping the listed ids, and waits for it', async () => {
      const store = await openStore();
      const ws = newWorkspaceId();
      const doc = fakeDocumentChunks({ workspaceId: ws, dimension: D, texts: ['a', 'b', 'c'] });
      await store.upsert(ws, doc);
      await store.deleteByDocument(ws, doc[0].documentId, [doc[2].id, doc[2].id]);

      const [request] = double.requestsFor('delete_points');
      expect(request.query.wait).toBe('true');
      expect(request.body).toEqual({
        filter: {
          must: [
            { key: 'workspaceId', match: { value: ws } },
            { key: 'documentId', match: { value: doc[0].documentId } },
          ],
          must_not: [{ has_id: [doc[2].id] }],
        },
      });
      expect(await store.listChunkIds(ws, doc[0].documentId)).toEqual([doc[2].id]);
    });

    it('lists chunk ids page by page, in document order, without vectors', async () => {
      const store = await openStore();
      const ws = newWorkspaceId();
      const doc = fakeDocumentChunks({
        workspaceId: ws,
        dimension: D,
        texts: Array.from({ length: 300 }, (_, i) => `t${i}`),
      });
      await store.upsert(ws, doc);
      expect(await store.listChunkIds(ws, doc[0].documentId)).toEqual(doc.map((chunk) => chunk.id));

      const scrolls = double.requestsFor('scroll_points');
      expect(scrolls).toHaveLength(2);
      expect(scrolls.every((request) => bodyOf<{ with_vector: unknown }>(request).with_vector === false)).toBe(true);
    });

    it('counts exactly', async () => {
      const store = await openStore();
      await store.count(newWorkspaceId(), { visibility: ['internal'] });
      const [request] = double.requestsFor('count_points');
      expect(bodyOf<{ exact: boolean }>(request).exact).toBe(true);
    });

    it('refuses non-UUID ids before sending anything', async () => {
      const store = await openStore();
      const ws = newWorkspaceId();
      const sent = double.requests.length;
      await expect(store.upsert(ws, [fakeChunk({ workspaceId: ws, dimension: D, id: 'chunk-1' })])).rejects.toThrow(
        /non-UUID id/,
      );
      await expect(store.deleteByDocument(ws, 'doc-1')).rejects.toThrow(/documentId/);
      await expect(store.count(ws, { sourceIds: ['nope'] })).rejects.toThrow(/sourceId/);
      expect(double.requests.length).toBe(sent);
    });
  });

  describe('search', () => {
    it('sends one Query API batch: hybrid prefetch + RRF fusion, then dense alone, then sparse alone', async () => {
      const store = await openStore();
      const ws = newWorkspaceId();
      const refund = fakeChunk({
        workspaceId: ws,
        dimension: D,
        text: 'Refunds take five days.',
        vector: axisVector(D, 1),
      });
      const other = fakeChunk({ workspaceId: ws, dimension: D, text: 'Shipping is free.', vector: axisVector(D, 0) });
      await store.upsert(ws, [refund, other]);
      const before = double.requests.length;

      const hits = await store.search({
        workspaceId: ws,
        text: 'refund',
        vector: axisVector(D, 0),
        limit: 2,
        visibility: ['public'],
      });

      const sent = double.requests.slice(before);
      expect(sent.map((request) => request.operationId)).toEqual(['query_batch_points']);
      type Search = {
        prefetch?: { using: string; query: unknown; filter: unknown; limit: number }[];
        query: unknown;
        using?: string;
        filter: unknown;
        limit: number;
        with_payload: boolean;
      };
      const [hybrid, dense, sparse] = bodyOf<{ searches: Search[] }>(sent[0]).searches;
      const filter = {
        must: [
          { key: 'workspaceId', match: { value: ws } },
          { key: 'visibility', match: { any: ['public'] } },
        ],
      };
      expect(hybrid.prefetch?.map((prefetch) => prefetch.using)).toEqual([DENSE_VECTOR, SPARSE_VECTOR]);
      expect(hybrid.query).toEqual({ rrf: { k: RRF_K + 1 } });
      expect(hybrid).toMatchObject({ filter, limit: 2, with_payload: true });
      for (const prefetch of hybrid.prefetch ?? []) expect(prefetch).toMatchObject({ filter, limit: 50 });
      expect(dense).toMatchObject({
        using: DENSE_VECTOR,
        query: axisVector(D, 0),
        filter,
        limit: 50,
        with_payload: false,
      });
      expect(sparse).toMatchObject({
        using: SPARSE_VECTOR,
        query: { indices: [termIndex('refund')], values: [1] },
        filter,
      });

      expect(hits.map((hit) => [hit.chunk.id, hit.denseRank, hit.lexicalRank])).toEqual([
        [refund.id, 2, 1],
        [other.id, 1, null],
      ]);
      expect(hits[0].score).toBeCloseTo(1 / (RRF_K + 2) + 1 / (RRF_K + 1), 12);
      expect(hits[0].cosine).toBeCloseTo(0, 6);
      expect(hits[1].cosine).toBeCloseTo(1, 6);
    });

    it('breaks score ties as fusion.ts does: the better dense rank first', async () => {
      const store = await openStore();
      const ws = newWorkspaceId();
      // Dense 1 + lexical 2 against dense 2 + lexical 1: the same RRF score.
      const nearer = fakeChunk({
        workspaceId: ws,
        dimension: D,
        vector: axisVector(D, 0),
        text: 'refund policy for orders shipped abroad',
      });
      const wordier = fakeChunk({ workspaceId: ws, dimension: D, vector: axisVector(D, 1), text: 'refund' });
      await store.upsert(ws, [wordier, nearer]);
      const hits = await store.search({ workspaceId: ws, text: 'refund', vector: axisVector(D, 0), limit: 2 });

      expect(hits.map((hit) => [hit.chunk.id, hit.denseRank, hit.lexicalRank])).toEqual([
        [nearer.id, 1, 2],
        [wordier.id, 2, 1],
      ]);
      expect(hits[0].score).toBe(hits[1].score);
    });

    it('leaves the sparse side out when the text has no terms', async () => {
      const store = await openStore();
      const ws = newWorkspaceId();
      await store.upsert(ws, [fakeChunk({ workspaceId: ws, dimension: D })]);
      await store.search({ workspaceId: ws, text: ' the of ', vector: axisVector(D, 0), limit: 1 });

      const [request] = double.requestsFor('query_batch_points');
      const { searches } = bodyOf<{ searches: { prefetch?: { using: string }[] }[] }>(request);
      expect(searches).toHaveLength(2);
      expect(searches[0].prefetch?.map((prefetch) => prefetch.using)).toEqual([DENSE_VECTOR]);
    });

    it('lets Qdrant weigh rare terms above common ones (idf)', async () => {
      const store = await openStore();
      const ws = newWorkspaceId();
      // Without IDF the repeated common term would win (higher tf weight); with it the rare term does.
      const common = Array.from({ length: 6 }, (_, i) =>
        fakeChunk({ workspaceId: ws, dimension: D, text: `invoice invoice invoice ${i}` }),
      );
      const rare = fakeChunk({ workspaceId: ws, dimension: D, text: 'chargeback' });
      await store.upsert(ws, [...common, rare]);
      const hits = await store.search({
        workspaceId: ws,
        text: 'invoice chargeback',
        vector: axisVector(D, 3),
        limit: 10,
      });
      expect(hits.find((hit) => hit.lexicalRank === 1)?.chunk.id).toBe(rare.id);
    });
  });

  describe('failures', () => {
    it("reports Qdrant's own error message and status, and recovers after the fault", async () => {
      const store = await openStore();
      const ws = newWorkspaceId();
      double.failNext(503);
      const failure = store.count(ws);
      await expect(failure).rejects.toThrow(QdrantRequestError);
      await expect(failure).rejects.toMatchObject({
        status: 503,
        message: expect.stringContaining('Injected fault (503)'),
      });
      expect(await store.count(ws)).toBe(0);
    });

    it('times out a request that takes longer than timeoutMs', async () => {
      const s = space();
      await openStore(s);
      const slow = newStore({ timeoutMs: 50 });
      double.delayMs = 300;
      await expect(slow.open(s)).rejects.toThrow(/timeout|abort/i);
    });
  });

  describe('the double itself', () => {
    const send = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
      const response = await fetch(`${double.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, json: await response.json() };
    };

    it('catches a body the Qdrant spec rejects, answers 400 and records the violation', async () => {
      const s = space();
      await openStore(s);
      const name = qdrantCollectionName(s);
      const response = await send('PUT', `/collections/${name}/points?wait=true`, {
        points: [{ id: 'not-a-uuid', vector: { [DENSE_VECTOR]: axisVector(D, 0) } }],
      });

      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ status: { error: expect.stringContaining('Format error') } });
      expect(double.violations).toEqual([
        expect.stringMatching(/upsert_points.*\/points\/0\/id must match format "uuid"/),
      ]);
      expect(await admin().count(name)).toEqual({ count: 0 });
      double.violations.length = 0;
    });

    it('treats an OpenAPI `nullable` alternative as null, not as "anything"', async () => {
      const s = space();
      await openStore(s);
      const response = await send('POST', `/collections/${qdrantCollectionName(s)}/points/count`, { filter: 42 });
      expect(response.status).toBe(400);
      expect(double.violations).toEqual([expect.stringMatching(/count_points.*\/filter/)]);
      double.violations.length = 0;
    });

    it('flags unknown query parameters, unknown operations and operations it does not emulate', async () => {
      expect((await send('GET', '/collections/x/exists?wiat=true')).status).toBe(400);
      expect((await send('POST', '/collections/x/points/serach', {})).status).toBe(404);
      expect((await send('GET', '/telemetry')).status).toBe(501);
      expect(double.violations).toEqual([
        expect.stringContaining('query parameter "wiat" is not in the spec'),
        expect.stringContaining('no operation of the Qdrant'),
        expect.stringContaining('does not implement the operation telemetry'),
      ]);
      double.violations.length = 0;
    });

    it('answers 404 for a collection that does not exist, like Qdrant', async () => {
      const response = await send('GET', '/collections/missing');
      expect(response).toEqual({
        status: 404,
        json: { status: { error: "Not found: Collection `missing` doesn't exist!" }, time: expect.any(Number) },
      });
      expect(double.rejections).toEqual([expect.stringContaining('404')]);
    });
  });
});
