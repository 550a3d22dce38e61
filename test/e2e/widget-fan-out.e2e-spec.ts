import request from 'supertest';
import { eventually } from '../support/eventually';
import { SseEvent, forEachSseEvent } from '../support/sse';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';

const AGENT = { email: 'ravi@fanout.example', name: 'Ravi', password: 'a long enough password', role: 'agent' };

/** Two api processes behind one load balancer: the customer's stream is on one, the agent works on the other. */
describe('realtime fan-out across api processes', () => {
  let environment: TestEnvironment;
  let customerSide: TestApi;
  let agentSide: TestApi;
  let inboxKey: string;

  beforeAll(async () => {
    environment = await createTestEnvironment('fanout');
    customerSide = await startApi(environment);
    agentSide = await startApi(environment);
    const created = await request(customerSide.url)
      .post('/v1/workspaces')
      .set('Authorization', `Bearer ${customerSide.config.adminToken}`)
      .send({ name: 'Fan-out' })
      .expect(201);
    const auth = `Bearer ${created.body.apiKey.key}`;
    const inbox = await request(customerSide.url)
      .post('/v1/inboxes')
      .set('Authorization', auth)
      .send({ name: 'Chat', channel: 'widget' })
      .expect(201);
    inboxKey = inbox.body.inbox.publicKey;
    await request(customerSide.url).post('/v1/agents').set('Authorization', auth).send(AGENT).expect(201);
  });

  afterAll(async () => {
    await customerSide?.close();
    await agentSide?.close();
    await environment?.destroy();
  });

  it("delivers an agent's reply and the ownership change made on one process to a stream held by the other", async () => {
    const widget = `/v1/widget/${inboxKey}`;
    const session = await request(customerSide.url).post(`${widget}/session`).send({}).expect(200);
    const visitor = `Bearer ${session.body.visitorToken}`;
    const events: SseEvent[] = [];
    const abort = new AbortController();
    const stream = await fetch(`${customerSide.url}${widget}/events?token=${session.body.visitorToken}`, {
      signal: abort.signal,
    });
    expect(stream.status).toBe(200);
    const reading = forEachSseEvent(stream, (event) => events.push(event)).catch(() => undefined);
    await eventually(() => events.some((event) => event.event === 'ready'), { what: 'the stream to open' });

    await request(customerSide.url).post(`${widget}/handoff`).set('Authorization', visitor).send({}).expect(200);
    const login = await request(agentSide.url)
      .post('/v1/console/login')
      .send({ email: AGENT.email, password: AGENT.password })
      .expect(200);
    const agent = `Bearer ${login.body.token}`;
    const queue = await request(agentSide.url)
      .get('/v1/console/tickets?status=open')
      .set('Authorization', agent)
      .expect(200);
    expect(queue.body.tickets).toHaveLength(1);
    const ticket = queue.body.tickets[0];
    expect(ticket.reason).toBe('customer_asked');
    await request(agentSide.url).post(`/v1/console/tickets/${ticket.id}/claim`).set('Authorization', agent).expect(200);
    await request(agentSide.url)
      .post(`/v1/console/conversations/${ticket.conversationId}/messages`)
      .set('Authorization', agent)
      .send({ content: 'Hello from the other process' })
      .expect(201);
    await request(agentSide.url)
      .post(`/v1/console/conversations/${ticket.conversationId}/messages`)
      .set('Authorization', agent)
      .send({ content: 'internal: customer sounds upset', private: true })
      .expect(201);
    await request(agentSide.url)
      .post(`/v1/console/conversations/${ticket.conversationId}/messages`)
      .set('Authorization', agent)
      .send({ content: 'One more thing' })
      .expect(201);

    const agentMessage = await eventually(
      () =>
        events
          .filter((event) => event.event === 'message')
          .map((event) => JSON.parse(event.data))
          .find((message) => message.author === 'agent'),
      { what: "the agent's reply on the customer's stream" },
    );
    expect(agentMessage).toMatchObject({ content: 'Hello from the other process', agentName: 'Ravi' });
    const owners = events.filter((event) => event.event === 'owner').map((event) => JSON.parse(event.data).owner);
    expect(owners).toEqual(expect.arrayContaining(['queued', 'agent']));
    // The note went out between two replies: once the second reply is in, a leaked note would be too.
    await eventually(() => JSON.stringify(events).includes('One more thing'), { what: 'the second reply' });
    const history = await request(customerSide.url).get(`${widget}/messages`).set('Authorization', visitor).expect(200);
    expect(JSON.stringify(history.body)).not.toContain('customer sounds upset');
    expect(JSON.stringify(events)).not.toContain('customer sounds upset');
    abort.abort();
    await reading;
  });
});
