import { WorkspaceId } from '@switchboard/database';
import { VECTOR_STORE, VectorStore } from '@switchboard/vector-store';
import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { eventually } from '../support/eventually';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { SpawnedWorker, spawnWorker } from '../support/test-worker';

/** Every sync started in a burst must end (completed, superseded or failed) within this long. */
const SYNC_BOUND_MS = 60_000;
const BURST = 5;
const ANIMALS = ['aardwolf', 'bilby', 'caracal', 'dugong', 'echidna', 'fossa'];
const SITE_ANIMALS = ['okapi', 'pangolin', 'quoll', 'serval', 'tapir', 'uakari', 'vicuna', 'wombat'];

/** A small site whose pages answer slowly, so overlapping crawls of it really overlap. */
async function startSite(): Promise<{ server: Server; origin: string }> {
  const pages = new Map<string, string>([
    [
      '/',
      `<html><head><title>Zoo</title></head><body><h1>Zoo</h1>${SITE_ANIMALS.map((a) => `<a href="/${a}">${a}</a>`).join('')}</body></html>`,
    ],
    ...SITE_ANIMALS.map((animal): [string, string] => [
      `/${animal}`,
      `<html><head><title>The ${animal}</title></head><body><h1>The ${animal}</h1><p>The ${animal} enclosure opens at ten.</p></body></html>`,
    ]),
  ]);
  const server = createServer((req, res) => {
    const page = pages.get(req.url ?? '/');
    setTimeout(() => {
      if (page) res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page);
      else res.writeHead(404).end('not found');
    }, 150);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

interface Sync {
  id: string;
  status: 'running' | 'completed' | 'failed' | 'superseded';
  error: string | null;
  total: number;
  done: number;
  finishedAt: string | null;
}

interface Hit {
  chunk: { documentId: string; title: string; text: string };
  lexicalRank: number | null;
}

function article(animal: string, revision: number): object {
  return {
    id: animal,
    title: `The ${animal}`,
    text: `The ${animal} is the animal of this article, revision rev${revision}. Keepers feed the ${animal} twice a day.`,
  };
}

describe('knowledge syncs against a running worker: completed means searchable, concurrent re-syncs end in order', () => {
  let environment: TestEnvironment;
  let api: TestApi;
  let worker: SpawnedWorker;
  let store: VectorStore;

  beforeAll(async () => {
    // A short lock lets a restarted worker take over a killed worker's jobs quickly.
    environment = await createTestEnvironment('concsync', {
      INGEST_CONCURRENCY: '4',
      QUEUE_LOCK_DURATION_MS: '2000',
      CRAWL_ALLOW_PRIVATE_NETWORKS: 'true',
    });
    api = await startApi(environment);
    store = api.app.get(VECTOR_STORE);
    // Its own process, as in production: the api reads what the worker's LanceDB committed and indexed.
    worker = spawnWorker(environment);
    await worker.started;
  }, 120_000);

  afterAll(async () => {
    await stopWorker('SIGTERM');
    await api?.close();
    await environment?.destroy();
  });

  async function stopWorker(signal: NodeJS.Signals): Promise<void> {
    if (worker && worker.process.exitCode === null && worker.process.signalCode === null) {
      worker.process.kill(signal);
      await worker.exited;
    }
  }

  async function textSource(): Promise<{ workspaceId: WorkspaceId; auth: string; sourceId: string }> {
    const created = await request(api.url)
      .post('/v1/workspaces')
      .set('Authorization', `Bearer ${api.config.adminToken}`)
      .send({ name: 'Zoo' })
      .expect(201);
    const auth = `Bearer ${created.body.apiKey.key}`;
    const source = await request(api.url)
      .post('/v1/knowledge/sources')
      .set('Authorization', auth)
      .send({ name: 'Animals', type: 'text', visibility: 'public' })
      .expect(201);
    return { workspaceId: created.body.workspace.id, auth, sourceId: source.body.id };
  }

  async function importArticles(auth: string, sourceId: string, revision: number): Promise<string> {
    const response = await request(api.url)
      .post(`/v1/knowledge/sources/${sourceId}/import`)
      .set('Authorization', auth)
      .set('Content-Type', 'application/x-ndjson')
      .send(ANIMALS.map((animal) => JSON.stringify(article(animal, revision))).join('\n'))
      .expect(202);
    return response.body.sync.id;
  }

  async function sync(auth: string, sourceId: string, syncId: string): Promise<Sync> {
    return (
      await request(api.url)
        .get(`/v1/knowledge/sources/${sourceId}/syncs/${syncId}`)
        .set('Authorization', auth)
        .expect(200)
    ).body as Sync;
  }

  /** Polls only the sync's status; whatever follows runs right after the api first reports the end. */
  function ended(auth: string, sourceId: string, syncId: string, timeoutMs = SYNC_BOUND_MS): Promise<Sync> {
    return eventually(
      async () => {
        const current = await sync(auth, sourceId, syncId);
        return current.status !== 'running' ? current : undefined;
      },
      { what: `sync ${syncId} to end`, timeoutMs, intervalMs: 20 },
    );
  }

  async function search(auth: string, query: string): Promise<Hit[]> {
    const response = await request(api.url)
      .post('/v1/knowledge/search')
      .set('Authorization', auth)
      .send({ query, scope: 'all', limit: 5 })
      .expect(200);
    return response.body as Hit[];
  }

  /** Found by the full-text index (not only by vector): what the deferred index refresh used to miss. */
  async function lexicalHitFor(auth: string, word: string): Promise<Hit | undefined> {
    return (await search(auth, word)).find((hit) => hit.lexicalRank !== null && hit.chunk.text.includes(word));
  }

  async function documents(auth: string, sourceId: string) {
    return (
      await request(api.url).get(`/v1/knowledge/sources/${sourceId}/documents`).set('Authorization', auth).expect(200)
    ).body as Array<{ id: string; externalId: string; status: string; chunkCount: number; lastSyncId: string }>;
  }

  async function sourceRow(auth: string, sourceId: string) {
    return (await request(api.url).get(`/v1/knowledge/sources/${sourceId}`).set('Authorization', auth).expect(200))
      .body as { status: string; lastSyncedAt: string | null };
  }

  it('finds the last document of a sync by full text as soon as the api reports the sync completed', async () => {
    const { auth, sourceId } = await textSource();
    const first = await ended(auth, sourceId, await importArticles(auth, sourceId, 1));
    expect(first).toMatchObject({ status: 'completed', total: ANIMALS.length, done: ANIMALS.length });
    // No retry around these searches: completed must already mean searchable.
    for (const animal of ANIMALS) expect(await lexicalHitFor(auth, animal)).toBeDefined();
    expect((await sourceRow(auth, sourceId)).lastSyncedAt).toBe(first.finishedAt);

    const added = await request(api.url)
      .post(`/v1/knowledge/sources/${sourceId}/documents`)
      .set('Authorization', auth)
      .send({ id: 'gharial', title: 'The gharial', text: 'The gharial is a crocodilian with a long thin snout.' })
      .expect(202);
    const last = await ended(auth, sourceId, added.body.sync.id);
    expect(last.status).toBe('completed');
    expect((await lexicalHitFor(auth, 'gharial'))?.chunk.title).toBe('The gharial');
    expect((await sourceRow(auth, sourceId)).lastSyncedAt).toBe(last.finishedAt);
  }, 120_000);

  it('ends every one of several concurrent re-syncs without a 500, newest completed, documents consistent', async () => {
    const { workspaceId, auth, sourceId } = await textSource();
    await ended(auth, sourceId, await importArticles(auth, sourceId, 1));

    const statuses: number[] = [];
    const started: string[] = [];
    const burst = async (): Promise<void> => {
      const responses = await Promise.all(
        Array.from({ length: BURST }, () =>
          request(api.url).post(`/v1/knowledge/sources/${sourceId}/sync`).set('Authorization', auth),
        ),
      );
      for (const response of responses) {
        statuses.push(response.status);
        if (response.status === 202) started.push((response.body as { id: string }).id);
      }
    };
    const burstStart = Date.now();
    // Changed content in flight, so the re-syncs race real chunk writes, not only skips.
    started.push(await importArticles(auth, sourceId, 2));
    await burst();
    started.push(await importArticles(auth, sourceId, 3));
    await burst();
    await burst();
    expect(statuses).toEqual(Array.from({ length: 3 * BURST }, () => 202));

    const outcomes = await Promise.all(started.map((id) => ended(auth, sourceId, id)));
    expect(Date.now() - burstStart).toBeLessThan(SYNC_BOUND_MS);
    const byId = new Map(outcomes.map((outcome) => [outcome.id, outcome]));
    for (const outcome of outcomes) {
      expect(['completed', 'superseded']).toContain(outcome.status);
      if (outcome.status === 'superseded') {
        expect(byId.has(/^superseded by sync (.+)$/.exec(outcome.error ?? '')?.[1] ?? '')).toBe(true);
      }
    }

    const docs = await documents(auth, sourceId);
    expect(docs.map((doc) => doc.externalId).sort()).toEqual([...ANIMALS].sort());
    const last = byId.get(docs[0].lastSyncId);
    expect(last).toMatchObject({ status: 'completed', total: ANIMALS.length, done: ANIMALS.length });
    for (const doc of docs) {
      expect(doc).toMatchObject({ status: 'indexed', lastSyncId: last!.id });
      expect(await store.count(workspaceId, { documentIds: [doc.id] })).toBe(doc.chunkCount);
    }
    for (const animal of ANIMALS) {
      expect((await lexicalHitFor(auth, animal))?.chunk.text).toContain('rev3');
    }
    const stale = (await search(auth, 'rev1 rev2')).filter((hit) => /rev[12]\b/.test(hit.chunk.text));
    expect(stale).toEqual([]);
    expect((await sourceRow(auth, sourceId)).status).toBe('idle');
  }, 180_000);

  it('still finds every document by full text at once when a worker killed mid-sync was replaced', async () => {
    const { auth, sourceId } = await textSource();
    const count = 24;
    const response = await request(api.url)
      .post(`/v1/knowledge/sources/${sourceId}/import`)
      .set('Authorization', auth)
      .set('Content-Type', 'application/x-ndjson')
      .send(
        Array.from({ length: count }, (_, i) =>
          JSON.stringify({
            id: `specimen${i}`,
            title: `Specimen ${i}`,
            text: `Catalogue entry specimen${i} describes one exhibit. It was catalogued in hall ${i % 4}.`,
          }),
        ).join('\n'),
      )
      .expect(202);
    const syncId = response.body.sync.id as string;
    await eventually(async () => (await sync(auth, sourceId, syncId)).done >= 2, {
      what: 'some documents ingested',
      timeoutMs: 60_000,
      intervalMs: 10,
    });
    await stopWorker('SIGKILL');
    expect((await sync(auth, sourceId, syncId)).status).toBe('running');
    worker = spawnWorker(environment);
    await worker.started;

    const done = await ended(auth, sourceId, syncId, 120_000);
    expect(done).toMatchObject({ status: 'completed', total: count, done: count });
    const missing: string[] = [];
    for (let i = 0; i < count; i++) {
      if (!(await lexicalHitFor(auth, `specimen${i}`))) missing.push(`specimen${i}`);
    }
    expect(missing).toEqual([]);
  }, 240_000);

  it('ends overlapping crawls of one site in order: the newest completes, the others are superseded', async () => {
    const { server, origin } = await startSite();
    try {
      const { auth } = await textSource();
      const created = await request(api.url)
        .post('/v1/knowledge/sources')
        .set('Authorization', auth)
        .send({ name: 'Zoo site', type: 'url', visibility: 'public', crawl: { url: `${origin}/` } })
        .expect(201);
      const sourceId = created.body.id as string;
      const post = () => request(api.url).post(`/v1/knowledge/sources/${sourceId}/sync`).set('Authorization', auth);
      const first = await post().expect(202);
      // The first crawl is under way (pages found, more to fetch) when the others start.
      await eventually(async () => (await sync(auth, sourceId, first.body.id)).total >= 2, {
        what: 'the first crawl to find pages',
        intervalMs: 10,
      });
      const responses = [first, ...(await Promise.all(Array.from({ length: BURST - 1 }, post)))];
      expect(responses.map((response) => response.status)).toEqual(Array.from({ length: BURST }, () => 202));

      const outcomes = await Promise.all(
        responses.map((response) => ended(auth, sourceId, (response.body as { id: string }).id)),
      );
      const byId = new Map(outcomes.map((outcome) => [outcome.id, outcome]));
      expect(outcomes[0].status).toBe('superseded');
      for (const outcome of outcomes) {
        expect(['completed', 'superseded']).toContain(outcome.status);
        if (outcome.status === 'superseded') {
          expect(byId.has(/^superseded by sync (.+)$/.exec(outcome.error ?? '')?.[1] ?? '')).toBe(true);
        }
      }
      const docs = await documents(auth, sourceId);
      expect(docs).toHaveLength(SITE_ANIMALS.length + 1);
      const last = byId.get(docs[0].lastSyncId);
      expect(last).toMatchObject({ status: 'completed', total: docs.length, done: docs.length });
      for (const doc of docs) expect(doc).toMatchObject({ status: 'indexed', lastSyncId: last!.id });
      for (const animal of SITE_ANIMALS) expect((await lexicalHitFor(auth, animal))?.chunk.title).toBe(`The ${animal}`);
      expect(await sourceRow(auth, sourceId)).toMatchObject({ status: 'idle', lastSyncedAt: last!.finishedAt });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 180_000);
});
