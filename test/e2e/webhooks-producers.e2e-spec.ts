import { INestApplicationContext } from '@nestjs/common';
import { verifySignature } from '@switchboard/webhooks';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { eventually } from '../support/eventually';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { startWorker } from '../support/test-worker';
import { ReceivedWebhook, WebhookReceiver } from '../support/webhook-receiver';
import { WidgetVisitorClient, addKnowledge, createWidgetInbox, createWorkspace } from '../support/widget-client';

const COVERED = 'When will the refund for my returned shoes reach my card?';
const REFUNDS = {
  id: 'refunds',
  title: 'Refunds',
  text: '# Refunds\n\nYou can return unworn shoes within 30 days of delivery for a full refund. Refunds reach your card within five working days.',
};

/** A port nothing listens on: a crawl of it fails at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('webhook events raised by conversations, answer feedback and knowledge syncs', () => {
  let environment: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    await receiver.start();
    environment = await createTestEnvironment('webhooks_producers', {
      // The receiver and the crawled site listen on 127.0.0.1, which the network guard refuses otherwise.
      CRAWL_ALLOW_PRIVATE_NETWORKS: 'true',
    });
    api = await startApi(environment);
    worker = await startWorker(environment);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await environment?.destroy();
    await receiver.stop();
  });

  /** A workspace of the test's own with an endpoint at `path` subscribed to `events`, and that endpoint's secret. */
  async function subscribed(name: string, path: string, events: string[]) {
    const workspace = await createWorkspace(api, name, { confidenceThreshold: 0.3 });
    const created = await request(api.url)
      .post('/v1/webhooks')
      .set('Authorization', workspace.auth)
      .send({ url: receiver.url(path), events })
      .expect(201);
    return { workspace, secret: created.body.secret as string };
  }

  /** The first signed delivery of `type` at `path`, its signature checked with `secret`. */
  async function received(path: string, type: string, secret: string): Promise<ReceivedWebhook> {
    const delivery = await eventually(() => receiver.deliveredAt(path).find((hook) => hook.json.type === type), {
      what: `a ${type} delivery`,
      timeoutMs: 30_000,
    });
    expect(verifySignature(String(delivery.headers['switchboard-signature']), delivery.body, secret)).toBe(true);
    expect(delivery.headers['switchboard-event-type']).toBe(type);
    return delivery;
  }

  it('sends conversation.created when a widget visitor opens a conversation', async () => {
    const { workspace, secret } = await subscribed('Opened', '/opened', ['conversation.created']);
    const inbox = await createWidgetInbox(api, workspace.auth);
    const visitor = new WidgetVisitorClient(api, inbox.publicKey);
    await visitor.session();

    const delivery = await received('/opened', 'conversation.created', secret);
    expect(delivery.json).toEqual({
      id: delivery.headers['switchboard-event-id'],
      type: 'conversation.created',
      version: 1,
      createdAt: expect.any(String),
      workspaceId: workspace.id,
      data: {
        conversationId: visitor.conversationId,
        inboxId: inbox.id,
        contactId: expect.any(String),
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    });
  });

  it("sends answer.feedback with the rating and the answer's trace when a customer rates a bot answer", async () => {
    const { workspace, secret } = await subscribed('Rated', '/rated', ['answer.feedback']);
    await addKnowledge(api, workspace.auth, [REFUNDS]);
    const inbox = await createWidgetInbox(api, workspace.auth);
    const visitor = new WidgetVisitorClient(api, inbox.publicKey);
    await visitor.session();
    const answer = await visitor.ask<{ id: string; replyTo: string | null }>(COVERED);
    await visitor.post('feedback', { messageId: answer.id, rating: 'down' }).expect(200);

    const delivery = await received('/rated', 'answer.feedback', secret);
    expect(delivery.json.data).toEqual({
      conversationId: visitor.conversationId,
      messageId: answer.id,
      rating: 'down',
      traceId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('sends knowledge.sync.completed from the worker once an added document is searchable', async () => {
    const { workspace, secret } = await subscribed('Synced', '/synced', ['knowledge.sync.completed']);
    await addKnowledge(api, workspace.auth, [REFUNDS]);

    const delivery = await received('/synced', 'knowledge.sync.completed', secret);
    expect(delivery.json.data).toEqual({
      syncId: expect.any(String),
      sourceId: expect.any(String),
      trigger: 'text',
      documents: { total: 1, indexed: 1, skipped: 0, failed: 0, deleted: 0 },
      error: null,
      startedAt: expect.any(String),
      finishedAt: expect.any(String),
    });
    const sync = await request(api.url)
      .get(`/v1/knowledge/sources/${String(delivery.json.data.sourceId)}/syncs/${String(delivery.json.data.syncId)}`)
      .set('Authorization', workspace.auth)
      .expect(200);
    expect(sync.body).toMatchObject({ status: 'completed', indexed: 1 });
  });

  it('sends knowledge.sync.completed from the api for a sync with nothing to index (an empty source synced)', async () => {
    const { workspace, secret } = await subscribed('Empty', '/empty', ['knowledge.sync.completed']);
    const source = await request(api.url)
      .post('/v1/knowledge/sources')
      .set('Authorization', workspace.auth)
      .send({ name: 'Nothing yet', type: 'text', visibility: 'public' })
      .expect(201);
    const started = await request(api.url)
      .post(`/v1/knowledge/sources/${source.body.id}/sync`)
      .set('Authorization', workspace.auth)
      .expect(202);
    expect(started.body.status).toBe('completed');

    const delivery = await received('/empty', 'knowledge.sync.completed', secret);
    expect(delivery.json.data).toMatchObject({
      syncId: started.body.id,
      sourceId: source.body.id,
      trigger: 'manual',
      documents: { total: 0, indexed: 0, skipped: 0, failed: 0, deleted: 0 },
    });
  });

  it('sends knowledge.sync.failed with the reason when a crawl cannot reach its site', async () => {
    const { workspace, secret } = await subscribed('Unreachable', '/unreachable', ['knowledge.sync.failed']);
    const source = await request(api.url)
      .post('/v1/knowledge/sources')
      .set('Authorization', workspace.auth)
      .send({
        name: 'Gone site',
        type: 'url',
        visibility: 'public',
        crawl: { url: `http://127.0.0.1:${await closedPort()}/` },
      })
      .expect(201);
    const started = await request(api.url)
      .post(`/v1/knowledge/sources/${source.body.id}/sync`)
      .set('Authorization', workspace.auth)
      .expect(202);

    const delivery = await received('/unreachable', 'knowledge.sync.failed', secret);
    expect(delivery.json.data).toMatchObject({
      syncId: started.body.id,
      sourceId: source.body.id,
      trigger: 'manual',
      error: expect.stringMatching(/ECONNREFUSED|refused|connect/i),
    });
  });
});
