import type { ConsoleResponse } from '@switchboard/contracts';
import request from 'supertest';
import { SeededConversation, seedResolvedConversations } from '../support/fine-tuning-fixtures';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';

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

describe('console fine-tuning API (offline: no provider)', () => {
  let environment: TestEnvironment;
  let api: TestApi;
  let sequence = 0;

  beforeAll(async () => {
    environment = await createTestEnvironment('console_fine_tuning');
    api = await startApi(environment);
  });

  afterAll(async () => {
    await api?.close();
    await environment?.destroy();
  });

  async function createWorkspace(name: string, conversations: number): Promise<Workspace> {
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

  async function signedIn(workspace: Workspace, role: 'admin' | 'agent'): Promise<string> {
    const email = `person${++sequence}@console-fine-tuning.test`;
    await request(api.url)
      .post('/v1/agents')
      .set('Authorization', `Bearer ${workspace.key}`)
      .send({ email, name: `Person ${sequence}`, role, password: PASSWORD })
      .expect(201);
    const response = await request(api.url).post('/v1/console/login').send({ email, password: PASSWORD }).expect(200);
    return response.body.token as string;
  }

  const as = (token: string) => ({
    get: (path: string) => request(api.url).get(`/v1/console/${path}`).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object) =>
      request(api.url).post(`/v1/console/${path}`).set('Authorization', `Bearer ${token}`).send(body),
  });

  it('lets an admin build an export, list it and download its files; training is refused offline with the reason', async () => {
    const ws = await createWorkspace('Northwind', 14);
    const admin = as(await signedIn(ws, 'admin'));

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
    const ws = await createWorkspace('Small', 3);
    const admin = as(await signedIn(ws, 'admin'));

    const refused = await admin.post('fine-tuning/exports', {}).expect(422);
    expect(refused.body).toMatchObject({ code: 'too_few_examples', message: expect.stringContaining('at least 10') });
    await admin.post('fine-tuning/exports', { seed: -1 }).expect(400);
    await admin.post('fine-tuning/jobs', { exportId: 'not-a-uuid' }).expect(400);
    expect((await admin.get('fine-tuning').expect(200)).body.exports).toEqual([]);
  });

  it('refuses agents (403) and hides another workspace’s exports (404)', async () => {
    const ws = await createWorkspace('Owner', 14);
    const other = await createWorkspace('Other', 0);
    const owner = as(await signedIn(ws, 'admin'));
    const agent = as(await signedIn(ws, 'agent'));
    const stranger = as(await signedIn(other, 'admin'));
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
