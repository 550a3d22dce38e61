import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EMBEDDER, Embedder } from '@switchboard/knowledge';
import request from 'supertest';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { eventually } from '../support/eventually';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { startWorker } from '../support/test-worker';

/** Stands in for a newly configured embedding model. */
class OtherModelEmbedder implements Embedder {
  readonly model = 'other-model-8';
  readonly dimension = 8;
  embedded = 0;
  async embed(texts: string[]): Promise<number[][]> {
    this.embedded += texts.length;
    return texts.map((text) => Array.from({ length: 8 }, (_, i) => (i === text.length % 8 ? 1 : 0)));
  }
  async close(): Promise<void> {}
}

describe('changing the embedding model re-embeds every document', () => {
  let environment: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext | undefined;

  beforeAll(async () => {
    environment = await createTestEnvironment('reindex');
    api = await startApi(environment);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await environment?.destroy();
  });

  it('re-syncs sources indexed with another model when a worker starts with a new one', async () => {
    const created = await request(api.url)
      .post('/v1/workspaces')
      .set('Authorization', `Bearer ${api.config.adminToken}`)
      .send({ name: 'Reindex' })
      .expect(201);
    const auth = `Bearer ${created.body.apiKey.key}`;
    const source = (
      await request(api.url)
        .post('/v1/knowledge/sources')
        .set('Authorization', auth)
        .send({ name: 'FAQ', type: 'text', visibility: 'public' })
        .expect(201)
    ).body.id;
    const models = async () =>
      (
        (await request(api.url).get(`/v1/knowledge/sources/${source}/documents`).set('Authorization', auth).expect(200))
          .body as Array<{ embeddingModel: string; status: string }>
      ).map((doc) => `${doc.status}:${doc.embeddingModel}`);

    worker = await startWorker(environment);
    await request(api.url)
      .post(`/v1/knowledge/sources/${source}/import`)
      .set('Authorization', auth)
      .set('Content-Type', 'application/x-ndjson')
      .send(
        [
          '{"id":"a","title":"Opening hours","text":"We are open from 9 to 5."}',
          '{"id":"b","title":"Parking","text":"Parking is free for customers."}',
        ].join('\n'),
      )
      .expect(202);
    await eventually(
      async () => (await models()).every((m) => m === 'indexed:use-lite-512') && (await models()).length === 2,
      { what: 'indexing with the first model' },
    );
    await worker.close();

    const embedder = new OtherModelEmbedder();
    const module = await Test.createTestingModule({ imports: [WorkerModule.forRoot(environment.config('worker'))] })
      .overrideProvider(EMBEDDER)
      .useValue(embedder)
      .compile();
    worker = await module.init();
    await eventually(async () => (await models()).every((m) => m === 'indexed:other-model-8'), {
      what: 're-embedding with the new model',
    });
    expect(embedder.embedded).toBeGreaterThanOrEqual(2);
    // The sync completes once the re-embedded chunks are searchable, just after the last document is indexed.
    const latest = await eventually(
      async () => {
        const syncs = (
          await request(api.url).get(`/v1/knowledge/sources/${source}/syncs`).set('Authorization', auth).expect(200)
        ).body as Array<{ trigger: string; status: string }>;
        return syncs[0].status !== 'running' ? syncs[0] : undefined;
      },
      { what: 'the reindex sync to end' },
    );
    expect(latest).toMatchObject({ trigger: 'reindex', status: 'completed' });
  });
});
