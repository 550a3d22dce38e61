import { getDataSourceToken } from '@nestjs/typeorm';
import { userHashFor } from '@switchboard/auth';
import { AnswerTrace, LlmCall } from '@switchboard/database';
import { OpenAiDouble } from '@switchboard/llm/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { MockBusinessApi, ORDER_OWNER } from '../support/mock-business-api';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { WidgetVisitorClient, createWidgetInbox, createWorkspace } from '../support/widget-client';

const SECRET = 'tok_live_llm_1a2b3c4d';
const ORDER_NUMBER = { type: 'string', pattern: '^NW-\\d{5}$', description: 'The order number, e.g. NW-10482.' };

interface ShownMessage {
  id: string;
  kind: string;
  content: string;
  replyTo: string | null;
  confirmation: { action: string } | null;
}

describe('Actions in the bot turn with an LLM (OpenAI double, tool calling)', () => {
  let llm: OpenAiDouble;
  let environment: TestEnvironment;
  let api: TestApi;
  let business: MockBusinessApi;
  let inbox: { publicKey: string; identitySecret: string };
  let dataSource: DataSource;

  beforeAll(async () => {
    business = new MockBusinessApi();
    await business.start();
    // Unscripted requests (the documents' answers) get a plain reply.
    llm = await OpenAiDouble.start({ respond: () => ({ text: 'I am not sure.' }) });
    environment = await createTestEnvironment('actions_turn_llm', {
      CRAWL_ALLOW_PRIVATE_NETWORKS: 'true',
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: llm.baseUrl,
      OPENAI_MODEL: 'gpt-4o-mini',
      OPENAI_SMALL_MODEL: 'gpt-4o-mini',
    });
    api = await startApi(environment);
    dataSource = api.app.get<DataSource>(getDataSourceToken());
    const workspace = await createWorkspace(api, 'Northwind Bikes');
    inbox = await createWidgetInbox(api, workspace.auth);
    await request(api.url)
      .patch('/v1/workspace/settings')
      .set('Authorization', workspace.auth)
      .send({ actionHosts: ['127.0.0.1'] })
      .expect(200);
    const declare = (action: Record<string, unknown>) =>
      request(api.url).post('/v1/actions').set('Authorization', workspace.auth).send(action).expect(201);
    await declare({
      name: 'order_status',
      description: 'Look up the status of an order by its order number.',
      method: 'GET',
      url: `${business.origin}/orders/{order_number}`,
      parameters: { type: 'object', properties: { order_number: ORDER_NUMBER }, required: ['order_number'] },
      headers: { Authorization: 'Bearer {{secrets.API_TOKEN}}' },
      secrets: { API_TOKEN: SECRET },
    });
    await declare({
      name: 'cancel_order',
      description: 'Cancel an order that has not shipped yet.',
      method: 'POST',
      url: `${business.origin}/orders/{order_number}/cancel`,
      parameters: {
        type: 'object',
        properties: { order_number: ORDER_NUMBER, customer_email: { type: 'string', format: 'email' } },
        required: ['order_number', 'customer_email'],
      },
      identity: ['customer_email'],
      sideEffect: true,
    });
  });

  afterAll(async () => {
    await api?.close();
    await environment?.destroy();
    await llm?.close();
    await business?.stop();
  });

  async function verifiedVisitor(): Promise<WidgetVisitorClient> {
    const client = new WidgetVisitorClient(api, inbox.publicKey);
    await client.session({ userId: ORDER_OWNER, userHash: userHashFor(inbox.identitySecret, ORDER_OWNER) });
    return client;
  }

  const ask = (client: WidgetVisitorClient, content: string) => client.ask<ShownMessage>(content);

  it('lets the model call a tool, feeds it the result as data, and sends its reply', async () => {
    llm.enqueue(
      { toolCalls: [{ name: 'order_status', arguments: { order_number: 'NW-10482' } }] },
      { text: 'Your order NW-10482 is delivery scheduled.' },
    );
    const client = await verifiedVisitor();
    const before = llm.requests.length;
    const reply = await ask(client, 'Any news on my order NW-10482?');
    expect(reply.content).toBe('Your order NW-10482 is delivery scheduled.');
    expect(business.requestsTo('/orders/NW-10482')).toHaveLength(1);
    const sent = llm.requests.slice(before);
    expect(sent.every((recorded) => recorded.problems.length === 0)).toBe(true);
    // The tools offered: names, descriptions and parameters; no URL, header, secret or identity parameter.
    const offered = JSON.stringify((sent[0].body as { tools: unknown[] }).tools);
    expect(offered).toContain('order_status');
    expect(offered).not.toContain('customer_email');
    expect(offered).not.toContain(business.origin);
    expect(JSON.stringify(sent.map((recorded) => recorded.body))).not.toContain(SECRET);
    // The result went back as a delimited tool message.
    const followUp = sent[1].body as { messages: Array<{ role: string; content: string }> };
    expect(followUp.messages.find((message) => message.role === 'tool')?.content).toContain('delivery scheduled');
    const trace = await dataSource
      .getRepository(AnswerTrace)
      .findOneByOrFail({ conversationId: client.conversationId, question: 'Any news on my order NW-10482?' });
    expect(trace.route).toMatchObject({ path: 'action', planner: 'llm' });
    const logged = await dataSource.getRepository(LlmCall).findBy({ task: 'action' });
    expect(logged.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(logged)).not.toContain(SECRET);
  });

  it("drops an e-mail the model put in an identity parameter: the API gets the verified customer's", async () => {
    llm.enqueue({
      toolCalls: [
        { name: 'cancel_order', arguments: { order_number: 'NW-30021', customer_email: 'someone.else@example.com' } },
      ],
    });
    const client = await verifiedVisitor();
    const confirm = await ask(client, 'Cancel NW-30021, my email is someone.else@example.com');
    expect(confirm.confirmation).toEqual({ action: 'cancel_order' });
    expect(business.requestsTo('/orders/NW-30021/cancel')).toHaveLength(0);
    const done = await ask(client, 'yes');
    expect(done.content).toContain('cancelled');
    const calls = business.requestsTo('/orders/NW-30021/cancel');
    expect(calls).toHaveLength(1);
    expect(JSON.parse(calls[0].body)).toEqual({ customer_email: ORDER_OWNER });
  });

  it('leaves the question to the documents when the model calls no tool', async () => {
    llm.enqueue({ text: 'No tool needed.' });
    const client = await verifiedVisitor();
    const before = business.received.length;
    await ask(client, 'What colours do your bikes come in?');
    expect(business.received.length).toBe(before);
    const trace = await dataSource
      .getRepository(AnswerTrace)
      .findOneByOrFail({ conversationId: client.conversationId, question: 'What colours do your bikes come in?' });
    expect(trace.route).toMatchObject({ path: 'answer', planner: 'llm' });
  });
});
