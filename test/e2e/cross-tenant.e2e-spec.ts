import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { eventually } from '../support/eventually';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { startWorker } from '../support/test-worker';
import { createWorkspace } from '../support/widget-client';

interface Tenant {
  id: string;
  auth: string;
}

/** What workspace A owns: the ids workspace B tries to reach. */
interface TenantAData {
  textSourceId: string;
  uploadSourceId: string;
  documentIds: string[];
  syncIds: string[];
  traceId: string;
}

const RETURNS =
  '# Returns policy\n\nYou can return unworn shoes within 30 days of delivery for a full refund. Refunds reach your card within five working days.';

describe('cross-tenant isolation: workspace B cannot read or act on workspace A', () => {
  let environment: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;
  let a: Tenant;
  let b: Tenant;
  let mine: TenantAData;
  let bSourceId: string;

  const as = (tenant: Tenant) => ({
    get: (path: string) => request(api.url).get(path).set('Authorization', tenant.auth),
    post: (path: string) => request(api.url).post(path).set('Authorization', tenant.auth),
    delete: (path: string) => request(api.url).delete(path).set('Authorization', tenant.auth),
  });

  const createSource = async (tenant: Tenant, type: 'text' | 'upload'): Promise<string> =>
    (
      await as(tenant)
        .post('/v1/knowledge/sources')
        .send({ name: `${type} source`, type, visibility: 'public' })
        .expect(201)
    ).body.id;

  const waitForSync = (tenant: Tenant, sourceId: string, syncId: string) =>
    eventually(
      async () =>
        (await as(tenant).get(`/v1/knowledge/sources/${sourceId}/syncs/${syncId}`)).body.status === 'completed',
      { what: `sync ${syncId} to complete` },
    );

  /** A's state as A sees it, to compare before and after B's attempts. */
  const snapshotOfA = async () => ({
    sources: (await as(a).get('/v1/knowledge/sources').expect(200)).body.map((s: { id: string }) => s.id).sort(),
    textDocuments: (await as(a).get(`/v1/knowledge/sources/${mine.textSourceId}/documents`).expect(200)).body
      .map((d: { id: string; contentHash: string; version: number }) => `${d.id}:${d.contentHash}:${d.version}`)
      .sort(),
    uploadDocuments: (await as(a).get(`/v1/knowledge/sources/${mine.uploadSourceId}/documents`).expect(200)).body
      .length,
    syncs: (await as(a).get(`/v1/knowledge/sources/${mine.textSourceId}/syncs`).expect(200)).body
      .map((s: { id: string }) => s.id)
      .sort(),
    uploadSyncs: (await as(a).get(`/v1/knowledge/sources/${mine.uploadSourceId}/syncs`).expect(200)).body.length,
    trace: (await as(a).get(`/v1/answers/traces/${mine.traceId}`).expect(200)).body as { id: string; feedback: number },
  });

  beforeAll(async () => {
    environment = await createTestEnvironment('cross-tenant');
    api = await startApi(environment);
    worker = await startWorker(environment);
    a = await createWorkspace(api, 'Tenant A');
    b = await createWorkspace(api, 'Tenant B');

    const textSourceId = await createSource(a, 'text');
    const uploadSourceId = await createSource(a, 'upload');
    const added = await as(a)
      .post(`/v1/knowledge/sources/${textSourceId}/documents`)
      .send({ id: 'returns', title: 'Returns policy', text: RETURNS })
      .expect(202);
    await waitForSync(a, textSourceId, added.body.sync.id);
    const answer = await as(a)
      .post('/v1/answers')
      .send({ question: 'How many days do I have to return shoes?', threshold: 0, noCache: true })
      .expect(200);
    await as(a).post(`/v1/answers/traces/${answer.body.traceId}/feedback`).send({ helpful: true }).expect(204);
    mine = {
      textSourceId,
      uploadSourceId,
      documentIds: added.body.documents.map((d: { id: string }) => d.id),
      syncIds: [added.body.sync.id],
      traceId: answer.body.traceId,
    };
    bSourceId = await createSource(b, 'text');
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await environment?.destroy();
  });

  it('has the data B will try to reach (a trace with feedback, a document, a sync)', async () => {
    const before = await snapshotOfA();
    expect(before.trace).toMatchObject({ id: mine.traceId, feedback: 1 });
    expect(before.textDocuments).toHaveLength(1);
    expect(before.syncs).toEqual(mine.syncIds);
  });

  it("answers 404 to B for A's answer trace and its feedback, and A's feedback stays", async () => {
    const before = await snapshotOfA();
    await as(b).get(`/v1/answers/traces/${mine.traceId}`).expect(404);
    await as(b).post(`/v1/answers/traces/${mine.traceId}/feedback`).send({ helpful: false }).expect(404);
    const after = await snapshotOfA();
    expect(after.trace).toEqual(before.trace);
    expect(after.trace.feedback).toBe(1);
  });

  it("answers 404 to B deleting A's source, and the source and its documents stay", async () => {
    const before = await snapshotOfA();
    await as(b).delete(`/v1/knowledge/sources/${mine.textSourceId}`).expect(404);
    await as(b).delete(`/v1/knowledge/sources/${mine.uploadSourceId}`).expect(404);
    expect(await snapshotOfA()).toEqual(before);
    await as(a).get(`/v1/knowledge/sources/${mine.textSourceId}`).expect(200);
  });

  it("answers 404 to B importing into A's source (even with replace=true), and A's documents stay", async () => {
    const before = await snapshotOfA();
    const line = `${JSON.stringify({ id: 'planted', title: 'Planted', text: 'Refunds take a year.' })}\n`;
    for (const query of ['', '?replace=true']) {
      await as(b)
        .post(`/v1/knowledge/sources/${mine.textSourceId}/import${query}`)
        .set('Content-Type', 'application/x-ndjson')
        .send(line)
        .expect(404);
    }
    await as(b)
      .post(`/v1/knowledge/sources/${mine.textSourceId}/documents`)
      .send({ id: 'returns', title: 'Planted', text: 'Refunds take a year.' })
      .expect(404);
    expect(await snapshotOfA()).toEqual(before);
  });

  it("answers 404 to B uploading files into A's upload source, and nothing is added", async () => {
    const before = await snapshotOfA();
    await as(b)
      .post(`/v1/knowledge/sources/${mine.uploadSourceId}/files`)
      .attach('files', Buffer.from('# Planted\n\nRefunds take a year.'), {
        filename: 'planted.md',
        contentType: 'text/markdown',
      })
      .expect(404);
    expect(await snapshotOfA()).toEqual(before);
  });

  it("answers 404 to B listing, reading or starting A's syncs, and no sync is started", async () => {
    const before = await snapshotOfA();
    const [syncId] = mine.syncIds;
    await as(b).get(`/v1/knowledge/sources/${mine.textSourceId}/syncs`).expect(404);
    await as(b).get(`/v1/knowledge/sources/${mine.textSourceId}/syncs/${syncId}`).expect(404);
    // A's sync id under B's own source is not a way in either.
    await as(b).get(`/v1/knowledge/sources/${bSourceId}/syncs/${syncId}`).expect(404);
    await as(b).post(`/v1/knowledge/sources/${mine.textSourceId}/sync`).expect(404);
    await as(b).post(`/v1/knowledge/sources/${mine.uploadSourceId}/sync`).expect(404);
    expect(await snapshotOfA()).toEqual(before);
  });

  it("answers 404 to B deleting A's document, through A's source or B's own, and the document stays", async () => {
    const before = await snapshotOfA();
    const [documentId] = mine.documentIds;
    await as(b).delete(`/v1/knowledge/sources/${mine.textSourceId}/documents/${documentId}`).expect(404);
    await as(b).delete(`/v1/knowledge/sources/${bSourceId}/documents/${documentId}`).expect(404);
    expect(await snapshotOfA()).toEqual(before);
    expect(before.textDocuments).toEqual([expect.stringMatching(new RegExp(`^${documentId}:`))]);
  });

  it("still lets A do all of it: the 404s are B's, not broken endpoints", async () => {
    const [documentId] = mine.documentIds;
    await as(a).get(`/v1/knowledge/sources/${mine.textSourceId}/syncs/${mine.syncIds[0]}`).expect(200);
    await as(a).post(`/v1/answers/traces/${mine.traceId}/feedback`).send({ helpful: false }).expect(204);
    expect((await as(a).get(`/v1/answers/traces/${mine.traceId}`).expect(200)).body.feedback).toBe(-1);
    await as(a).delete(`/v1/knowledge/sources/${mine.textSourceId}/documents/${documentId}`).expect(204);
    await as(a).delete(`/v1/knowledge/sources/${mine.textSourceId}`).expect(204);
    await as(a).get(`/v1/knowledge/sources/${mine.textSourceId}`).expect(404);
  });
});
