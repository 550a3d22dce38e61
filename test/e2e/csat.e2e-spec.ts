import { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { WidgetMessage } from '@switchboard/contracts';
import { Message, WorkspaceId } from '@switchboard/database';
import { TicketsService } from '@switchboard/handoff';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { eventually } from '../support/eventually';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { startWorker } from '../support/test-worker';
import { WebhookReceiver } from '../support/webhook-receiver';
import { WidgetVisitorClient, createWidgetInbox, createWorkspace } from '../support/widget-client';

const PASSWORD = 'a long enough password';
const DAY = 86_400_000;

interface Tenant {
  id: WorkspaceId;
  auth: string;
  inboxKey: string;
  admin: { id: string; token: string };
}

describe('CSAT over the widget and console APIs', () => {
  let environment: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  let tickets: TicketsService;
  const receiver = new WebhookReceiver();
  let sequence = 0;

  beforeAll(async () => {
    await receiver.start();
    environment = await createTestEnvironment('csat', {
      // The webhook receiver listens on 127.0.0.1, which the network guard refuses otherwise.
      CRAWL_ALLOW_PRIVATE_NETWORKS: 'true',
      WIDGET_RATE_LIMIT_IP: '100000',
      WIDGET_RATE_LIMIT_VISITOR: '1000',
    });
    api = await startApi(environment);
    worker = await startWorker(environment);
    dataSource = api.app.get<DataSource>(getDataSourceToken());
    tickets = api.app.get(TicketsService);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await environment?.destroy();
    await receiver.stop();
  });

  /** A workspace with a widget inbox, a signed-in admin and, at `hookPath`, an endpoint for csat.submitted. */
  async function tenant(hookPath?: string): Promise<Tenant> {
    const workspace = await createWorkspace(api, `CSAT ${++sequence}`);
    const inbox = await createWidgetInbox(api, workspace.auth);
    const email = `admin${sequence}@csat.test`;
    const agent = await request(api.url)
      .post('/v1/agents')
      .set('Authorization', workspace.auth)
      .send({ name: `Admin ${sequence}`, email, role: 'admin', password: PASSWORD })
      .expect(201);
    const login = await request(api.url).post('/v1/console/login').send({ email, password: PASSWORD }).expect(200);
    if (hookPath) {
      await request(api.url)
        .post('/v1/webhooks')
        .set('Authorization', workspace.auth)
        .send({ url: receiver.url(hookPath), events: ['csat.submitted'] })
        .expect(201);
    }
    return { ...workspace, inboxKey: inbox.publicKey, admin: { id: agent.body.id, token: login.body.token } };
  }

  const consoleGet = (who: Tenant, path: string) =>
    request(api.url).get(`/v1/console/${path}`).set('Authorization', `Bearer ${who.admin.token}`);

  async function visitor(who: Tenant): Promise<WidgetVisitorClient> {
    const client = new WidgetVisitorClient(api, who.inboxKey);
    await client.session();
    return client;
  }

  /** "Talk to a human", then the admin claims and resolves the ticket in the console. */
  async function resolvedByAgent(who: Tenant, client: WidgetVisitorClient): Promise<void> {
    await client.post('handoff').expect(200);
    const [ticket] = await tickets.list(who.id, { conversationId: client.conversationId });
    const post = (path: string) =>
      request(api.url).post(`/v1/console/${path}`).set('Authorization', `Bearer ${who.admin.token}`).send({});
    await post(`tickets/${ticket.id}/claim`).expect(200);
    await post(`tickets/${ticket.id}/resolve`).expect(200);
  }

  const ratingRequestOf = (client: WidgetVisitorClient): Promise<WidgetMessage> =>
    eventually(
      async () => {
        const shown = await client.get('messages').expect(200);
        return (shown.body.messages as WidgetMessage[]).find((message) => message.ratingRequest);
      },
      { what: 'the rating request in the widget' },
    );

  it('asks for a rating once an agent resolves the ticket, stores it for that agent, and lets it change in the window', async () => {
    const shop = await tenant('/csat-hook');
    const client = await visitor(shop);
    await resolvedByAgent(shop, client);

    const ask = await ratingRequestOf(client);
    expect(ask).toMatchObject({ author: 'bot', kind: 'message', ratingRequest: true });
    expect(ask.content).toMatch(/rate this conversation/);
    const first = await client.post('csat', { messageId: ask.id, score: 4, comment: 'Quick, thanks' }).expect(200);
    expect(first.body.rating).toMatchObject({ score: 4, comment: 'Quick, thanks' });
    expect(new Date(first.body.rating.changeableUntil).getTime()).toBeGreaterThan(Date.now() + 6 * DAY);

    const changed = await client.post('csat', { messageId: ask.id, score: 2 }).expect(200);
    expect(changed.body.rating).toMatchObject({ score: 2, comment: null });
    const shown = await consoleGet(shop, `conversations/${client.conversationId}/csat`).expect(200);
    expect(shown.body.rating).toMatchObject({ score: 2, comment: null, channel: 'widget', agentId: shop.admin.id });

    const report = await consoleGet(shop, 'reports/csat?days=7').expect(200);
    expect(report.body).toMatchObject({
      days: 7,
      overall: { count: 1, average: 2 },
      bot: { count: 0, average: null },
      agents: [{ agentId: shop.admin.id, name: 'Admin 1', count: 1, average: 2 }],
    });
    expect(report.body.agents[0].distribution).toEqual({ '1': 0, '2': 1, '3': 0, '4': 0, '5': 0 });
    const scripted = await request(api.url)
      .get('/v1/workspace/reports/csat?days=7')
      .set('Authorization', shop.auth)
      .expect(200);
    expect(scripted.body).toEqual(report.body);
    // Asked once, however many modules of the api import CSAT.
    const shownNow = (await client.get('messages').expect(200)).body.messages as WidgetMessage[];
    expect(shownNow.filter((message) => message.ratingRequest)).toHaveLength(1);
  });

  it('delivers each rating and each change as the csat.submitted webhook', async () => {
    const path = '/csat-hook-2';
    const shop = await tenant(path);
    const client = await visitor(shop);
    await resolvedByAgent(shop, client);
    const ask = await ratingRequestOf(client);
    await client.post('csat', { messageId: ask.id, score: 5, comment: 'Great' }).expect(200);
    await client.post('csat', { messageId: ask.id, score: 3 }).expect(200);

    const delivered = await eventually(() => receiver.at(path).length >= 2 && receiver.at(path), {
      what: 'two csat.submitted deliveries',
    });
    expect(delivered.map(({ json }) => ({ type: json.type, workspaceId: json.workspaceId, data: json.data }))).toEqual([
      {
        type: 'csat.submitted',
        workspaceId: shop.id,
        data: {
          conversationId: client.conversationId,
          score: 5,
          comment: 'Great',
          channel: 'widget',
          agentId: shop.admin.id,
          changed: false,
        },
      },
      {
        type: 'csat.submitted',
        workspaceId: shop.id,
        data: expect.objectContaining({ score: 3, comment: null, changed: true }),
      },
    ]);
  });

  it('refuses a change once the window after the request has closed, with 409, and keeps the rating', async () => {
    const shop = await tenant();
    const client = await visitor(shop);
    await resolvedByAgent(shop, client);
    const ask = await ratingRequestOf(client);
    await client.post('csat', { messageId: ask.id, score: 5 }).expect(200);
    // The request was sent eight days ago: past CSAT_WINDOW_DAYS (7).
    await dataSource.getRepository(Message).update({ id: ask.id }, { createdAt: new Date(Date.now() - 8 * DAY) });

    const refused = await client.post('csat', { messageId: ask.id, score: 1 }).expect(409);
    expect(refused.body).toMatchObject({ code: 'csat_window_closed', message: expect.stringMatching(/closed at/) });
    const kept = await consoleGet(shop, `conversations/${client.conversationId}/csat`).expect(200);
    expect(kept.body.rating.score).toBe(5);
  });

  it('answers a bad score or comment, or a message that is no rating request, with a clear 4xx', async () => {
    const shop = await tenant();
    const client = await visitor(shop);
    await resolvedByAgent(shop, client);
    const ask = await ratingRequestOf(client);
    const customer = await client.send('Hello there').expect(202);

    for (const score of [0, 6, 2.5, '5']) {
      const bad = await client.post('csat', { messageId: ask.id, score }).expect(400);
      expect(bad.body.code).toBe('invalid_request');
    }
    await client.post('csat', { messageId: ask.id, score: 3, comment: 'x'.repeat(2001) }).expect(400);
    const notAsked = await client.post('csat', { messageId: customer.body.message.id, score: 3 }).expect(404);
    expect(notAsked.body.code).toBe('csat_request_not_found');
    expect((await consoleGet(shop, `conversations/${client.conversationId}/csat`).expect(200)).body.rating).toBeNull();
  });

  it('"End chat" with the bot resolves the conversation and asks for a rating that counts for the bot', async () => {
    const shop = await tenant();
    const client = await visitor(shop);
    const early = await client.post('end').expect(409);
    expect(early.body.code).toBe('nothing_to_end');
    await client.send('Where do I find my invoices?').expect(202);
    const ended = await client.post('end').expect(200);
    expect(ended.body).toEqual({ owner: 'resolved' });
    const ask = await ratingRequestOf(client);
    await client.post('csat', { messageId: ask.id, score: 5, comment: 'Found it myself' }).expect(200);

    const report = await consoleGet(shop, 'reports/csat').expect(200);
    expect(report.body).toMatchObject({ days: 30, bot: { count: 1, average: 5 }, agents: [] });
    const again = await client.post('end').expect(409);
    expect(again.body.code).toBe('not_bot_conversation');
  });

  it('shows the rating already given on its request after a reload (history and a resumed session), and only then', async () => {
    const shop = await tenant();
    const client = await visitor(shop);
    await client.send('Where do I find my invoices?').expect(202);
    await client.post('end').expect(200);
    const ask = await ratingRequestOf(client);
    expect(ask.rating).toBeUndefined();
    const given = await client.post('csat', { messageId: ask.id, score: 2, comment: 'Slow' }).expect(200);

    const history = await client.get('messages').expect(200);
    const shown = (history.body.messages as WidgetMessage[]).find((message) => message.id === ask.id);
    expect(shown?.rating).toEqual({ score: 2, comment: 'Slow', changeableUntil: given.body.rating.changeableUntil });
    expect((history.body.messages as WidgetMessage[]).filter((message) => message.rating)).toHaveLength(1);
    const resumed = await client.session({ visitorToken: client.token });
    const inSession = (resumed.body.messages as WidgetMessage[]).find((message) => message.id === ask.id);
    expect(inSession?.rating).toMatchObject({ score: 2, comment: 'Slow' });

    const stranger = await visitor(await tenant());
    const theirs = await stranger.get('messages').expect(200);
    expect((theirs.body.messages as WidgetMessage[]).some((message) => message.rating)).toBe(false);
  });

  it('refuses "End chat" while a person has the conversation', async () => {
    const shop = await tenant();
    const client = await visitor(shop);
    await client.post('handoff').expect(200);
    await client.post('end').expect(409);
    const shown = await client.get('messages').expect(200);
    expect((shown.body.messages as WidgetMessage[]).some((message) => message.ratingRequest)).toBe(false);
  });

  it("keeps workspaces apart: another workspace's visitor cannot rate, and its console sees no rating", async () => {
    const shop = await tenant();
    const rival = await tenant();
    const client = await visitor(shop);
    await resolvedByAgent(shop, client);
    const ask = await ratingRequestOf(client);
    await client.post('csat', { messageId: ask.id, score: 5 }).expect(200);
    const stranger = await visitor(rival);

    await stranger.post('csat', { messageId: ask.id, score: 1 }).expect(404);
    const seen = await consoleGet(rival, `conversations/${client.conversationId}/csat`).expect(200);
    expect(seen.body.rating).toBeNull();
    expect((await consoleGet(rival, 'reports/csat').expect(200)).body.overall.count).toBe(0);
    expect((await consoleGet(shop, `conversations/${client.conversationId}/csat`).expect(200)).body.rating.score).toBe(
      5,
    );
  });

  it('keeps the report to admins', async () => {
    const shop = await tenant();
    await request(api.url)
      .post('/v1/agents')
      .set('Authorization', shop.auth)
      .send({ name: 'Plain Agent', email: `agent${sequence}@csat.test`, role: 'agent', password: PASSWORD })
      .expect(201);
    const login = await request(api.url)
      .post('/v1/console/login')
      .send({ email: `agent${sequence}@csat.test`, password: PASSWORD })
      .expect(200);
    await request(api.url)
      .get('/v1/console/reports/csat')
      .set('Authorization', `Bearer ${login.body.token}`)
      .expect(403);
  });
});
