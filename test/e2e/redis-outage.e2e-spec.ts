import { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Message, OutboxEntry, WorkspaceId } from '@switchboard/database';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { eventually } from '../support/eventually';
import { TestRedisServer } from '../support/redis-server';
import { LiveEvent, LiveStream, readSse } from '../support/sse';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { startWorker } from '../support/test-worker';
import { WidgetVisitorClient, addKnowledge, createWidgetInbox, createWorkspace } from '../support/widget-client';

const REFUND = 'When will the refund for my returned shoes reach my card?';
const SHIPPING = 'How many working days does standard shipping take to arrive?';
const PASSWORD = 'a long enough password';
const SUPPORT = 'help@outage.test';
const MAIL_ID = '<outage@customer.test>';
const MAIL = [
  'From: Jane Doe <jane@customer.test>',
  `To: ${SUPPORT}`,
  'Subject: My refund',
  `Message-ID: ${MAIL_ID}`,
  'Date: Thu, 26 Nov 2026 10:00:00 +0000',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  '',
  REFUND,
  '',
].join('\n');
/** While Redis is down a request still answers within this (a command or connection timeout, not a hang). */
const BOUNDED_MS = 5_000;

interface TranscriptMessage {
  id: string;
  author: string;
  content: string;
  replyTo: string | null;
}

