import { Test, TestingModule } from '@nestjs/testing';
import { EventEmitter2, EventEmitterModule } from '@nestjs/event-emitter';
import { getDataSourceToken } from '@nestjs/typeorm';
import { ChannelsModule, ConversationEventsBus, RealtimeEvent } from '@switchboard/channels';
import { ConfigModule } from '@switchboard/config';
import { QueueModule } from '@switchboard/queue';
import {
  ConversationMessagesService,
  ConversationOwnershipService,
  ConversationsModule,
  InboxesService,
  MESSAGE_CREATED,
  MessageCreatedEvent,
} from '@switchboard/conversations';
import {
  AGENT_PRESENCE_TIMEOUT_MS,
  Agent,
  Conversation,
  DatabaseModule,
  PlainMessageMetadata,
  WorkspaceId,
  WorkspaceSettings,
} from '@switchboard/database';
import { DataSource } from 'typeorm';
import { eventually } from '../../../test/support/eventually';
import { TestEnvironment, createTestEnvironment } from '../../../test/support/test-environment';
import { HandoffModule } from './handoff.module';
import { saveAgent, saveWorkspace } from './testing/handoff-fixtures';
import { FirstResponseListener } from './first-response.listener';
import { IllegalTicketTransitionError, TicketAlreadyClaimedError, TicketNotFoundError } from './ticket.errors';
import { TicketEvent } from './ticket.events';
import { TicketsService } from './tickets.service';

