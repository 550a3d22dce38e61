import { DEFAULT_WORKSPACE_SETTINGS } from '@switchboard/database';
import { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { ConversationEventsBus, RealtimeEvent } from '@switchboard/channels';
import { ConversationMessagesService, ConversationOwnershipService } from '@switchboard/conversations';
import {
  ActivityMetadata,
  Agent,
  Contact,
  Conversation,
  Message,
  UnitOfWork,
  PlainMessageMetadata,
  WorkspaceId,
} from '@switchboard/database';
import { BotTurnOutcome, CustomerTurn, CustomerTurnService, TicketsService } from '@switchboard/handoff';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { eventually } from '../support/eventually';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { startWorker } from '../support/test-worker';
import {
  WidgetVisitorClient,
  addKnowledge,
  createAgent,
  createWidgetInbox,
  createWorkspace,
} from '../support/widget-client';

// Over eight words each, so the answer service does not fold the previous question into the search.
const COVERED = [
  'When will the refund for my returned shoes reach my card?',
  'How many working days does standard shipping take to arrive?',
];
const UNCOVERED = 'What is the warranty on my espresso machine?';
const HANDOFF_MESSAGE = 'Let me get a colleague for you.';
const RACES = 12;

describe('widget handoff', () => {
  let environment: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;
  let workspaceId: WorkspaceId;
  let auth: string;
  let inboxKey: string;
  let agent: Agent;
  let tickets: TicketsService;
  let dataSource: DataSource;
  let handleMessage: jest.SpiedFunction<CustomerTurnService['handleMessage']>;

  const visitor = async (key = inboxKey): Promise<WidgetVisitorClient> => {
    const client = new WidgetVisitorClient(api, key);
    await client.session();
    return client;
  };
  const ticketsOf = (conversationId: string, workspace = workspaceId) => tickets.list(workspace, { conversationId });
  /**
   * What the bot did with a customer message, once it is done (answered, handed off or stayed silent): a "the bot
   * said nothing" check made after this could fail, where one made straight after the 202 could not.
   */
  const botTurnFor = async (messageId: string): Promise<BotTurnOutcome> => {
    const turns = await Promise.allSettled(
      handleMessage.mock.results.map((result) => result.value as Promise<CustomerTurn>),
    );
    const turn = turns.find((settled) => settled.status === 'fulfilled' && settled.value.message.id === messageId);
    if (turn?.status !== 'fulfilled') throw new Error(`no customer turn for message ${messageId}`);
    return turn.value.reply;
  };
  const storedMessages = (conversationId: string) =>
    dataSource
      .getRepository(Message)
      .find({ where: { workspaceId, conversationId }, order: { createdAt: 'ASC', id: 'ASC' } });

  beforeAll(async () => {
    environment = await createTestEnvironment('widget-handoff', {
      WIDGET_RATE_LIMIT_IP: '100000',
      WIDGET_RATE_LIMIT_VISITOR: '1000',
    });
    api = await startApi(environment);
    worker = await startWorker(environment);
    tickets = api.app.get(TicketsService);
    dataSource = api.app.get<DataSource>(getDataSourceToken());
    // Calls through; only keeps each turn so a test can wait for the bot's reply to a message to settle.
    handleMessage = jest.spyOn(api.app.get(CustomerTurnService), 'handleMessage');
    const workspace = await createWorkspace(api, 'Shoes', {
      confidenceThreshold: 0.3,
      handoffMessage: HANDOFF_MESSAGE,
    });
    workspaceId = workspace.id;
    auth = workspace.auth;
    inboxKey = (await createWidgetInbox(api, auth)).publicKey;
    agent = await createAgent(api, auth, 'Alice Agent');
    await addKnowledge(api, auth, [
      {
        id: 'refunds',
        title: 'Refunds',
        url: 'https://help.example.com/refunds',
        text: '# Refunds\n\nYou can return unworn shoes within 30 days of delivery for a full refund. Refunds reach your card within five working days.',
      },
      {
        id: 'shipping',
        title: 'Shipping',
        text: '# Shipping\n\nStandard shipping takes three to five working days. Express shipping arrives the next working day.',
      },
    ]);
  });

  afterAll(async () => {
    handleMessage?.mockRestore();
    await worker?.close();
    await api?.close();
    await environment?.destroy();
  });

  it('hands an uncovered question to a person: the handoff message, owner queued, and a ticket with its sources', async () => {
    const tab = await visitor();
    expect((await tab.session({ visitorToken: tab.token })).body.online).toBe(true);
    const live = await tab.events();
    try {
      await live.next((e) => e.event === 'ready');
      const sent = await tab.send(UNCOVERED).expect(202);
      const notice = await live.next((e) => e.event === 'message' && e.data.author === 'bot', 'the handoff message');
      expect(notice.data).toMatchObject({
        kind: 'handoff',
        content: HANDOFF_MESSAGE,
        replyTo: sent.body.message.id,
        collectEmail: false,
        citations: [],
      });
      await live.next((e) => e.event === 'owner' && e.data.owner === 'queued', 'owner queued');
      expect(live.events.some((e) => e.event === 'message' && e.data.kind === 'answer')).toBe(false);

      const [ticket, ...more] = await ticketsOf(tab.conversationId);
      expect(more).toEqual([]);
      expect(ticket).toMatchObject({ reason: 'low_confidence', status: 'open' });
      expect(ticket.summary.length).toBeGreaterThan(10);
      expect(ticket.sources.length).toBeGreaterThan(0);
      expect(ticket.sources.map((source) => source.title)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^(Refunds|Shipping)$/)]),
      );
      expect(ticket.sources[0]).toEqual({ documentId: expect.any(String), title: expect.any(String), url: null });
      expect(ticket.confidenceTrace).toMatchObject({ decision: 'escalate', reason: 'low_confidence' });

      // While the conversation waits for a person, the bot stays silent.
      const waiting = await tab.send(COVERED[0]).expect(202);
      expect(await botTurnFor(waiting.body.message.id)).toEqual({ kind: 'silent' });
      const history = (await tab.get('messages').expect(200)).body;
      expect(history.owner).toBe('queued');
      expect(history.messages.map((m: { id: string }) => m.id)).toEqual([
        sent.body.message.id,
        notice.data.id,
        waiting.body.message.id,
      ]);
    } finally {
      await live.close();
    }
  });

  it('"Talk to a human" opens a customer_asked ticket at once, from the button or in words', async () => {
    const button = await visitor();
    expect((await button.post('handoff').expect(200)).body).toEqual({ owner: 'queued' });
    expect(await ticketsOf(button.conversationId)).toEqual([expect.objectContaining({ reason: 'customer_asked' })]);
    const history = (await button.get('messages').expect(200)).body;
    expect(history.messages).toEqual([
      expect.objectContaining({ author: 'bot', kind: 'handoff', content: expect.stringContaining('colleague') }),
    ]);
    // Asking again changes nothing: the ticket is already open.
    expect((await button.post('handoff').expect(200)).body).toEqual({ owner: 'queued' });
    expect(await ticketsOf(button.conversationId)).toHaveLength(1);

    const words = await visitor();
    await words.send('Can I talk to a human please?').expect(202);
    await eventually(async () => (await ticketsOf(words.conversationId)).length === 1, { what: 'the ticket' });
    expect((await ticketsOf(words.conversationId))[0]).toMatchObject({ reason: 'customer_asked' });
  });

  it('hands off after two thumbs-down in a row', async () => {
    const tab = await visitor();
    const answers: string[] = [];
    for (const question of COVERED) {
      const sent = await tab.send(question).expect(202);
      const answer = await eventually(
        async () =>
          (
            (await tab.get('messages').expect(200)).body.messages as Array<{
              id: string;
              replyTo: string;
              kind: string;
            }>
          ).find((m) => m.replyTo === sent.body.message.id),
        { what: `the answer to ${question}` },
      );
      expect(answer.kind).toBe('answer');
      answers.push(answer.id);
    }
    expect((await tab.post('feedback', { messageId: answers[0], rating: 'down' }).expect(200)).body).toEqual({
      handedOff: false,
    });
    expect((await tab.post('feedback', { messageId: answers[1], rating: 'down' }).expect(200)).body).toEqual({
      handedOff: true,
    });
    expect(await ticketsOf(tab.conversationId)).toEqual([expect.objectContaining({ reason: 'negative_feedback' })]);
    const after = (await tab.get('messages').expect(200)).body as {
      owner: string;
      messages: Array<{ content: string }>;
    };
    expect(after.owner).toBe('queued');
    // Its own honest message: the bot was not unsure, the customer said the answers did not help.
    expect(after.messages.at(-1)?.content).toBe(DEFAULT_WORKSPACE_SETTINGS.negativeFeedbackMessage);
    expect(after.messages.map((m) => m.content)).not.toContain(HANDOFF_MESSAGE);
  });

  it('outside business hours says so, asks for an e-mail and keeps the one given', async () => {
    const closed = await createWorkspace(api, 'Closed shop');
    const key = (await createWidgetInbox(api, closed.auth)).publicKey;
    await createAgent(api, closed.auth, 'Night Owl');
    await request(api.url)
      .patch('/v1/workspace/settings')
      .set('Authorization', closed.auth)
      .send({ businessHours: { days: {} } })
      .expect(200);

    const tab = await visitor(key);
    expect((await tab.session({ visitorToken: tab.token })).body.online).toBe(false);
    const live = await tab.events();
    try {
      await live.next((e) => e.event === 'ready');
      await tab.post('handoff').expect(200);
      const offline = await live.next((e) => e.event === 'message' && e.data.kind === 'offline', 'the offline message');
      expect(offline.data).toMatchObject({
        author: 'bot',
        collectEmail: true,
        content: expect.stringContaining('e-mail'),
      });

      await tab.post('contact', { email: 'not-an-email' }).expect(400);
      expect((await tab.post('contact', { email: 'kim@example.com' }).expect(200)).body).toEqual({ ok: true });
      // The widget thanks the customer itself; the conversation gets a line for the agents only, never a second
      // thank-you for the customer.
      await eventually(
        async () =>
          (
            await dataSource
              .getRepository(Message)
              .find({ where: { workspaceId: closed.id, conversationId: tab.conversationId } })
          ).some((m) => m.author === 'system' && m.content.includes('kim@example.com')),
        { what: "the agents' line with the address" },
      );
      expect(live.events.filter((e) => e.event === 'message' && e.data.content.includes('kim@example.com'))).toEqual(
        [],
      );
      const conversation = await dataSource
        .getRepository(Conversation)
        .findOneByOrFail({ id: tab.conversationId, workspaceId: closed.id });
      const contact = await dataSource
        .getRepository(Contact)
        .findOneByOrFail({ id: conversation.contactId, workspaceId: closed.id });
      expect(contact.email).toBe('kim@example.com');
      expect(await tickets.list(closed.id)).toEqual([expect.objectContaining({ reason: 'customer_asked' })]);
    } finally {
      await live.close();
    }
  });

  describe('races between the bot and an agent', () => {
    it('never answers in a queued conversation whose message races a claim', async () => {
      const conversations = await Promise.all(
        Array.from({ length: RACES }, async () => {
          const tab = await visitor();
          await tab.post('handoff').expect(200);
          const [ticket] = await ticketsOf(tab.conversationId);
          return { tab, ticketId: ticket.id };
        }),
      );
      const sent = await Promise.all(
        conversations.map(({ tab, ticketId }, i) =>
          Promise.all([tab.send(COVERED[i % 2]).expect(202), tickets.claim(workspaceId, ticketId, agent.id)]),
        ),
      );
      for (const [i, { tab }] of conversations.entries()) {
        // The bot has finished with the message before its silence is checked.
        expect(await botTurnFor(sent[i][0].body.message.id)).toEqual({ kind: 'silent' });
        const stored = await storedMessages(tab.conversationId);
        expect(stored.filter((m) => m.author === 'contact')).toHaveLength(1);
        expect(stored.filter((m) => m.author === 'bot' && m.kind === 'answer')).toEqual([]);
        expect((await tab.get('messages').expect(200)).body.owner).toBe('agent');
      }
    });

    it('never stores a bot answer after an agent claims a conversation with the answer in flight', async () => {
      const bus = api.app.get(ConversationEventsBus);
      const ownership = api.app.get(ConversationOwnershipService);
      const messages = api.app.get(ConversationMessagesService);
      const unitOfWork = api.app.get(UnitOfWork);
      // The claim and a transcript marker commit together: nothing the bot stores may come after the marker.
      const claim = (conversationId: string) =>
        unitOfWork.run(workspaceId, async (work) => {
          await ownership.apply(workspaceId, conversationId, 'claim', { work, agentId: agent.id });
          await messages.addActivity(workspaceId, conversationId, 'claimed', {
            work,
            metadata: { event: 'race_marker' },
          });
        });
      // A fresh process's first subscriptions can be refused while its Redis subscriber connects (see
      // WidgetEventsService.subscribe): connect it before the races listen.
      await (
        await bus.subscribe(workspaceId, 'warm-up', () => undefined)
      )();
      // Claim with the message, once it is stored, when the bot starts typing, or at its first token.
      const moments = ['now', 'message.created', 'answer.typing', 'answer.token'] as const;

      const races = await Promise.all(
        Array.from({ length: RACES }, async (_, i) => {
          const tab = await visitor();
          const moment = moments[i % moments.length];
          const heard: RealtimeEvent[] = [];
          const race: { claim?: Promise<void> } = {};
          const unsubscribe = await bus.subscribe(workspaceId, tab.conversationId, (event) => {
            heard.push(event);
            if (!race.claim && event.kind === 'domain' && event.name === moment && event.data.author !== 'bot') {
              race.claim = claim(tab.conversationId);
            }
          });
          const sent = tab.send(COVERED[i % 2]).expect(202);
          if (moment === 'now') race.claim = claim(tab.conversationId);
          const messageId = (await sent).body.message.id as string;
          await eventually(() => race.claim !== undefined, { what: `the claim at ${moment}` });
          await race.claim;
          // Settled: the bot was never asked (agent first), stored its reply, or discarded it.
          await eventually(
            async () => {
              const stored = await storedMessages(tab.conversationId);
              const customer = stored.find((m) => m.id === messageId);
              return (
                (customer?.metadata as PlainMessageMetadata | undefined)?.ownerAtReceipt === 'agent' ||
                stored.some((m) => m.author === 'bot' && m.replyToMessageId === messageId) ||
                heard.some((e) => e.kind === 'domain' && e.name === 'answer.discard' && e.data.replyTo === messageId)
              );
            },
            { what: `the bot to settle in race ${i} (${moment})` },
          );
          await unsubscribe();
          return { conversationId: tab.conversationId, moment };
        }),
      );

      for (const { conversationId, moment } of races) {
        const stored = await storedMessages(conversationId);
        const marker = stored.findIndex((m) => (m.metadata as ActivityMetadata).event === 'race_marker');
        expect({ moment, marker: marker >= 0 }).toEqual({ moment, marker: true });
        const late = stored.slice(marker + 1).filter((m) => m.author === 'bot' && m.kind === 'answer');
        expect({ moment, late }).toEqual({ moment, late: [] });
        expect((await dataSource.getRepository(Conversation).findOneByOrFail({ id: conversationId })).owner).toBe(
          'agent',
        );
      }
    });
  });
});