describe('a Redis outage: nothing accepted is lost, nothing fails with a 500', () => {
  let redis: TestRedisServer;
  let environment: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;
  let workspace: { id: WorkspaceId; auth: string };
  let inbox: { publicKey: string };
  let mailbox: { publicKey: string; webhookSecret: string };
  let agent: { id: string; email: string; token: string };
  const streams: LiveStream[] = [];

  // Before the outage: a visitor with an open live stream, and a visitor who asked for a person.
  const chatting = (): WidgetVisitorClient => new WidgetVisitorClient(api, inbox.publicKey);
  let regular: WidgetVisitorClient;
  let regularStream: LiveStream;
  let waiting: WidgetVisitorClient;
  let consoleStreamEnded = false;
  // Sent while Redis was down.
  let sentDuringOutage: { regular: string; newcomer: string };
  let newcomer: WidgetVisitorClient;

  const dataSource = (): DataSource => api.app.get<DataSource>(getDataSourceToken());
  const transcript = async (client: WidgetVisitorClient): Promise<TranscriptMessage[]> =>
    (await client.get('messages').expect(200)).body.messages;
  const answerTo = (client: WidgetVisitorClient, messageId: string): Promise<TranscriptMessage> =>
    eventually(async () => (await transcript(client)).find((m) => m.author === 'bot' && m.replyTo === messageId), {
      what: `the answer to ${messageId}`,
      timeoutMs: 60_000,
    });
  const timed = async <T>(call: () => PromiseLike<T>): Promise<T> => {
    const started = Date.now();
    const result = await call();
    expect(Date.now() - started).toBeLessThan(BOUNDED_MS);
    return result;
  };
  const agentConsole = {
    get: (path: string) => request(api.url).get(`/v1/console/${path}`).set('Authorization', `Bearer ${agent.token}`),
    post: (path: string, body: object = {}) =>
      request(api.url).post(`/v1/console/${path}`).set('Authorization', `Bearer ${agent.token}`).send(body),
  };
  const login = () => request(api.url).post('/v1/console/login').send({ email: agent.email, password: PASSWORD });
  const openStream = async (client: WidgetVisitorClient): Promise<LiveStream> => {
    const stream = await client.events();
    streams.push(stream);
    return stream;
  };
  const isBotMessageTo =
    (messageId: string) =>
    (event: LiveEvent): boolean =>
      event.event === 'message' && event.data.author === 'bot' && event.data.replyTo === messageId;

  beforeAll(async () => {
    redis = await TestRedisServer.start();
    environment = await createTestEnvironment('redisdown', { REDIS_URL: redis.url });
    api = await startApi(environment);
    worker = await startWorker(environment);
    workspace = await createWorkspace(api, 'Outage shoes', { confidenceThreshold: 0.3 });
    inbox = await createWidgetInbox(api, workspace.auth);
    await addKnowledge(api, workspace.auth, [
      {
        id: 'refunds',
        title: 'Refunds',
        text: '# Refunds\n\nYou can return unworn shoes within 30 days of delivery for a full refund. Refunds reach your card within five working days.',
      },
      {
        id: 'shipping',
        title: 'Shipping',
        text: '# Shipping\n\nStandard shipping takes three to five working days. Express shipping arrives the next working day.',
      },
    ]);
    const email = await request(api.url)
      .post('/v1/inboxes')
      .set('Authorization', workspace.auth)
      .send({ name: 'Support mail', channel: 'email', settings: { address: SUPPORT } })
      .expect(201);
    mailbox = { publicKey: email.body.inbox.publicKey, webhookSecret: email.body.webhookSecret };
    const created = await request(api.url)
      .post('/v1/agents')
      .set('Authorization', workspace.auth)
      .send({ email: 'outage.agent@example.test', name: 'Olga', role: 'agent', password: PASSWORD })
      .expect(201);
    agent = { id: created.body.id, email: 'outage.agent@example.test', token: '' };
    agent.token = (await login().expect(200)).body.token;

    regular = chatting();
    await regular.session();
    regularStream = await openStream(regular);
    await regularStream.next((event) => event.event === 'ready', 'ready');
    const first = await regular.send(SHIPPING).expect(202);
    await regularStream.next(isBotMessageTo(first.body.message.id), 'the live answer before the outage');

    const consoleStream = await fetch(`${api.url}/v1/console/events?token=${agent.token}`);
    expect(consoleStream.status).toBe(200);
    void readSse(consoleStream).finally(() => (consoleStreamEnded = true));

    waiting = chatting();
    await waiting.session();
    await waiting.post('handoff').expect(200);
  });

  afterAll(async () => {
    await Promise.all(streams.map((stream) => stream.close()));
    // Redis back first, so every client closes cleanly.
    await redis?.resume();
    await worker?.close();
    await api?.close();
    await environment?.destroy();
    await redis?.destroy();
  });

  it('accepts and stores widget sessions and messages while Redis is down, each answered in bounded time', async () => {
    await redis.stop();

    const ready = await timed(() => request(api.url).get('/ready'));
    expect(ready.status).toBe(503);
    expect(ready.body.error.redis).toMatchObject({ status: 'down' });
    await timed(() => request(api.url).get('/health').expect(200));
    await timed(() => request(api.url).get('/metrics').expect(200));

    newcomer = chatting();
    const session = await timed(() => newcomer.session());
    expect(session.body).toMatchObject({ owner: 'bot', messages: [] });
    const fromNewcomer = await timed(() => newcomer.send(REFUND).expect(202));
    expect(fromNewcomer.body).toMatchObject({ duplicate: false, message: { author: 'contact', content: REFUND } });
    const fromRegular = await timed(() => regular.send(REFUND).expect(202));
    sentDuringOutage = { regular: fromRegular.body.message.id, newcomer: fromNewcomer.body.message.id };

    // Stored and listed at once; a resend with the same clientMessageId is still recognised.
    expect((await transcript(newcomer)).map((m) => [m.author, m.content])).toEqual([['contact', REFUND]]);
    expect((await transcript(regular)).map((m) => m.id)).toContain(sentDuringOutage.regular);

    // The answer jobs wait in the outbox: written with the messages, not yet handed to BullMQ.
    const queued = await dataSource()
      .getRepository(OutboxEntry)
      .createQueryBuilder('outbox')
      .where("outbox.jobName = 'answers.answer-message'")
      .andWhere("outbox.payload->>'messageId' IN (:...ids)", { ids: Object.values(sentDuringOutage) })
      .getMany();
    expect(queued).toHaveLength(2);
    expect(queued.every((row) => row.sentAt === null)).toBe(true);

    // The console's stream stays open (its events are paused) until Redis returns.
    expect(consoleStreamEnded).toBe(false);
    const consoleEvents = await timed(() => agentConsole.get('events'));
    expect(consoleEvents.status).toBe(503);
    expect(Number(consoleEvents.headers['retry-after'])).toBeGreaterThan(0);

    // A live stream cannot be served now: 503 with Retry-After, and the widget retries.
    const stream = await timed(() =>
      request(api.url).get(`/v1/widget/${inbox.publicKey}/events?token=${newcomer.token}`),
    );
    expect(stream.status).toBe(503);
    expect(Number(stream.headers['retry-after'])).toBeGreaterThan(0);
    expect(stream.body).toMatchObject({ code: 'temporarily_unavailable' });

    // Sign-in limits fail closed: no password check without them.
    const refused = await timed(() => login());
    expect(refused.status).toBe(503);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);

    // The console keeps working on what it holds: the waiting ticket is claimed and answered.
    const tickets = (await timed(() => agentConsole.get('tickets').expect(200))).body.tickets as Array<{
      id: string;
      conversationId: string;
    }>;
    const ticket = tickets.find((candidate) => candidate.conversationId === waiting.conversationId);
    expect(ticket).toBeDefined();
    await timed(() => agentConsole.post(`tickets/${ticket?.id}/claim`).expect(200));
    await timed(() =>
      agentConsole
        .post(`conversations/${waiting.conversationId}/messages`, { content: 'Olga here, I can help.' })
        .expect(201),
    );
    expect((await transcript(waiting)).map((m) => m.content)).toContain('Olga here, I can help.');

    // Inbound e-mail is stored and its answer queued too (its per-contact bot limit fails open).
    const mail = await timed(() =>
      request(api.url)
        .post(`/v1/email/${mailbox.publicKey}/inbound`)
        .set('Authorization', `Bearer ${mailbox.webhookSecret}`)
        .set('Content-Type', 'message/rfc822')
        .send(MAIL)
        .expect(202),
    );
    expect(mail.body).toMatchObject({ status: 'stored', answering: true });

    // Nothing was answered while Redis was down: the answers wait for it.
    expect((await transcript(newcomer)).filter((m) => m.author === 'bot')).toEqual([]);
  });

  it('answers what waited once Redis is back, and live events resume on open and new streams', async () => {
    await redis.resume();

    // The open stream learns that live events are back (a second `ready`) and so fills its gap from history.
    await eventually(() => regularStream.events.filter((event) => event.event === 'ready').length >= 2, {
      what: 'ready again on the stream that stayed open',
      timeoutMs: 30_000,
    });
    // The console's stream ends, so the console reconnects and refreshes what it missed.
    await eventually(() => consoleStreamEnded, { what: "the console's stream to end" });
    const regularAnswer = await answerTo(regular, sentDuringOutage.regular);
    const newcomerAnswer = await answerTo(newcomer, sentDuringOutage.newcomer);
    expect(regularAnswer.content).toMatch(/five working days/);
    expect(newcomerAnswer.content).toMatch(/five working days/);

    // Live again on the stream that stayed open through the outage…
    const after = await regular.send(SHIPPING).expect(202);
    await regularStream.next(isBotMessageTo(after.body.message.id), 'a live answer after the outage');
    // …and on a stream opened now.
    const newcomerStream = await eventually(
      async () => {
        const stream = await openStream(newcomer);
        return stream.status === 200 ? stream : undefined;
      },
      { what: 'a live stream to open again', timeoutMs: 30_000 },
    );
    await newcomerStream.next((event) => event.event === 'ready', 'ready');
    const next = await newcomer.send(SHIPPING).expect(202);
    await newcomerStream.next(isBotMessageTo(next.body.message.id), 'a live answer on a new stream');

    const mailMessage = await dataSource()
      .getRepository(Message)
      .findOneOrFail({ where: { workspaceId: workspace.id, clientMessageId: MAIL_ID } });
    await eventually(
      async () =>
        (
          await dataSource()
            .getRepository(Message)
            .find({ where: { conversationId: mailMessage.conversationId } })
        ).find((message) => message.author === 'bot' && message.replyToMessageId === mailMessage.id),
      { what: 'the answer to the e-mail', timeoutMs: 60_000 },
    );

    await eventually(async () => (await login()).status === 200, { what: 'sign-in to work again' });
    await eventually(async () => (await request(api.url).get('/ready')).status === 200, { what: 'ready again' });
  });
});