describe('handoff', () => {
  let environment: TestEnvironment;
  let moduleRef: TestingModule;
  let dataSource: DataSource;
  let messages: ConversationMessagesService;
  let tickets: TicketsService;
  let ownership: ConversationOwnershipService;
  let events: EventEmitter2;
  let sequence = 0;

  beforeAll(async () => {
    environment = await createTestEnvironment('handoff');
    moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot('api', environment.config('api')),
        DatabaseModule,
        EventEmitterModule.forRoot(),
        ConversationsModule,
        ChannelsModule,
        // The bot's turn answers through the knowledge base, whose sources enqueue through the outbox.
        QueueModule.forRoot({ relay: false }),
        HandoffModule,
      ],
    }).compile();
    moduleRef.useLogger(false);
    await moduleRef.init();
    dataSource = moduleRef.get(getDataSourceToken());
    messages = moduleRef.get(ConversationMessagesService);
    tickets = moduleRef.get(TicketsService);
    ownership = moduleRef.get(ConversationOwnershipService);
    events = moduleRef.get(EventEmitter2);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await environment?.destroy();
  });

  async function workspace(settings: Partial<WorkspaceSettings> = {}): Promise<{ id: WorkspaceId; inboxId: string }> {
    const id = await saveWorkspace(dataSource, settings);
    const { inbox } = await moduleRef.get(InboxesService).create(id, { name: 'Site', channel: 'widget' });
    return { id, inboxId: inbox.id };
  }

  const agent = (workspaceId: WorkspaceId, availability?: Agent['availability'], lastSeenAt?: Date | null) =>
    saveAgent(dataSource, workspaceId, availability, lastSeenAt);

  async function conversation(ws: { id: WorkspaceId; inboxId: string }): Promise<string> {
    const opened = await messages.openConversation(ws.id, { inboxId: ws.inboxId, sourceId: `visitor-${++sequence}` });
    return opened.conversation.id;
  }

  async function ownerOf(workspaceId: WorkspaceId, conversationId: string): Promise<Conversation['owner']> {
    const row = await dataSource
      .getRepository(Conversation)
      .findOneOrFail({ where: { id: conversationId, workspaceId } });
    return row.owner;
  }

  function record<T>(name: string): T[] {
    const seen: T[] = [];
    events.on(name, (event: T) => seen.push(event));
    return seen;
  }

  it('stores a repeated client message id once, and reuses the contact of a returning visitor', async () => {
    const ws = await workspace();
    const first = await messages.openConversation(ws.id, { inboxId: ws.inboxId, sourceId: 'returning' });
    const again = await messages.openConversation(ws.id, { inboxId: ws.inboxId, sourceId: 'returning' });
    expect(again.contact.id).toBe(first.contact.id);
    expect(again.conversation.id).not.toBe(first.conversation.id);

    const created = record<{ messageId: string }>('message.created');
    const one = await messages.receiveCustomerMessage(ws.id, first.conversation.id, {
      content: 'hi',
      clientMessageId: 'c-1',
    });
    const two = await messages.receiveCustomerMessage(ws.id, first.conversation.id, {
      content: 'hi',
      clientMessageId: 'c-1',
    });
    expect(one).toMatchObject({ duplicate: false, botMayAnswer: true });
    expect(two).toMatchObject({ duplicate: true, botMayAnswer: false });
    expect(two.message.id).toBe(one.message.id);
    const history = await messages.history(ws.id, first.conversation.id, { includePrivate: true });
    expect(history.map((m) => m.content)).toEqual(['hi']);
    expect(created.filter((e) => e.messageId === one.message.id)).toHaveLength(1);
  });

  it('opens exactly one ticket on a low-confidence handoff, with summary and sources', async () => {
    const ws = await workspace();
    const id = await conversation(ws);
    await messages.receiveCustomerMessage(ws.id, id, {
      content: 'Can I get a refund after 40 days?',
      clientMessageId: 'q1',
    });
    await messages.addBotMessage(ws.id, id, {
      content: 'Refunds are possible within 30 days.',
      kind: 'answer',
      metadata: { confidence: 0.3 },
    });
    const opened = record<TicketEvent>('ticket.opened');
    const input = {
      reason: 'low_confidence' as const,
      confidenceTrace: { confidence: 0.3, threshold: 0.5 },
      sources: [
        { documentId: '00000000-0000-4000-8000-000000000001', title: 'Refund policy', url: 'https://x.test/r' },
      ],
    };
    const [a, b] = await Promise.all([tickets.openTicket(ws.id, id, input), tickets.openTicket(ws.id, id, input)]);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(a.ticket.id).toBe(b.ticket.id);
    expect(await tickets.list(ws.id, { conversationId: id })).toHaveLength(1);
    expect(a.ticket).toMatchObject({
      status: 'open',
      reason: 'low_confidence',
      sources: input.sources,
      assigneeId: null,
    });
    expect(a.ticket.summary).toContain('Can I get a refund after 40 days?');
    expect(a.ticket.summary).toContain('confidence 30%');
    expect(a.ticket.summary.length).toBeLessThanOrEqual(600);
    expect(await ownerOf(ws.id, id)).toBe('queued');
    expect(opened.filter((e) => e.ticketId === a.ticket.id)).toHaveLength(1);

    // A third request while the handoff is still open returns the same ticket.
    expect((await tickets.openTicket(ws.id, id, { reason: 'customer_asked' })).ticket.id).toBe(a.ticket.id);
  });

  it('lets one of two agents claim a ticket; the other gets TicketAlreadyClaimedError', async () => {
    const ws = await workspace();
    const [ana, ben] = [await agent(ws.id), await agent(ws.id)];
    const { ticket } = await tickets.openTicket(ws.id, await conversation(ws), { reason: 'customer_asked' });
    const results = await Promise.allSettled([
      tickets.claim(ws.id, ticket.id, ana.id),
      tickets.claim(ws.id, ticket.id, ben.id),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.reason).toBeInstanceOf(TicketAlreadyClaimedError);
    const stored = await tickets.get(ws.id, ticket.id);
    expect(stored.status).toBe('assigned');
    const conversationRow = await dataSource
      .getRepository(Conversation)
      .findOneOrFail({ where: { id: ticket.conversationId } });
    expect(conversationRow).toMatchObject({ owner: 'agent', assigneeId: stored.assigneeId });
    // Claiming again as the winner is harmless.
    await expect(tickets.claim(ws.id, ticket.id, stored.assigneeId ?? '')).resolves.toMatchObject({
      status: 'assigned',
    });
  });

  it('never lets the bot answer a customer message that meets an agent-owned conversation, across 20 races', async () => {
    const ws = await workspace();
    const ana = await agent(ws.id);
    const orders: string[] = [];
    for (let i = 0; i < 20; i++) {
      const id = await conversation(ws);
      const { ticket } = await tickets.openTicket(ws.id, id, { reason: 'customer_asked' });
      // Back to the bot first, so the customer message could be answered if it wins the race.
      await ownership.apply(ws.id, id, 'hand_back');
      const receive = () =>
        messages.receiveCustomerMessage(ws.id, id, { content: `question ${i}`, clientMessageId: `m-${i}` });
      let received: Awaited<ReturnType<typeof receive>>;
      if (i % 2 === 0) {
        [received] = await Promise.all([receive(), tickets.claim(ws.id, ticket.id, ana.id)]);
      } else {
        // The message arrives while the claim's transaction holds the row lock (its event fires before commit).
        const claimedInFlight = new Promise((resolve) => events.once('conversation.claimed', resolve));
        const claiming = tickets.claim(ws.id, ticket.id, ana.id);
        await claimedInFlight;
        [received] = await Promise.all([receive(), claiming]);
      }
      expect(await ownerOf(ws.id, id)).toBe('agent');
      const ownerAtReceipt = (received.message.metadata as PlainMessageMetadata).ownerAtReceipt;
      // The message saw either the bot (claim committed after it) or the agent (claim committed first).
      expect(['bot', 'agent']).toContain(ownerAtReceipt);
      if (ownerAtReceipt === 'agent') expect(received.botMayAnswer).toBe(false);
      expect(received.botMayAnswer).toBe(ownerAtReceipt === 'bot');
      orders.push(String(ownerAtReceipt));
      // And a bot answer written after the claim is refused.
      expect(
        await messages.addBotMessage(ws.id, id, { content: 'late answer', kind: 'answer', metadata: {} }),
      ).toBeNull();
    }
    // Both interleavings really happened.
    expect(new Set(orders)).toEqual(new Set(['bot', 'agent']));
  });

  it('round-robins between online agents, skipping offline ones and those whose console went quiet', async () => {
    const ws = await workspace({ assignment: 'round_robin' });
    const ana = await agent(ws.id, 'online');
    await agent(ws.id, 'offline');
    // Chose online, but no console tab has been heard from within the timeout (e.g. since a restart).
    await agent(ws.id, 'online', new Date(Date.now() - AGENT_PRESENCE_TIMEOUT_MS - 1000));
    await agent(ws.id, 'online', null);
    const ben = await agent(ws.id, 'online');
    const assignees: Array<string | null> = [];
    for (let i = 0; i < 4; i++) {
      const { ticket } = await tickets.openTicket(ws.id, await conversation(ws), { reason: 'low_confidence' });
      expect(ticket.status).toBe('assigned');
      expect(await ownerOf(ws.id, ticket.conversationId)).toBe('agent');
      assignees.push(ticket.assigneeId);
    }
    expect(assignees).toEqual([ana.id, ben.id, ana.id, ben.id]);

    // Racing tickets still spread evenly.
    const raced = await Promise.all(
      Array.from(
        { length: 4 },
        async () =>
          (await tickets.openTicket(ws.id, await conversation(ws), { reason: 'low_confidence' })).ticket.assigneeId,
      ),
    );
    expect(raced.filter((id) => id === ana.id)).toHaveLength(2);
    expect(raced.filter((id) => id === ben.id)).toHaveLength(2);
  });

  it('hands back to the bot with the agent turns in recentTurns, and keeps notes out of customer history', async () => {
    const ws = await workspace();
    const ana = await agent(ws.id);
    const id = await conversation(ws);
    await messages.receiveCustomerMessage(ws.id, id, { content: 'My order is late', clientMessageId: 'a' });
    const { ticket } = await tickets.openTicket(ws.id, id, { reason: 'customer_asked' });
    await tickets.claim(ws.id, ticket.id, ana.id);
    expect(
      (await messages.receiveCustomerMessage(ws.id, id, { content: 'hello?', clientMessageId: 'b' })).botMayAnswer,
    ).toBe(false);
    await messages.addAgentMessage(ws.id, id, ana.id, 'Customer is a VIP, be nice', { private: true });
    await messages.addAgentMessage(ws.id, id, ana.id, 'Your parcel ships tomorrow.');
    await eventually(async () => (await tickets.get(ws.id, ticket.id)).firstResponseAt ?? undefined, {
      what: 'first response',
    });

    const handedBack = await tickets.handBack(ws.id, ticket.id, ana.id);
    expect(handedBack.status).toBe('resolved');
    expect(await ownerOf(ws.id, id)).toBe('bot');
    const customerHistory = await messages.history(ws.id, id, { includePrivate: false });
    expect(customerHistory.map((m) => m.content)).not.toContain('Customer is a VIP, be nice');
    expect(customerHistory.map((m) => m.content)).toContain(`${ana.name} handed back to bot`);
    const agentHistory = await messages.history(ws.id, id, { includePrivate: true });
    expect(agentHistory.map((m) => m.content)).toContain('Customer is a VIP, be nice');
    expect(await messages.recentTurns(ws.id, id)).toEqual([
      { role: 'customer', text: 'My order is late' },
      { role: 'customer', text: 'hello?' },
      { role: 'agent', text: 'Your parcel ships tomorrow.' },
    ]);
    // The bot answers again, and the handed-back ticket does not reopen.
    const next = await messages.receiveCustomerMessage(ws.id, id, {
      content: 'thanks, one more thing',
      clientMessageId: 'c',
    });
    expect(next.botMayAnswer).toBe(true);
    expect((await tickets.get(ws.id, ticket.id)).status).toBe('resolved');
  });

  it('records the first response time from the first public agent reply only', async () => {
    const ws = await workspace();
    const ana = await agent(ws.id);
    const id = await conversation(ws);
    const { ticket } = await tickets.openTicket(ws.id, id, { reason: 'customer_asked' });
    await tickets.claim(ws.id, ticket.id, ana.id);
    const firstResponses = record<TicketEvent>('ticket.first_response');
    await messages.addAgentMessage(ws.id, id, ana.id, 'internal', { private: true });
    const reply = await messages.addAgentMessage(ws.id, id, ana.id, 'Hi, I am on it');
    const at = await eventually(async () => (await tickets.get(ws.id, ticket.id)).firstResponseAt ?? undefined, {
      what: 'first response',
    });
    expect(at.getTime()).toBe(reply.createdAt.getTime());
    await messages.addAgentMessage(ws.id, id, ana.id, 'second reply');
    await eventually(() => firstResponses.some((e) => e.ticketId === ticket.id), { what: 'first_response event' });
    expect((await tickets.get(ws.id, ticket.id)).firstResponseAt?.getTime()).toBe(at.getTime());
  });

  it('announces a first response once, for the ticket answered and no other ticket of the workspace', async () => {
    const ws = await workspace();
    const ana = await agent(ws.id);
    const elsewhere = await tickets.openTicket(ws.id, await conversation(ws), { reason: 'customer_asked' });
    const id = await conversation(ws);
    const { ticket } = await tickets.openTicket(ws.id, id, { reason: 'customer_asked' });
    await tickets.claim(ws.id, ticket.id, ana.id);
    const firstResponses = record<TicketEvent>('ticket.first_response');
    const created = record<MessageCreatedEvent>(MESSAGE_CREATED);
    const reply = await messages.addAgentMessage(ws.id, id, ana.id, 'Hi, I am on it');
    await eventually(() => firstResponses.some((e) => e.ticketId === ticket.id), { what: 'first_response event' });
    // The same message.created delivered again (at least once) announces nothing more.
    const replyCreated = created.find((e) => e.messageId === reply.id);
    expect(replyCreated).toBeDefined();
    await moduleRef.get(FirstResponseListener).record(replyCreated as MessageCreatedEvent);
    expect(firstResponses.map((e) => e.ticketId)).toEqual([ticket.id]);
    expect((await tickets.get(ws.id, elsewhere.ticket.id)).firstResponseAt).toBeNull();
  });

  it('refuses what the ticket state machine refuses, with the errors the console maps to 409', async () => {
    const ws = await workspace();
    const [ana, ben] = [await agent(ws.id), await agent(ws.id)];
    const { ticket } = await tickets.openTicket(ws.id, await conversation(ws), { reason: 'customer_asked' });
    await expect(tickets.markPending(ws.id, ticket.id, ana.id)).rejects.toThrow(IllegalTicketTransitionError);
    await tickets.claim(ws.id, ticket.id, ana.id);
    await expect(tickets.markPending(ws.id, ticket.id, ben.id)).rejects.toThrow(TicketAlreadyClaimedError);
    await expect(tickets.resolve(ws.id, ticket.id, ben.id)).rejects.toThrow(TicketAlreadyClaimedError);
    const resolved = await tickets.resolve(ws.id, ticket.id, ana.id);
    // Resolving again is a repeat, whoever asks; claiming or parking a resolved ticket is not allowed.
    await expect(tickets.handBack(ws.id, ticket.id, ben.id)).resolves.toMatchObject({
      status: 'resolved',
      resolution: 'resolved',
      resolvedAt: resolved.resolvedAt,
    });
    await expect(tickets.claim(ws.id, ticket.id, ben.id)).rejects.toThrow(IllegalTicketTransitionError);
    await expect(tickets.markPending(ws.id, ticket.id, ana.id)).rejects.toThrow(
      'Cannot mark pending ticket ' + ticket.id + ': it is resolved',
    );
  });

  it('reopens: a pending ticket goes back to its agent, a resolved one back to the queue', async () => {
    const ws = await workspace();
    const ana = await agent(ws.id, 'offline');
    const id = await conversation(ws);
    const { ticket } = await tickets.openTicket(ws.id, id, { reason: 'customer_asked' });
    await tickets.claim(ws.id, ticket.id, ana.id);
    await tickets.markPending(ws.id, ticket.id, ana.id);
    const pendingReply = await messages.receiveCustomerMessage(ws.id, id, {
      content: 'here is my order id',
      clientMessageId: 'p',
    });
    expect(pendingReply.botMayAnswer).toBe(false);
    expect(await tickets.get(ws.id, ticket.id)).toMatchObject({ status: 'assigned', assigneeId: ana.id });

    const reopened = record<TicketEvent>('ticket.reopened');
    await tickets.resolve(ws.id, ticket.id, ana.id);
    expect(await ownerOf(ws.id, id)).toBe('resolved');
    const after = await messages.receiveCustomerMessage(ws.id, id, { content: 'it broke again', clientMessageId: 'r' });
    expect(after.botMayAnswer).toBe(false);
    expect(await ownerOf(ws.id, id)).toBe('queued');
    expect(await tickets.get(ws.id, ticket.id)).toMatchObject({ status: 'open', assigneeId: null, resolvedAt: null });
    expect(reopened.filter((e) => e.ticketId === ticket.id)).toHaveLength(1);
  });

  it('reopens a resolved conversation without a ticket to the bot', async () => {
    const ws = await workspace();
    const id = await conversation(ws);
    await ownership.apply(ws.id, id, 'resolve');
    const received = await messages.receiveCustomerMessage(ws.id, id, { content: 'back again', clientMessageId: 'x' });
    expect(received.botMayAnswer).toBe(true);
    expect(await ownerOf(ws.id, id)).toBe('bot');
  });

  it("keeps one workspace's tickets out of another's reach", async () => {
    const a = await workspace();
    const b = await workspace();
    const agentOfA = await agent(a.id);
    const { ticket } = await tickets.openTicket(b.id, await conversation(b), { reason: 'customer_asked' });
    await expect(tickets.get(a.id, ticket.id)).rejects.toThrow(TicketNotFoundError);
    await expect(tickets.claim(a.id, ticket.id, agentOfA.id)).rejects.toThrow(TicketNotFoundError);
    await expect(tickets.resolve(a.id, ticket.id, agentOfA.id)).rejects.toThrow(TicketNotFoundError);
    expect(await tickets.list(a.id)).toEqual([]);
    // An agent of A cannot claim B's ticket through B's workspace id either.
    await expect(tickets.claim(b.id, ticket.id, agentOfA.id)).rejects.toThrow('not found');
    await expect(messages.history(a.id, ticket.conversationId, { includePrivate: true })).rejects.toThrow('not found');
    expect((await tickets.get(b.id, ticket.id)).status).toBe('open');
  });

  it('announces agent replies on the live stream and marks them sent, never internal notes', async () => {
    const ws = await workspace();
    const ana = await agent(ws.id);
    const id = await conversation(ws);
    const bus = moduleRef.get(ConversationEventsBus);
    const received: RealtimeEvent[] = [];
    const unsubscribe = await bus.subscribe(ws.id, id, (event) => received.push(event));
    try {
      await messages.addAgentMessage(ws.id, id, ana.id, 'secret note', { private: true });
      await ownership.apply(ws.id, id, 'hand_off');
      await ownership.apply(ws.id, id, 'claim', { agentId: ana.id });
      const reply = await messages.addAgentMessage(ws.id, id, ana.id, 'Hello from a person');
      await eventually(() => received.some((e) => e.name === 'message.created' && e.data.messageId === reply.id), {
        what: 'the reply on the stream',
      });
      expect(JSON.stringify(received)).not.toContain('secret note');
      expect(received.some((e) => e.data.private === true)).toBe(false);
      await eventually(
        async () =>
          (await messages.history(ws.id, id, { includePrivate: false })).find((m) => m.id === reply.id)
            ?.deliveryStatus === 'sent',
        { what: 'delivery status sent' },
      );
    } finally {
      await unsubscribe();
    }
  });
});
