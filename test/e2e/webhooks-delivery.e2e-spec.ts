import { INestApplicationContext } from '@nestjs/common';
import { verifySignature } from '@switchboard/webhooks';
import request from 'supertest';
import { eventually } from '../support/eventually';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { startWorker } from '../support/test-worker';
import { ReceivedWebhook, WebhookReceiver } from '../support/webhook-receiver';
import { WidgetVisitorClient, createWidgetInbox, createWorkspace } from '../support/widget-client';

/** A delivery log entry, as far as the tests read it. */
interface LoggedDelivery {
  id: string;
  eventId: string;
  status: string;
  attempts: number;
  deliveredAt: string | null;
  latencyMs: number | null;
  payload: { data: { message?: { content: string } } };
}

interface Hook {
  id: string;
  secret: string;
}

describe('outbound webhooks, delivered by the worker to a local receiver', () => {
  let environment: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    await receiver.start();
    environment = await createTestEnvironment('webhooks', {
      // The receiver listens on 127.0.0.1, which the network guard refuses otherwise.
      CRAWL_ALLOW_PRIVATE_NETWORKS: 'true',
      WEBHOOK_RETRY_BASE_MS: '100',
      WEBHOOK_DISABLE_AFTER_FAILURES: '3',
      WEBHOOK_DISABLE_FAILING_FOR_MS: '0',
      WEBHOOK_SWEEP_INTERVAL_MS: '1000',
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

  /** A workspace of the test's own, a widget visitor in it, and an endpoint at `path` subscribed to `events`. */
  async function setUp(name: string, path: string, events: string[]) {
    const workspace = await createWorkspace(api, name);
    const inbox = await createWidgetInbox(api, workspace.auth);
    const created = await request(api.url)
      .post('/v1/webhooks')
      .set('Authorization', workspace.auth)
      .send({ url: receiver.url(path), events })
      .expect(201);
    const visitor = new WidgetVisitorClient(api, inbox.publicKey);
    await visitor.session();
    const hook: Hook = { id: created.body.id, secret: created.body.secret };
    return { workspace, visitor, hook };
  }

  const deliveriesOf = async (auth: string, hook: Hook) =>
    (await request(api.url).get(`/v1/webhooks/${hook.id}/deliveries`).set('Authorization', auth).expect(200))
      .body as LoggedDelivery[];
  const contentOf = (received: ReceivedWebhook): string | undefined => received.json.data.message?.content;
  const sentBy = (path: string, content: string) => () =>
    receiver.deliveredAt(path).find((received) => contentOf(received) === content);

  it('signs each delivery over its timestamp and body, in a versioned envelope carrying the event id', async () => {
    const { workspace, visitor, hook } = await setUp('Signed', '/signed', ['message.created']);
    await visitor.send('Hello, is anyone there?').expect(202);

    const received = await eventually(sentBy('/signed', 'Hello, is anyone there?'), { what: 'the signed delivery' });
    const signature = String(received.headers['switchboard-signature']);
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature(signature, received.body, hook.secret)).toBe(true);
    expect(verifySignature(signature, received.body, 'whsec_someone-else')).toBe(false);
    expect(verifySignature(signature, received.body.replace('Hello', 'Hullo'), hook.secret)).toBe(false);
    expect(received.json).toEqual({
      id: received.headers['switchboard-event-id'],
      type: 'message.created',
      version: 1,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      workspaceId: workspace.id,
      data: {
        conversationId: visitor.conversationId,
        message: expect.objectContaining({
          author: 'contact',
          direction: 'incoming',
          content: 'Hello, is anyone there?',
        }),
      },
    });
    expect(received.headers['switchboard-event-type']).toBe('message.created');

    const logged = await eventually(
      async () =>
        (await deliveriesOf(workspace.auth, hook)).find((d) => d.eventId === received.json.id && d.deliveredAt),
      { what: 'the delivery in the log' },
    );
    expect(logged).toMatchObject({
      id: received.headers['switchboard-delivery-id'],
      status: 'delivered',
      attempts: 1,
      responseStatus: 200,
      responseExcerpt: 'ok',
      error: null,
    });
    expect(logged.latencyMs).toEqual(expect.any(Number));
  });

  it("keeps a conversation's events in order: later ones wait while the first is retried after a 500", async () => {
    let failedOnce = false;
    receiver.on('/ordered', (received) => {
      if (!failedOnce && received.json.data.message?.content === 'first') {
        failedOnce = true;
        return { status: 500, body: 'try again' };
      }
      return { status: 200 };
    });
    const { workspace, visitor, hook } = await setUp('Ordered', '/ordered', ['message.created']);
    for (const content of ['first', 'second', 'third']) await visitor.send(content).expect(202);

    await eventually(sentBy('/ordered', 'third'), { what: 'the third message to be delivered' });
    const customer = receiver
      .deliveredAt('/ordered')
      .filter((received) => received.json.data.message?.author === 'contact');
    expect(customer.map(contentOf)).toEqual(['first', 'second', 'third']);
    // Nothing of the conversation went out between the first's failure and its successful retry.
    const all = receiver.at('/ordered');
    const failure = all.findIndex((received) => received.status === 500);
    const retried = all.findIndex((received) => contentOf(received) === 'first' && received.status === 200);
    expect(failure).toBe(0);
    expect(retried).toBe(1);
    const first = (await deliveriesOf(workspace.auth, hook)).find((d) => d.payload.data.message?.content === 'first');
    expect(first).toMatchObject({ status: 'delivered', attempts: 2, responseStatus: 200 });
  });

  it("waits as long as the receiver's Retry-After asks before retrying", async () => {
    let answered = 0;
    receiver.on('/busy', () => (answered++ === 0 ? { status: 503, headers: { 'Retry-After': '2' } } : { status: 200 }));
    const { visitor } = await setUp('Busy', '/busy', ['message.created']);
    await visitor.send('Are you busy?').expect(202);

    await eventually(sentBy('/busy', 'Are you busy?'), { what: 'the retry after Retry-After' });
    const [refused, accepted] = receiver.at('/busy');
    expect(refused.status).toBe(503);
    expect(accepted.json.id).toBe(refused.json.id);
    // The backoff base is 100 ms: only Retry-After explains a two-second wait.
    expect(accepted.at - refused.at).toBeGreaterThanOrEqual(1_900);
  });

  it('signs with both secrets after a rotation, so a receiver holding either one verifies', async () => {
    const { workspace, visitor, hook } = await setUp('Rotated', '/rotated', ['message.created']);
    const rotated = await request(api.url)
      .post(`/v1/webhooks/${hook.id}/rotate-secret`)
      .set('Authorization', workspace.auth)
      .expect(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(hook.secret);
    expect(Date.parse(rotated.body.previousSecretExpiresAt)).toBeGreaterThan(Date.now() + 23 * 3600_000);
    await visitor.send('After the rotation').expect(202);

    const received = await eventually(sentBy('/rotated', 'After the rotation'), {
      what: 'the delivery after rotation',
    });
    const signature = String(received.headers['switchboard-signature']);
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    expect(verifySignature(signature, received.body, rotated.body.secret)).toBe(true);
    expect(verifySignature(signature, received.body, hook.secret)).toBe(true);
  });

  it('tells of a ticket opened on a handoff, with the reason and the confidence', async () => {
    const { workspace, visitor } = await setUp('Handed off', '/tickets', ['ticket.opened', 'handoff']);
    await visitor.post('handoff').expect(200);

    const both = await eventually(
      () => {
        const received = receiver.deliveredAt('/tickets').filter((r) => r.json.workspaceId === workspace.id);
        return received.length >= 2 ? received : undefined;
      },
      { what: 'ticket.opened and handoff' },
    );
    const byType = Object.fromEntries(both.map((received) => [received.json.type, received.json.data]));
    expect(byType['ticket.opened']).toMatchObject({
      conversationId: visitor.conversationId,
      status: 'open',
      reason: 'customer_asked',
    });
    expect(byType.handoff).toMatchObject({ conversationId: visitor.conversationId, reason: 'customer_asked' });
    expect(byType.handoff).toHaveProperty('confidence');
    expect(byType.handoff.ticketId).toBe(byType['ticket.opened'].ticketId);
  });

  it('disables an endpoint that keeps failing, says why on the endpoint, and skips what was pending', async () => {
    receiver.on('/down', () => ({ status: 500, body: 'database on fire' }));
    const { workspace, visitor, hook } = await setUp('Down', '/down', ['message.created']);
    for (const content of ['one', 'two', 'three']) await visitor.send(content).expect(202);

    const endpoint = await eventually(
      async () => {
        const current = await request(api.url).get(`/v1/webhooks/${hook.id}`).set('Authorization', workspace.auth);
        return current.body.enabled === false ? current.body : undefined;
      },
      { what: 'the endpoint to be disabled' },
    );
    expect(endpoint.disabledReason).toMatch(/^3 failed attempts in a row since .*HTTP 500$/);
    expect(endpoint.disabledAt).toEqual(expect.any(String));
    const settled = await eventually(
      async () => {
        const log = await deliveriesOf(workspace.auth, hook);
        return log.length > 0 && log.every((delivery) => delivery.status !== 'pending') ? log : undefined;
      },
      { what: 'every delivery to settle' },
    );
    expect(settled.some((delivery) => delivery.status === 'failed')).toBe(true);
    expect(settled.every((delivery) => ['failed', 'skipped'].includes(delivery.status))).toBe(true);
    const failed = settled.find((delivery) => delivery.status === 'failed');
    expect(failed).toMatchObject({ responseStatus: 500, responseExcerpt: 'database on fire', error: 'HTTP 500' });
    // Every request the receiver got is an attempt in the log: none went out after the endpoint was disabled.
    const attempts = settled.reduce((sum, delivery) => sum + delivery.attempts, 0);
    expect(receiver.at('/down')).toHaveLength(attempts);

    const enabled = await request(api.url)
      .patch(`/v1/webhooks/${hook.id}`)
      .set('Authorization', workspace.auth)
      .send({ enabled: true })
      .expect(200);
    expect(enabled.body).toMatchObject({
      enabled: true,
      disabledAt: null,
      disabledReason: null,
      consecutiveFailures: 0,
    });
  });

  it('replays one delivery as a new delivery with the same event id', async () => {
    const { workspace, visitor, hook } = await setUp('Replayed', '/replayed', ['message.created']);
    await visitor.send('Replay me').expect(202);
    const original = await eventually(sentBy('/replayed', 'Replay me'), { what: 'the original delivery' });
    const deliveryId = String(original.headers['switchboard-delivery-id']);

    const replay = await request(api.url)
      .post(`/v1/webhooks/${hook.id}/deliveries/${deliveryId}/replay`)
      .set('Authorization', workspace.auth)
      .expect(202);
    expect(replay.body).toMatchObject({ replayOf: deliveryId, eventId: original.json.id, status: 'pending' });

    const again = await eventually(
      () => receiver.deliveredAt('/replayed').find((r) => r.headers['switchboard-delivery-id'] === replay.body.id),
      { what: 'the replayed delivery' },
    );
    expect(again.json.id).toBe(original.json.id);
    expect(again.body).toBe(original.body);
    expect(verifySignature(String(again.headers['switchboard-signature']), again.body, hook.secret)).toBe(true);
  });
});
