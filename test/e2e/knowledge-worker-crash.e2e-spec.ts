import { WorkspaceId } from '@switchboard/database';
import { VECTOR_STORE, VectorStore } from '@switchboard/vector-store';
import request from 'supertest';
import { eventually } from '../support/eventually';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { SpawnedWorker, spawnWorker } from '../support/test-worker';

const DOCUMENTS = 60;

function article(i: number): string {
  const topics = ['billing', 'shipping', 'returns', 'accounts', 'security', 'warranty'];
  const topic = topics[i % topics.length];
  return Array.from({ length: 6 }, (_, section) =>
    [
      `## Part ${section + 1} of guide ${i}`,
      `This part of guide ${i} covers ${topic} question number ${section}. Customers often ask how ${topic} works for order ${i * 10 + section}.`,
      `The answer depends on the plan: on the basic plan the ${topic} rule ${section} applies, on the premium plan rule ${section + 1} applies instead.`,
      `If anything is unclear, contact support and quote reference ${i}-${section}; an agent replies within one working day.`,
    ].join('\n\n'),
  ).join('\n\n');
}

describe('ingestion survives a worker killed mid-sync', () => {
  let environment: TestEnvironment;
  let api: TestApi;
  const workers: SpawnedWorker[] = [];

  beforeAll(async () => {
    // A short lock lets the restarted worker take over the dead worker's jobs quickly.
    environment = await createTestEnvironment('crash', { QUEUE_LOCK_DURATION_MS: '2000', INGEST_CONCURRENCY: '2' });
    api = await startApi(environment);
  });

  afterAll(async () => {
    for (const worker of workers) {
      if (worker.process.exitCode === null && worker.process.signalCode === null) {
        worker.process.kill('SIGTERM');
        await worker.exited;
      }
    }
    await api?.close();
    await environment?.destroy();
  });

  it('completes the sync after SIGKILL and a restart, every document indexed exactly once', async () => {
    const created = await request(api.url)
      .post('/v1/workspaces')
      .set('Authorization', `Bearer ${api.config.adminToken}`)
      .send({ name: 'Crash test' })
      .expect(201);
    const workspaceId: WorkspaceId = created.body.workspace.id;
    const auth = `Bearer ${created.body.apiKey.key}`;
    const source = await request(api.url)
      .post('/v1/knowledge/sources')
      .set('Authorization', auth)
      .send({ name: 'Guides', type: 'text', visibility: 'public' })
      .expect(201);
    const lines = Array.from({ length: DOCUMENTS }, (_, i) =>
      JSON.stringify({ id: `guide-${i}`, title: `Guide ${i}`, text: article(i) }),
    );
    const accepted = await request(api.url)
      .post(`/v1/knowledge/sources/${source.body.id}/import`)
      .set('Authorization', auth)
      .set('Content-Type', 'application/x-ndjson')
      .send(lines.join('\n'))
      .expect(202);
    const syncUrl = `/v1/knowledge/sources/${source.body.id}/syncs/${accepted.body.sync.id}`;
    const progress = async () => (await request(api.url).get(syncUrl).set('Authorization', auth).expect(200)).body;

    const first = spawnWorker(environment);
    workers.push(first);
    await first.started;
    const before = await eventually(
      async () => {
        const current = await progress();
        return current.done >= 3 ? current : undefined;
      },
      { what: 'some documents to be ingested', timeoutMs: 90_000, intervalMs: 20 },
    );
    first.process.kill('SIGKILL');
    await first.exited;
    const atKill = await progress();
    expect(before.done).toBeLessThan(DOCUMENTS);
    expect(atKill.status).toBe('running');

    const second = spawnWorker(environment);
    workers.push(second);
    await second.started;
    const done = await eventually(
      async () => {
        const current = await progress();
        return current.status !== 'running' ? current : undefined;
      },
      { what: 'the sync to complete after the restart', timeoutMs: 120_000 },
    );
    expect(done).toMatchObject({ status: 'completed', total: DOCUMENTS, indexed: DOCUMENTS, failed: 0 });

    const store: VectorStore = api.app.get(VECTOR_STORE);
    const documents = (
      await request(api.url)
        .get(`/v1/knowledge/sources/${source.body.id}/documents?limit=200`)
        .set('Authorization', auth)
        .expect(200)
    ).body as Array<{ id: string; chunkCount: number; status: string }>;
    expect(documents).toHaveLength(DOCUMENTS);
    let expectedChunks = 0;
    for (const document of documents) {
      expect(document.status).toBe('indexed');
      const ids = await store.listChunkIds(workspaceId, document.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(document.chunkCount);
      expect(document.chunkCount).toBeGreaterThan(0);
      expectedChunks += document.chunkCount;
    }
    expect(await store.count(workspaceId)).toBe(expectedChunks);
  }, 300_000);
});
