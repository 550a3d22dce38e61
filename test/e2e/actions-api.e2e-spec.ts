import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { TestApi, startTestApi } from '../support/test-api';

const SECRET = 'tok_live_9f8e7d6c5b4a';

const CANCEL_ORDER = {
  name: 'cancel_order',
  description: 'Cancel an order that has not shipped yet.',
  method: 'POST',
  url: 'https://api.northwind.example/orders/{order_number}/cancel',
  parameters: {
    type: 'object',
    properties: {
      order_number: { type: 'string', pattern: '^NW-\\d{5}$', description: 'e.g. NW-12345' },
      customer_email: { type: 'string', format: 'email' },
    },
    required: ['order_number', 'customer_email'],
    additionalProperties: false,
  },
  identity: 'customer_email',
  sideEffect: true,
  examples: ['Please cancel order NW-12345.'],
  headers: { Authorization: 'Bearer {{secrets.API_TOKEN}}' },
  secrets: { API_TOKEN: SECRET },
  answerTemplate: 'Order {{order_number}} is now {{status}}.',
};

describe('actions admin API', () => {
  let api: TestApi;
  let auth: string;
  let otherAuth: string;

  const workspace = async (name: string, actionHosts: string[]): Promise<string> => {
    const created = await request(api.url)
      .post('/v1/workspaces')
      .set('Authorization', `Bearer ${api.config.adminToken}`)
      .send({ name })
      .expect(201);
    const key = `Bearer ${created.body.apiKey.key}`;
    await request(api.url).patch('/v1/workspace/settings').set('Authorization', key).send({ actionHosts }).expect(200);
    return key;
  };

  beforeAll(async () => {
    api = await startTestApi('actions_api');
    auth = await workspace('Northwind', ['api.northwind.example']);
    otherAuth = await workspace('Other', ['api.northwind.example']);
  });

  afterAll(() => api?.close());

  const create = (body: object, key = auth) =>
    request(api.url).post('/v1/actions').set('Authorization', key).send(body);

  it('keeps the allow-list of action hosts in the workspace settings, validated', async () => {
    const me = await request(api.url).get('/v1/workspace').set('Authorization', auth).expect(200);
    expect(me.body.settings.actionHosts).toEqual(['api.northwind.example']);
    const refused = await request(api.url)
      .patch('/v1/workspace/settings')
      .set('Authorization', auth)
      .send({ actionHosts: ['https://api.northwind.example/'] })
      .expect(400);
    expect(refused.body.errors).toEqual([
      { field: 'actionHosts', messages: [expect.stringMatching(/lower-case host names/)] },
    ]);
  });

  it('creates, lists, reads, changes and deletes an action, never returning a secret value', async () => {
    const created = await create(CANCEL_ORDER).expect(201);
    expect(created.body).toMatchObject({
      name: 'cancel_order',
      identity: ['customer_email'],
      sideEffect: true,
      secrets: [{ name: 'API_TOKEN', set: true }],
      headers: { Authorization: 'Bearer {{secrets.API_TOKEN}}' },
      timeoutMs: 5000,
      maxResponseBytes: 65536,
      channels: null,
      visibility: 'public',
      enabled: true,
    });
    const id = created.body.id as string;
    const listed = await request(api.url).get('/v1/actions').set('Authorization', auth).expect(200);
    const read = await request(api.url).get(`/v1/actions/${id}`).set('Authorization', auth).expect(200);
    const changed = await request(api.url)
      .patch(`/v1/actions/${id}`)
      .set('Authorization', auth)
      .send({
        description: 'Cancel an unshipped order.',
        secrets: { API_TOKEN: `${SECRET}-2`, EXTRA: 'x' },
        enabled: false,
      })
      .expect(200);
    expect(changed.body).toMatchObject({ description: 'Cancel an unshipped order.', enabled: false });
    expect(changed.body.secrets).toEqual([
      { name: 'API_TOKEN', set: true },
      { name: 'EXTRA', set: true },
    ]);
    const removed = await request(api.url)
      .patch(`/v1/actions/${id}`)
      .set('Authorization', auth)
      .send({ secrets: { EXTRA: null } })
      .expect(200);
    expect(removed.body.secrets).toEqual([{ name: 'API_TOKEN', set: true }]);

    for (const body of [created.body, listed.body, read.body, changed.body, removed.body]) {
      expect(JSON.stringify(body)).not.toContain(SECRET);
      expect(JSON.stringify(body)).not.toContain('v1.');
    }
    // At rest the value is sealed (AES-256-GCM), not stored as given.
    const [row] = await api.app
      .get<DataSource>(getDataSourceToken())
      .query('SELECT secrets::text AS secrets FROM action_definitions WHERE id = $1', [id]);
    expect(row.secrets).toMatch(/"API_TOKEN": "v1\./);
    expect(row.secrets).not.toContain(SECRET);
    await request(api.url).delete(`/v1/actions/${id}`).set('Authorization', auth).expect(204);
    await request(api.url).get(`/v1/actions/${id}`).set('Authorization', auth).expect(404);
  });

  it('answers 409 for a second action of the same name, and allows the name in another workspace', async () => {
    await create({ ...CANCEL_ORDER, name: 'taken' }).expect(201);
    const duplicate = await create({ ...CANCEL_ORDER, name: 'taken' }).expect(409);
    expect(duplicate.body.message).toBe('The workspace already has an action named "taken"');
    await create({ ...CANCEL_ORDER, name: 'taken' }, otherAuth).expect(201);
    const other = await create({ ...CANCEL_ORDER, name: 'other_name' }).expect(201);
    await request(api.url)
      .patch(`/v1/actions/${other.body.id}`)
      .set('Authorization', auth)
      .send({ name: 'taken' })
      .expect(409);
  });

  it('answers 404 for actions of another workspace, on every route', async () => {
    const theirs = (await create({ ...CANCEL_ORDER, name: 'theirs' }, otherAuth).expect(201)).body.id as string;
    await request(api.url).get(`/v1/actions/${theirs}`).set('Authorization', auth).expect(404);
    await request(api.url)
      .patch(`/v1/actions/${theirs}`)
      .set('Authorization', auth)
      .send({ enabled: false })
      .expect(404);
    await request(api.url).delete(`/v1/actions/${theirs}`).set('Authorization', auth).expect(404);
    const listed = await request(api.url).get('/v1/actions').set('Authorization', auth).expect(200);
    expect(listed.body.map((action: { id: string }) => action.id)).not.toContain(theirs);
    await request(api.url).get('/v1/actions/not-a-uuid').set('Authorization', auth).expect(404);
    const still = await request(api.url).get(`/v1/actions/${theirs}`).set('Authorization', otherAuth).expect(200);
    expect(still.body.enabled).toBe(true);
  });

  it.each([
    [
      'a host off the allow-list',
      { url: 'https://evil.example/orders/{order_number}/cancel' },
      'url',
      /url host evil\.example is not one of the workspace's action hosts/,
    ],
    [
      'a placeholder that names no parameter',
      { url: 'https://api.northwind.example/orders/{order}/cancel' },
      'url',
      /placeholder \{order\} is not a declared parameter/,
    ],
    [
      'a schema outside the supported subset',
      { parameters: { type: 'object', properties: { order_number: { type: 'integer' } } } },
      'parameters',
      /parameters\.properties\.order_number\.type must be "string"/,
    ],
    [
      'an unsupported format',
      { parameters: { type: 'object', properties: { when: { type: 'string', format: 'time' } } } },
      'parameters',
      /format must be one of date, email/,
    ],
    [
      'an identity parameter that is not declared',
      { identity: ['email'] },
      'identity',
      /identity parameter email is not a declared parameter/,
    ],
    [
      'a header referencing a secret that is not set',
      { headers: { Authorization: 'Bearer {{secrets.MISSING}}' } },
      'headers.Authorization',
      /references secret MISSING, which is not set/,
    ],
    ['a bad name', { name: 'Cancel Order' }, 'name', /name must match/],
    ['a bad answer template', { answerTemplate: 'Status {{status' }, 'answerTemplate', /unclosed/],
  ])('answers 400 naming the problem for %s', async (_label, change, field, message) => {
    const response = await create({
      ...CANCEL_ORDER,
      name: `bad_${Math.random().toString(36).slice(2, 8)}`,
      ...change,
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual(
      expect.arrayContaining([{ field, messages: [expect.stringMatching(message)] }]),
    );
    expect(response.body.message).toMatch(message);
  });

  it('answers 400 with field errors for malformed types, never a 500', async () => {
    const response = await create({
      ...CANCEL_ORDER,
      method: 'FETCH',
      parameters: 'order_number',
      identity: 3,
      headers: { 'X-Count': 3 },
      secrets: { API_TOKEN: 42 },
      timeoutMs: 120_000,
      channels: ['fax'],
    }).expect(400);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'channels',
      'headers',
      'identity',
      'method',
      'parameters',
      'secrets',
      'timeoutMs',
    ]);
    await create({ ...CANCEL_ORDER, name: 'not_a_schema', parameters: { type: 'object', properties: [] } }).expect(400);
    await create({ ...CANCEL_ORDER, name: 'nulls', parameters: null }).expect(400);
  });

  it('needs an API key', async () => {
    await request(api.url).get('/v1/actions').expect(401);
  });
});
