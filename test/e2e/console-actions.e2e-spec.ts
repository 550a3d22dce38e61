import { ActionDefinitionsService } from '@switchboard/actions';
import type { ActionRequest, ActionView } from '@switchboard/contracts';
import { ConversationMessagesService } from '@switchboard/conversations';
import { WorkspaceId, asWorkspaceId } from '@switchboard/database';
import request from 'supertest';
import { TestApi, startTestApi } from '../support/test-api';

const PASSWORD = 'correct horse battery staple';
const SECRET = 'tok_live_console_5b4a3c2d';

const ORDER_STATUS: ActionRequest = {
  name: 'order_status',
  description: 'Look up the status of an order.',
  method: 'GET',
  url: 'https://api.northwind.example/orders/{order_number}',
  parameters: {
    type: 'object',
    properties: {
      order_number: { type: 'string', pattern: '^NW-\\d{5}$' },
      customer_email: { type: 'string', format: 'email' },
    },
    required: ['order_number', 'customer_email'],
  },
  identity: ['customer_email'],
  examples: ['Where is order NW-12345?'],
  headers: { Authorization: 'Bearer {{secrets.API_TOKEN}}' },
  secrets: { API_TOKEN: SECRET },
  channels: ['widget'],
  answerTemplate: 'Order {{order_number}} is {{status}}.',
};

interface Workspace {
  id: WorkspaceId;
  key: string;
  inboxId: string;
}

