import type { WebhookView } from '@switchboard/contracts';
import request from 'supertest';
import { TestApi, startTestApi } from '../support/test-api';

const PASSWORD = 'correct horse battery staple';
// An address literal: no DNS needed, and public, so the network guard accepts it without CRAWL_ALLOW_PRIVATE_NETWORKS.
const HOOK = { url: 'https://93.184.216.34/hooks/switchboard', events: ['handoff'], description: 'CRM' };

describe('console webhooks API', () => {
  let api: TestApi;
  let sequence = 0;
  let mainKey: string;
  let admin: string;
  let agent: string;
  let otherAdmin: string;

  beforeAll(async () => {
    api = await startTestApi('console_webhooks');
    mainKey = await createWorkspace('Northwind');
    admin = await signedIn(mainKey, 'admin');
    agent = await signedIn(mainKey, 'agent');
    otherAdmin = await signedIn(await createWorkspace('Contoso'), 'admin');
  });

  afterAll(() => api?.close());

  async function createWorkspace(name: string): Promise<string> {
    const created = await request(api.url)
      .post('/v1/workspaces')
      .set('Authorization', `Bearer ${api.config.adminToken}`)
      .send({ name })
      .expect(201);
    return created.body.apiKey.key as string;
  }

  async function signedIn(key: string, role: 'admin' | 'agent'): Promise<string> {
    const email = `person${++sequence}@console-webhooks.test`;
    await request(api.url)
      .post('/v1/agents')
      .set('Authorization', `Bearer ${key}`)
      .send({ email, name: `Person ${sequence}`, role, password: PASSWORD })
      .expect(201);
    const response = await request(api.url).post('/v1/console/login').send({ email, password: PASSWORD }).expect(200);
    return response.body.token as string;
  }

  const as = (token: string) => ({
    get: (path: string) => request(api.url).get(`/v1/console/${path}`).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object = {}) =>
      request(api.url).post(`/v1/console/${path}`).set('Authorization', `Bearer ${token}`).send(body),
    patch: (path: string, body: object) =>
      request(api.url).patch(`/v1/console/${path}`).set('Authorization', `Bearer ${token}`).send(body),
    delete: (path: string) => request(api.url).delete(`/v1/console/${path}`).set('Authorization', `Bearer ${token}`),
  });

  it('lets an admin create, list, change, rotate and delete an endpoint, the secret answered only at creation and rotation', async () => {
    const created = await as(admin).post('webhooks', HOOK).expect(201);
    const webhook = created.body.webhook as WebhookView;
    expect(created.body.secret).toMatch(/^whsec_/);
    expect(webhook).toMatchObject({ ...HOOK, enabled: true, disabledAt: null, consecutiveFailures: 0 });
    expect(webhook).not.toHaveProperty('secret');

    const listed = await as(admin).get('webhooks').expect(200);
    expect(listed.body.webhooks).toEqual([webhook]);
    expect(listed.body.eventTypes).toEqual(expect.arrayContaining(['conversation.created', 'knowledge.sync.failed']));
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);

    const changed = await as(admin)
      .patch(`webhooks/${webhook.id}`, { events: ['handoff', 'answer.feedback'], enabled: false })
      .expect(200);
    expect(changed.body.webhook).toMatchObject({ events: ['handoff', 'answer.feedback'], enabled: false });

    const rotated = await as(admin).post(`webhooks/${webhook.id}/rotate-secret`).expect(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    expect(rotated.body.webhook.previousSecretExpiresAt).toEqual(expect.any(String));

    await expect(as(admin).get(`webhooks/${webhook.id}/deliveries`).expect(200)).resolves.toMatchObject({
      body: { deliveries: [] },
    });
    const deleted = await as(admin).delete(`webhooks/${webhook.id}`).expect(200);
    expect(deleted.body.webhooks).toEqual([]);
  });

  it('answers 400 naming each bad field, with the same checks as the API (the network guard included)', async () => {
    const refused = await as(admin)
      .post('webhooks', { url: 'http://127.0.0.1:8080/hook', events: ['handoff'] })
      .expect(400);
    expect(refused.body.errors).toEqual([{ field: 'url', messages: [expect.stringMatching(/127\.0\.0\.1/)] }]);
    const unknown = await as(admin)
      .post('webhooks', { url: HOOK.url, events: ['ticket.exploded'] })
      .expect(400);
    expect(JSON.stringify(unknown.body)).toMatch(/events/);
    await as(admin).post('webhooks', { url: HOOK.url, events: [] }).expect(400);
    await as(admin)
      .post('webhooks', { ...HOOK, enabled: false })
      .expect(400);
    await expect(as(admin).get('webhooks').expect(200)).resolves.toMatchObject({ body: { webhooks: [] } });
  });

  it('refuses agents who are not admins with 403', async () => {
    const created = await as(admin).post('webhooks', HOOK).expect(201);
    const id = created.body.webhook.id as string;
    await as(agent).get('webhooks').expect(403);
    await as(agent).post('webhooks', HOOK).expect(403);
    await as(agent).patch(`webhooks/${id}`, { enabled: false }).expect(403);
    await as(agent).post(`webhooks/${id}/rotate-secret`).expect(403);
    await as(agent).get(`webhooks/${id}/deliveries`).expect(403);
    await as(agent).delete(`webhooks/${id}`).expect(403);
    await as(admin).delete(`webhooks/${id}`).expect(200);
  });

  it("answers 404 to another workspace's admin for every route of an endpoint, and leaves it untouched", async () => {
    const created = await as(admin).post('webhooks', HOOK).expect(201);
    const id = created.body.webhook.id as string;
    const someDelivery = '00000000-0000-4000-8000-000000000000';

    await expect(as(otherAdmin).get('webhooks').expect(200)).resolves.toMatchObject({ body: { webhooks: [] } });
    await as(otherAdmin).patch(`webhooks/${id}`, { enabled: false }).expect(404);
    await as(otherAdmin).post(`webhooks/${id}/rotate-secret`).expect(404);
    await as(otherAdmin).get(`webhooks/${id}/deliveries`).expect(404);
    await as(otherAdmin).post(`webhooks/${id}/deliveries/${someDelivery}/replay`).expect(404);
    await as(otherAdmin).delete(`webhooks/${id}`).expect(404);
    await as(admin).post(`webhooks/${id}/deliveries/${someDelivery}/replay`).expect(404);
    await as(admin).get('webhooks/not-a-uuid/deliveries').expect(404);

    const mine = await as(admin).get('webhooks').expect(200);
    expect(mine.body.webhooks).toEqual([created.body.webhook]);
    // The secret still signs: rotating in the other workspace did nothing.
    expect(mine.body.webhooks[0].previousSecretExpiresAt).toBeNull();
  });
});
