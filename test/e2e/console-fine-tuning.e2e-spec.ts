import { INestApplicationContext } from '@nestjs/common';
import type { ConsoleResponse } from '@switchboard/contracts';
import { OpenAiDouble } from '@switchboard/llm/testing';
import request from 'supertest';
import { eventually } from '../support/eventually';
import { SeededConversation, seedResolvedConversations } from '../support/fine-tuning-fixtures';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { startWorker } from '../support/test-worker';

const PASSWORD = 'correct horse battery staple';

/** A conversation an agent finished with a reply worth learning from. */
function resolvedConversation(i: number): SeededConversation {
  return {
    contact: { name: `Customer${i} Lindqvist`, email: `customer${i}@mail.example` },
    lines: [
      { customer: `Can I pause my subscription for case ${i}? Mail customer${i}@mail.example.` },
      { agent: `Yes, I paused it for case ${i}; it restarts next month.` },
      { resolved: true },
    ],
  };
}

interface Workspace {
  id: string;
  key: string;
}

async function createWorkspace(
  api: TestApi,
  environment: TestEnvironment,
  name: string,
  conversations: number,
): Promise<Workspace> {
  const created = await request(api.url)
    .post('/v1/workspaces')
    .set('Authorization', `Bearer ${api.config.adminToken}`)
    .send({ name })
    .expect(201);
  const ws = { id: created.body.workspace.id as string, key: created.body.apiKey.key as string };
  const seeded = Array.from({ length: conversations }, (_, i) => resolvedConversation(i));
  if (seeded.length > 0) await seedResolvedConversations(environment.database.url, ws.id, seeded);
  return ws;
}

let sequence = 0;

/** A console client signed in as a new admin or agent of the workspace. */
async function signedIn(api: TestApi, workspace: Workspace, role: 'admin' | 'agent') {
  const email = `person${++sequence}@console-fine-tuning.test`;
  await request(api.url)
    .post('/v1/agents')
    .set('Authorization', `Bearer ${workspace.key}`)
    .send({ email, name: `Person ${sequence}`, role, password: PASSWORD })
    .expect(201);
  const response = await request(api.url).post('/v1/console/login').send({ email, password: PASSWORD }).expect(200);
  const token = response.body.token as string;
  return {
    get: (path: string) => request(api.url).get(`/v1/console/${path}`).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object) =>
      request(api.url).post(`/v1/console/${path}`).set('Authorization', `Bearer ${token}`).send(body),
  };
}

describe('console fine-tuning API (offline: no provider)', () => {
  let environment: TestEnvironment;
  let api: TestApi;

  beforeAll(async () => {
    environment = await createTestEnvironment('console_fine_tuning');
    api = await startApi(environment);
  });

  afterAll(async () => {
    await api?.close();
    await environment?.destroy();
  });

  const workspace = (name: string, conversations: number) => createWorkspace(api, environment, name, conversations);
  const as = (ws: Workspace, role: 'admin' | 'agent') => signedIn(api, ws, role);

  it('lets an admin build an export, list it and download its files; training is refused offline with the reason', async () => {
    const ws = await workspace('Northwind', 14);
    const admin = await as(ws, 'admin');

    const empty = await admin.get('fine-tuning').expect(200);
    expect(empty.body).toEqual({
      exports: [],
      jobs: [],
      capabilities: { training: { available: false, reason: expect.stringContaining('OPENAI_API_KEY') } },
    });

    const created = await admin.post('fine-tuning/exports', { seed: 7 }).expect(201);
    const dataset = (created.body as ConsoleResponse<'POST fine-tuning/exports'>).export;
    expect(dataset.report).toMatchObject({ conversationsRead: 14, examples: 14, costModel: 'gpt-4o-mini' });
    expect(dataset.report.trainExamples + dataset.report.validationExamples).toBe(14);
    expect(dataset.report.redactions.email).toBe(14);
    expect(dataset.report.estimatedTokens).toBeGreaterThan(0);
    expect(dataset.files).toEqual({
      train: `/v1/console/fine-tuning/exports/${dataset.id}/train.jsonl`,
      validation: `/v1/console/fine-tuning/exports/${dataset.id}/validation.jsonl`,
    });

    const second = await admin.post('fine-tuning/exports', { seed: 8 }).expect(201);
    const listed = await admin.get('fine-tuning').expect(200);
    expect((listed.body as ConsoleResponse<'GET fine-tuning'>).exports.map((e) => e.id)).toEqual([
      second.body.export.id,
      dataset.id,
    ]);
    expect(listed.body.exports[1]).toEqual(dataset);

    const train = await admin.get(`fine-tuning/exports/${dataset.id}/train.jsonl`).expect(200);
    expect(train.headers['content-type']).toMatch(/^application\/jsonl/);
    const lines = train.text.trimEnd().split('\n');
    expect(lines).toHaveLength(dataset.report.trainExamples);
    expect(train.text).not.toContain('mail.example');
    await admin.get(`fine-tuning/exports/${dataset.id}/validation.jsonl`).expect(200);
    await admin.get(`fine-tuning/exports/${dataset.id}/other.jsonl`).expect(404);

    const refused = await admin.post('fine-tuning/jobs', { exportId: dataset.id }).expect(409);
    expect(refused.body).toMatchObject({
      code: 'provider_required',
      message: expect.stringContaining('OPENAI_API_KEY'),
    });
  });

  it('answers 422 too_few_examples below the minimum, and 400 for a bad body', async () => {
    const ws = await workspace('Small', 3);
    const admin = await as(ws, 'admin');

    const refused = await admin.post('fine-tuning/exports', {}).expect(422);
    expect(refused.body).toMatchObject({ code: 'too_few_examples', message: expect.stringContaining('at least 10') });
    await admin.post('fine-tuning/exports', { seed: -1 }).expect(400);
    await admin.post('fine-tuning/jobs', { exportId: 'not-a-uuid' }).expect(400);
    expect((await admin.get('fine-tuning').expect(200)).body.exports).toEqual([]);
  });

  it('refuses agents (403) and hides another workspace’s exports (404)', async () => {
    const ws = await workspace('Owner', 14);
    const other = await workspace('Other', 0);
    const owner = await as(ws, 'admin');
    const agent = await as(ws, 'agent');
    const stranger = await as(other, 'admin');
    const dataset = (await owner.post('fine-tuning/exports', {}).expect(201)).body.export as { id: string };

    await agent.get('fine-tuning').expect(403);
    await agent.post('fine-tuning/exports', {}).expect(403);
    await agent.get(`fine-tuning/exports/${dataset.id}/train.jsonl`).expect(403);
    await agent.post('fine-tuning/jobs', { exportId: dataset.id }).expect(403);

    await stranger.get(`fine-tuning/exports/${dataset.id}/train.jsonl`).expect(404);
    await stranger.get(`fine-tuning/exports/${dataset.id}/validation.jsonl`).expect(404);
    expect((await stranger.get('fine-tuning').expect(200)).body.exports).toEqual([]);
    await request(api.url).get('/v1/console/fine-tuning').expect(401);
  });
});

