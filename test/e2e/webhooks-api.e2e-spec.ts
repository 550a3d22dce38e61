import request from 'supertest';
import { TestApi, startTestApi } from '../support/test-api';
import { createWorkspace } from '../support/widget-client';

// An address literal: no DNS needed, and public, so the network guard accepts it without CRAWL_ALLOW_PRIVATE_NETWORKS.
const PUBLIC_URL = 'https://93.184.216.34/hooks/switchboard';

describe('the /v1/webhooks API', () => {
  let api: TestApi;
  let auth: string;
  let otherAuth: string;

  beforeAll(async () => {
    api = await startTestApi('webhooks_api');
    auth = (await createWorkspace(api, 'Hooked')).auth;
    otherAuth = (await createWorkspace(api, 'Elsewhere')).auth;
  });

  afterAll(() => api?.close());

  const create = (body: Record<string, unknown>, key = auth) =>
    request(api.url).post('/v1/webhooks').set('Authorization', key).send(body);

  it('creates an endpoint, showing its secret this once, and lists, reads, changes and deletes it', async () => {
    const created = await create({
      url: PUBLIC_URL,
      events: ['message.created', 'ticket.opened', 'csat.submitted'],
      description: 'CRM sync',
    }).expect(201);
    expect(created.body).toMatchObject({
      url: PUBLIC_URL,
      events: ['message.created', 'ticket.opened', 'csat.submitted'],
      enabled: true,
      description: 'CRM sync',
      consecutiveFailures: 0,
      disabledReason: null,
    });
    expect(created.body.secret).toMatch(/^whsec_[\w-]{43}$/);
    const id = created.body.id as string;

    const read = await request(api.url).get(`/v1/webhooks/${id}`).set('Authorization', auth).expect(200);
    expect(read.body).not.toHaveProperty('secret');
    expect(JSON.stringify(read.body)).not.toContain(created.body.secret);
    const listed = await request(api.url).get('/v1/webhooks').set('Authorization', auth).expect(200);
    expect(listed.body.map((hook: { id: string }) => hook.id)).toContain(id);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);

    const changed = await request(api.url)
      .patch(`/v1/webhooks/${id}`)
      .set('Authorization', auth)
      .send({ events: ['handoff'], enabled: false })
      .expect(200);
    expect(changed.body).toMatchObject({ events: ['handoff'], enabled: false, url: PUBLIC_URL });
    await request(api.url).get(`/v1/webhooks/${id}/deliveries`).set('Authorization', auth).expect(200, []);

    await request(api.url).delete(`/v1/webhooks/${id}`).set('Authorization', auth).expect(204);
    await request(api.url).get(`/v1/webhooks/${id}`).set('Authorization', auth).expect(404);
  });

  it('answers 400 naming each bad field', async () => {
    const response = await create({ url: 'ftp://files.example.com/x', events: ['message.created', 'order.shipped'] });
    expect(response.status).toBe(400);
    const fields = (response.body.errors as Array<{ field: string }>).map((error) => error.field).sort();
    expect(fields).toEqual(['events', 'url']);

    const missing = await create({}).expect(400);
    expect((missing.body.errors as Array<{ field: string }>).map((error) => error.field).sort()).toEqual([
      'events',
      'url',
    ]);
    const empty = await create({ url: PUBLIC_URL, events: [] }).expect(400);
    expect(empty.body.errors).toEqual([{ field: 'events', messages: expect.any(Array) }]);
  });

  it('refuses a URL on a loopback or private address: the network guard of actions and the crawler', async () => {
    for (const url of ['http://127.0.0.1:8080/hook', 'http://10.1.2.3/hook', 'http://169.254.169.254/latest']) {
      const refused = await create({ url, events: ['message.created'] }).expect(400);
      expect(refused.body.errors).toEqual([{ field: 'url', messages: [expect.stringMatching(/address$/)] }]);
    }
    const hook = await create({ url: PUBLIC_URL, events: ['handoff'] }).expect(201);
    const moved = await request(api.url)
      .patch(`/v1/webhooks/${hook.body.id}`)
      .set('Authorization', auth)
      .send({ url: 'http://192.168.1.10/hook' })
      .expect(400);
    expect(moved.body.errors[0].field).toBe('url');
  });

  it("rotates the secret, returning the new one once and keeping the old one's grace period on the endpoint", async () => {
    const hook = await create({ url: PUBLIC_URL, events: ['message.created'] }).expect(201);
    const rotated = await request(api.url)
      .post(`/v1/webhooks/${hook.body.id}/rotate-secret`)
      .set('Authorization', auth)
      .expect(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(hook.body.secret);
    const read = await request(api.url).get(`/v1/webhooks/${hook.body.id}`).set('Authorization', auth).expect(200);
    expect(read.body.previousSecretExpiresAt).toBe(rotated.body.previousSecretExpiresAt);
    expect(read.body).not.toHaveProperty('secret');
  });

  it("answers 404 for another workspace's endpoint and deliveries, and changes nothing", async () => {
    const hook = await create({ url: PUBLIC_URL, events: ['message.created'] }).expect(201);
    const id = hook.body.id as string;
    const as = (method: 'get' | 'patch' | 'delete' | 'post', path: string) =>
      request(api.url)[method](path).set('Authorization', otherAuth).send({ enabled: false });
    await as('get', `/v1/webhooks/${id}`).expect(404);
    await as('patch', `/v1/webhooks/${id}`).expect(404);
    await as('delete', `/v1/webhooks/${id}`).expect(404);
    await as('post', `/v1/webhooks/${id}/rotate-secret`).expect(404);
    await as('get', `/v1/webhooks/${id}/deliveries`).expect(404);
    await as('post', `/v1/webhooks/${id}/deliveries/${id}/replay`).expect(404);
    const others = await request(api.url).get('/v1/webhooks').set('Authorization', otherAuth).expect(200);
    expect(others.body).toEqual([]);
    const mine = await request(api.url).get(`/v1/webhooks/${id}`).set('Authorization', auth).expect(200);
    expect(mine.body.enabled).toBe(true);
    await request(api.url).get('/v1/webhooks/not-a-uuid').set('Authorization', auth).expect(404);
  });
});