describe('console actions API', () => {
  let api: TestApi;
  let sequence = 0;
  let main: Workspace;
  let admin: string;
  let agent: string;

  beforeAll(async () => {
    api = await startTestApi('console_actions');
    main = await createWorkspace('Northwind');
    admin = await signedIn(main, 'admin');
    agent = await signedIn(main, 'agent');
  });

  afterAll(() => api?.close());

  async function createWorkspace(name: string): Promise<Workspace> {
    const created = await request(api.url)
      .post('/v1/workspaces')
      .set('Authorization', `Bearer ${api.config.adminToken}`)
      .send({ name })
      .expect(201);
    const key = created.body.apiKey.key as string;
    await request(api.url)
      .patch('/v1/workspace/settings')
      .set('Authorization', `Bearer ${key}`)
      .send({ actionHosts: ['api.northwind.example'] })
      .expect(200);
    const inbox = await request(api.url)
      .post('/v1/inboxes')
      .set('Authorization', `Bearer ${key}`)
      .send({ name: 'Website', channel: 'widget' })
      .expect(201);
    return { id: asWorkspaceId(created.body.workspace.id), key, inboxId: inbox.body.inbox.id };
  }

  async function signedIn(workspace: Workspace, role: 'admin' | 'agent'): Promise<string> {
    const email = `person${++sequence}@console-actions.test`;
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
    patch: (path: string, body: object) =>
      request(api.url).patch(`/v1/console/${path}`).set('Authorization', `Bearer ${token}`).send(body),
    delete: (path: string) => request(api.url).delete(`/v1/console/${path}`).set('Authorization', `Bearer ${token}`),
  });

  it('lets an admin add, list, change and delete actions, never returning a secret value', async () => {
    const created = await as(admin).post('actions', ORDER_STATUS).expect(201);
    const action = created.body.action as ActionView;
    expect(action).toMatchObject({
      name: 'order_status',
      method: 'GET',
      identity: ['customer_email'],
      sideEffect: false,
      secretNames: ['API_TOKEN'],
      channels: ['widget'],
      visibility: 'public',
      timeoutMs: 5000,
      maxResponseBytes: 65536,
      enabled: true,
    });
    const listed = await as(admin).get('actions').expect(200);
    expect(listed.body).toEqual({ actions: [action] });

    // A secret left out keeps its value, a new one is added, null removes one.
    const changed = await as(admin)
      .patch(`actions/${action.id}`, { description: 'Where an order is.', enabled: false, secrets: { EXTRA: 'x1' } })
      .expect(200);
    expect(changed.body.action).toMatchObject({
      description: 'Where an order is.',
      enabled: false,
      secretNames: ['API_TOKEN', 'EXTRA'],
    });
    const removed = await as(admin)
      .patch(`actions/${action.id}`, { secrets: { EXTRA: null } })
      .expect(200);
    expect(removed.body.action.secretNames).toEqual(['API_TOKEN']);
    // The kept secret is the one first given: the bot's caller opens it.
    const opened = await api.app.get(ActionDefinitionsService).openSecrets(main.id, action.id);
    expect(opened).toEqual({ API_TOKEN: SECRET });

    for (const body of [created.body, listed.body, changed.body, removed.body]) {
      expect(JSON.stringify(body)).not.toContain(SECRET);
      expect(JSON.stringify(body)).not.toContain('"secrets"');
    }
    const deleted = await as(admin).delete(`actions/${action.id}`).expect(200);
    expect(deleted.body).toEqual({ actions: [] });
    await as(admin).delete(`actions/${action.id}`).expect(404);
  });

  it('answers 403 to agents on every action route', async () => {
    const id = (
      await as(admin)
        .post('actions', { ...ORDER_STATUS, name: 'agents_cannot' })
        .expect(201)
    ).body.action.id as string;
    await as(agent).get('actions').expect(403);
    await as(agent)
      .post('actions', { ...ORDER_STATUS, name: 'by_agent' })
      .expect(403);
    await as(agent).patch(`actions/${id}`, { enabled: false }).expect(403);
    await as(agent).delete(`actions/${id}`).expect(403);
    const still = await as(admin).get('actions').expect(200);
    expect(still.body.actions.find((action: ActionView) => action.id === id)).toMatchObject({ enabled: true });
    await request(api.url).get('/v1/console/actions').expect(401);
  });

  it('answers 400 naming each field at fault, from the DTO and from the definition rules', async () => {
    const malformed = await as(admin)
      .post('actions', { ...ORDER_STATUS, name: 'malformed', method: 'FETCH', timeoutMs: 120_000, channels: ['fax'] })
      .expect(400);
    expect(malformed.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'channels',
      'method',
      'timeoutMs',
    ]);
    const rules = await as(admin)
      .post('actions', {
        ...ORDER_STATUS,
        name: 'Bad Name',
        url: 'https://evil.example/orders/{order_number}',
        headers: { Authorization: 'Bearer {{secrets.MISSING}}' },
      })
      .expect(400);
    expect(rules.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'name', messages: [expect.stringMatching(/name must match/)] },
        { field: 'url', messages: [expect.stringMatching(/evil\.example is not one of the workspace's action hosts/)] },
        { field: 'headers.Authorization', messages: [expect.stringMatching(/MISSING, which is not set/)] },
      ]),
    );
    const schema = await as(admin)
      .post('actions', {
        ...ORDER_STATUS,
        name: 'bad_schema',
        parameters: { type: 'object', properties: { order_number: { type: 'integer' } } },
      })
      .expect(400);
    expect(schema.body.errors).toEqual([
      { field: 'parameters', messages: [expect.stringMatching(/order_number\.type must be "string"/)] },
    ]);
    const listed = await as(admin).get('actions').expect(200);
    expect(listed.body.actions.map((action: ActionView) => action.name)).not.toEqual(
      expect.arrayContaining(['malformed', 'Bad Name', 'bad_schema']),
    );
  });

  it('answers 409 for a name the workspace already has, on add and on rename', async () => {
    await as(admin)
      .post('actions', { ...ORDER_STATUS, name: 'taken' })
      .expect(201);
    const duplicate = await as(admin)
      .post('actions', { ...ORDER_STATUS, name: 'taken' })
      .expect(409);
    expect(duplicate.body.message).toBe('The workspace already has an action named "taken"');
    const other = await as(admin)
      .post('actions', { ...ORDER_STATUS, name: 'not_taken' })
      .expect(201);
    await as(admin).patch(`actions/${other.body.action.id}`, { name: 'taken' }).expect(409);
  });

  it("keeps another workspace's actions out of reach (404) and out of the list", async () => {
    const other = await createWorkspace('Other');
    const otherAdmin = await signedIn(other, 'admin');
    const theirs = (
      await as(otherAdmin)
        .post('actions', { ...ORDER_STATUS, name: 'theirs' })
        .expect(201)
    ).body.action.id as string;
    await as(admin).patch(`actions/${theirs}`, { enabled: false }).expect(404);
    await as(admin).delete(`actions/${theirs}`).expect(404);
    await as(admin).patch('actions/not-a-uuid', { enabled: false }).expect(404);
    const mine = await as(admin).get('actions').expect(200);
    expect(mine.body.actions.map((action: ActionView) => action.id)).not.toContain(theirs);
    const still = await as(otherAdmin).get('actions').expect(200);
    expect(still.body.actions).toEqual([expect.objectContaining({ id: theirs, enabled: true })]);
  });

  it("shows a bot message's action calls and pending confirmation in the console transcript", async () => {
    const messages = api.app.get(ConversationMessagesService);
    const { conversation } = await messages.openConversation(main.id, {
      inboxId: main.inboxId,
      sourceId: `visitor-${++sequence}`,
      name: 'Customer',
    });
    await messages.receiveCustomerMessage(main.id, conversation.id, {
      content: 'Where is order NW-12345?',
      clientMessageId: `c-${sequence}`,
    });
    const call = {
      action: 'order_status',
      arguments: { order_number: 'NW-12345', customer_email: '[verified identity]' },
      status: 200,
      latencyMs: 84,
      outcome: 'ok',
      attempts: 1,
      responseExcerpt: '{"status":"shipped"}',
    };
    const confirmation = { action: 'cancel_order', arguments: { order_number: 'NW-12345' } };
    await messages.addBotMessage(main.id, conversation.id, {
      kind: 'answer',
      content: 'Order NW-12345 is shipped. Shall I cancel it?',
      // The bot's turn stores these keys; the metadata type does not declare them yet.
      metadata: { confidence: 0.9, actionCalls: [call], confirmation },
    });
    const detail = await as(agent).get(`conversations/${conversation.id}`).expect(200);
    const bot = detail.body.messages.find((message: { author: string }) => message.author === 'bot');
    expect(bot).toMatchObject({ actionCalls: [call], confirmation });
    const customer = detail.body.messages.find((message: { author: string }) => message.author === 'contact');
    expect(customer).not.toHaveProperty('actionCalls');
    expect(customer.confirmation).toBeNull();
  });
});
