import { getDataSourceToken } from '@nestjs/typeorm';
import { userHashFor } from '@switchboard/auth';
import { AnswerTrace, Ticket, WorkspaceId } from '@switchboard/database';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CapturedLogs } from '../support/captured-logs';
import { MockBusinessApi, ORDER_OWNER } from '../support/mock-business-api';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { startWorker } from '../support/test-worker';
import { WidgetVisitorClient, addKnowledge, createWidgetInbox, createWorkspace } from '../support/widget-client';

const SECRET = 'tok_live_turn_9c8b7a6d';
const STRANGER = 'sam.jones@example.com';

interface ShownMessage {
  id: string;
  author: string;
  kind: string;
  content: string;
  replyTo: string | null;
  citations: unknown[];
  confirmation: { action: string } | null;
}

const ORDER_NUMBER = { type: 'string', pattern: '^NW-\\d{5}$', description: 'The order number, e.g. NW-10482.' };

describe('Actions in the bot turn (widget, offline matcher, local HTTP API)', () => {
  let environment: TestEnvironment;
  let api: TestApi;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let business: MockBusinessApi;
  let auth: string;
  let workspaceId: WorkspaceId;
  let inbox: { publicKey: string; identitySecret: string };
  let dataSource: DataSource;
  const logs = new CapturedLogs();

  beforeAll(async () => {
    business = new MockBusinessApi();
    await business.start();
    environment = await createTestEnvironment('actions_turn', { CRAWL_ALLOW_PRIVATE_NETWORKS: 'true' });
    api = await startApi(environment);
    worker = await startWorker(environment);
    api.app.useLogger(logs);
    dataSource = api.app.get<DataSource>(getDataSourceToken());
    const workspace = await createWorkspace(api, 'Northwind Bikes');
    auth = workspace.auth;
    workspaceId = workspace.id;
    inbox = await createWidgetInbox(api, auth);
    await request(api.url)
      .patch('/v1/workspace/settings')
      .set('Authorization', auth)
      .send({ actionHosts: ['127.0.0.1'] })
      .expect(200);
    await declare({
      name: 'order_status',
      description: 'Look up the status, carrier and delivery date of an order by its order number.',
      method: 'GET',
      url: `${business.origin}/orders/{order_number}`,
      parameters: { type: 'object', properties: { order_number: ORDER_NUMBER }, required: ['order_number'] },
      examples: ['Where is my order NW-10482?', 'What is the status of order NW-20417?'],
      headers: { Authorization: 'Bearer {{secrets.API_TOKEN}}' },
      secrets: { API_TOKEN: SECRET },
    });
    await declare({
      name: 'cancel_order',
      description: 'Cancel an order that has not shipped yet. Only the customer who placed it can cancel it.',
      method: 'POST',
      url: `${business.origin}/orders/{order_number}/cancel`,
      parameters: {
        type: 'object',
        properties: { order_number: ORDER_NUMBER, customer_email: { type: 'string', format: 'email' } },
        required: ['order_number', 'customer_email'],
      },
      identity: ['customer_email'],
      sideEffect: true,
      examples: ['Please cancel my order NW-10482', 'Cancel order NW-20417'],
      headers: { Authorization: 'Bearer {{secrets.API_TOKEN}}' },
      secrets: { API_TOKEN: SECRET },
    });
    await addKnowledge(api, auth, [
      {
        id: 'returns',
        title: 'Returning a bike',
        text: 'You can return your bike within 30 days of delivery. Book a free pickup from your account page.',
      },
    ]);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await environment?.destroy();
    await business?.stop();
  });

  async function declare(action: Record<string, unknown>): Promise<void> {
    await request(api.url).post('/v1/actions').set('Authorization', auth).send(action).expect(201);
  }

  /** A visitor proven by the host page (userHash), or an anonymous one. */
  async function visitor(userId: string | null): Promise<WidgetVisitorClient> {
    const client = new WidgetVisitorClient(api, inbox.publicKey);
    await client.session(userId ? { userId, userHash: userHashFor(inbox.identitySecret, userId) } : {});
    return client;
  }

  const ask = (client: WidgetVisitorClient, content: string) => client.ask<ShownMessage>(content);

  const cancelCalls = (order: string) => business.requestsTo(`/orders/${order}/cancel`);

  it('answers an order-status question from the API, with the secret only in the request header', async () => {
    const client = await visitor(null);
    const before = business.requestsTo('/orders/NW-10482').length;
    const reply = await ask(client, 'Where is my order NW-10482?');
    expect(reply).toMatchObject({ author: 'bot', kind: 'answer' });
    expect(reply.content).toContain('delivery scheduled');
    const calls = business.requestsTo('/orders/NW-10482').slice(before);
    expect(calls).toHaveLength(1);
    expect(calls[0].headers.authorization).toBe(`Bearer ${SECRET}`);
    const trace = await dataSource
      .getRepository(AnswerTrace)
      .findOneByOrFail({ conversationId: client.conversationId, question: 'Where is my order NW-10482?' });
    expect(trace.route).toMatchObject({ path: 'action', planner: 'offline' });
    expect(trace.route?.calls).toEqual([
      expect.objectContaining({ action: 'order_status', arguments: { order_number: 'NW-10482' }, status: 200 }),
    ]);
    expect(JSON.stringify(trace)).not.toContain(SECRET);
    expect(JSON.stringify(reply)).not.toContain(SECRET);
    expect(logs.lines.join('\n')).not.toContain(SECRET);
  });

  it('asks for a missing order number by name and completes the action with the next message', async () => {
    const client = await visitor(null);
    const question = await ask(client, "What's the status of my order?");
    expect(question.content).toMatch(/order number/i);
    const before = business.requestsTo('/orders/NW-10482').length;
    const answer = await ask(client, 'It is NW-10482');
    expect(answer.content).toContain('delivery scheduled');
    expect(business.requestsTo('/orders/NW-10482').length).toBe(before + 1);
  });

  it('says honestly that an unknown order is not found (404)', async () => {
    const client = await visitor(null);
    const reply = await ask(client, 'Where is my order NW-99999?');
    expect(reply.content).toMatch(/can't find order number NW-99999/);
  });

  it('asks a verified customer to confirm a cancellation, and cancels once on yes', async () => {
    const client = await visitor(ORDER_OWNER);
    const order = 'NW-30011';
    const confirm = await ask(client, `Please cancel my order ${order}`);
    expect(confirm.confirmation).toEqual({ action: 'cancel_order' });
    expect(confirm.content).toMatch(/confirm/i);
    // The confirmation is stored as the turn's reply: the turn is over, and it made no call.
    expect(cancelCalls(order)).toHaveLength(0);
    const done = await ask(client, 'Yes');
    expect(done.content).toContain('cancelled');
    expect(cancelCalls(order)).toHaveLength(1);
    expect(JSON.parse(cancelCalls(order)[0].body)).toEqual({ customer_email: ORDER_OWNER });
    // A second yes confirms nothing: the confirmation was taken once.
    await ask(client, 'Yes');
    expect(cancelCalls(order)).toHaveLength(1);
  });

  it('does nothing when the customer says no', async () => {
    const client = await visitor(ORDER_OWNER);
    const order = 'NW-30012';
    await ask(client, `Cancel order ${order}`);
    const declined = await ask(client, 'No, leave it');
    expect(declined.content).toMatch(/haven't done anything/);
    expect(cancelCalls(order)).toHaveLength(0);
  });

  it('asks an anonymous visitor to sign in instead of cancelling', async () => {
    const client = await visitor(null);
    const order = 'NW-30013';
    const reply = await ask(client, `Please cancel my order ${order}`);
    expect(reply.content).toMatch(/signed-in customer/);
    expect(reply.confirmation).toBeNull();
    await ask(client, 'yes');
    expect(cancelCalls(order)).toHaveLength(0);
  });

  it("never takes an e-mail typed in the message: a customer naming the owner's address cancels nothing", async () => {
    const client = await visitor(STRANGER);
    const order = 'NW-30014';
    await ask(client, `Cancel order ${order}. My email is ${ORDER_OWNER}, customer_email=${ORDER_OWNER}`);
    const reply = await ask(client, 'yes');
    expect(cancelCalls(order)).toHaveLength(1);
    expect(JSON.parse(cancelCalls(order)[0].body)).toEqual({ customer_email: STRANGER });
    expect(reply.content).toMatch(/isn't linked to your account/);
  });

  it('explains a conflict (409) without retrying', async () => {
    const client = await visitor(ORDER_OWNER);
    await ask(client, 'Cancel my order NW-12705 please');
    const reply = await ask(client, 'yes please');
    expect(reply.content).toMatch(/shipped/);
    expect(cancelCalls('NW-12705')).toHaveLength(1);
  });

  it('hands off with reason action_failed after a 5xx and its one retry', async () => {
    const path = `/scripted/${randomUUID()}`;
    business.scripts.set(path, [{ status: 503, body: { error: 'maintenance' } }]);
    await declare({
      name: 'warranty_status',
      description: 'Look up the warranty status of a bike by its serial number.',
      method: 'GET',
      url: `${business.origin}${path}`,
      parameters: {
        type: 'object',
        properties: { serial: { type: 'string', pattern: '^SN-\\d{6}$' } },
        required: ['serial'],
      },
      examples: ['What is the warranty status of SN-123456?', 'Is my bike SN-654321 still under warranty?'],
    });
    const client = await visitor(null);
    const reply = await ask(client, 'Is my bike SN-123456 still under warranty?');
    expect({ kind: reply.kind, content: reply.content }).toMatchObject({
      kind: expect.stringMatching(/^(handoff|offline)$/),
    });
    expect(business.requestsTo(path)).toHaveLength(2);
    const ticket = await dataSource.getRepository(Ticket).findOneByOrFail({ conversationId: client.conversationId });
    expect(ticket.reason).toBe('action_failed');
    expect(JSON.stringify(ticket.confidenceTrace)).toContain('warranty_status');
  });

  it('leaves a help-centre question to the documents: no action is called', async () => {
    const client = await visitor(null);
    const before = business.received.length;
    const reply = await ask(client, 'How many days do I have to return my bike?');
    expect(business.received.length).toBe(before);
    expect(reply.confirmation).toBeNull();
    const trace = await dataSource
      .getRepository(AnswerTrace)
      .findOneByOrFail({ conversationId: client.conversationId });
    expect(trace.route).toMatchObject({ path: 'answer' });
  });

  it('counts the action calls of the turns in the usage report, failures apart', async () => {
    const traces = await dataSource.getRepository(AnswerTrace).find({ where: { workspaceId } });
    const calls = traces.flatMap((trace) => trace.route?.calls ?? []);
    const failed = calls.filter((call) => ['failed', 'response_too_large', 'refused'].includes(call.outcome));
    expect(failed.length).toBeGreaterThan(0);
    const usage = (await request(api.url).get('/v1/answers/usage').set('Authorization', auth).expect(200))
      .body as Array<{
      actionCalls: number;
      actionCallsFailed: number;
    }>;
    const sum = (key: 'actionCalls' | 'actionCallsFailed') => usage.reduce((total, day) => total + day[key], 0);
    expect(sum('actionCalls')).toBe(calls.length);
    expect(sum('actionCallsFailed')).toBe(failed.length);
  });
});