describe('console fine-tuning API (with a provider: the OpenAI double)', () => {
  let llm: OpenAiDouble;
  let environment: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    llm = await OpenAiDouble.start({ respond: () => ({ text: 'Unused.' }) });
    environment = await createTestEnvironment('console_fine_tuning_online', {
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: llm.baseUrl,
      OPENAI_MODEL: 'gpt-4o-mini',
      OPENAI_SMALL_MODEL: 'gpt-4o-mini',
      FINE_TUNING_POLL_INTERVAL_MS: '50',
    });
    api = await startApi(environment);
    worker = await startWorker(environment);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await environment?.destroy();
    await llm?.close();
  });

  it('lets an admin start training on an export and follow the job to its tuned model', async () => {
    const ws = await createWorkspace(api, environment, 'Trained', 14);
    const admin = await signedIn(api, ws, 'admin');
    const overview = await admin.get('fine-tuning').expect(200);
    expect(overview.body.capabilities).toEqual({ training: { available: true, reason: null } });
    const dataset = (await admin.post('fine-tuning/exports', {}).expect(201)).body.export as { id: string };

    const started = await admin.post('fine-tuning/jobs', { exportId: dataset.id, suffix: 'style' }).expect(201);
    const job = (started.body as ConsoleResponse<'POST fine-tuning/jobs'>).job;
    expect(job).toMatchObject({ exportId: dataset.id, status: 'validating_files', baseModel: 'gpt-4o-mini' });

    const done = await eventually(
      async () => {
        const listed = await admin.get('fine-tuning').expect(200);
        const [first] = (listed.body as ConsoleResponse<'GET fine-tuning'>).jobs;
        return first?.activated === true && first;
      },
      { what: 'the job to succeed and be activated' },
    );
    expect(done).toMatchObject({
      id: job.id,
      status: 'succeeded',
      fineTunedModel: expect.stringMatching(/^ft:gpt-4o-mini/),
      finishedAt: expect.any(String),
    });
    expect(done.events.map((event) => event.message)).toContain('The job has successfully completed');
    expect(llm.problems).toEqual([]);
  });

  it("answers 404 for another workspace's export and 403 for an agent", async () => {
    const owner = await createWorkspace(api, environment, 'Owner', 14);
    const other = await createWorkspace(api, environment, 'Other', 0);
    const dataset = (await (await signedIn(api, owner, 'admin')).post('fine-tuning/exports', {}).expect(201)).body
      .export as { id: string };

    await (await signedIn(api, other, 'admin')).post('fine-tuning/jobs', { exportId: dataset.id }).expect(404);
    await (await signedIn(api, owner, 'agent')).post('fine-tuning/jobs', { exportId: dataset.id }).expect(403);
  });
});
