import {
  AGENT_PRESENCE_TIMEOUT_MS,
  Agent,
  Contact,
  Conversation,
  Inbox,
  Message,
  Ticket,
  WorkspaceId,
} from '@switchboard/database';
import { DataSource } from 'typeorm';
import { eventually } from '../../../test/support/eventually';
import { TicketNotFoundError } from './ticket.errors';
import {
  RepositoryTestDatabase,
  openRepositoryTestDatabase,
  saveAgent,
  saveWorkspace,
} from './testing/handoff-fixtures';
import { NewTicket, TicketsRepository } from './tickets.repository';

describe('TicketsRepository', () => {
  let database: RepositoryTestDatabase;
  let dataSource: DataSource;
  let tickets: TicketsRepository;
  let sequence = 0;

  beforeAll(async () => {
    database = await openRepositoryTestDatabase('tickets_repo');
    dataSource = database.dataSource;
    tickets = new TicketsRepository(dataSource.manager);
  });

  afterAll(() => database?.destroy());

  const workspace = (): Promise<WorkspaceId> => saveWorkspace(dataSource);
  const agent = (workspaceId: WorkspaceId, availability?: Agent['availability'], lastSeenAt?: Date | null) =>
    saveAgent(dataSource, workspaceId, availability, lastSeenAt);

  async function conversation(workspaceId: WorkspaceId, createdAt?: Date): Promise<string> {
    const inbox = await dataSource
      .getRepository(Inbox)
      .save({ workspaceId, name: 'Site', channel: 'widget', publicKey: `ib_${++sequence}` });
    const contact = await dataSource.getRepository(Contact).save({ workspaceId, name: `Visitor ${sequence}` });
    const saved = await dataSource
      .getRepository(Conversation)
      .save({ workspaceId, inboxId: inbox.id, contactId: contact.id, ...(createdAt ? { createdAt } : {}) });
    return saved.id;
  }

  function ticketOf(conversationId: string, values: Partial<NewTicket> = {}): NewTicket {
    return {
      conversationId,
      reason: 'customer_asked',
      status: 'open',
      assigneeId: null,
      answerTraceId: null,
      confidenceTrace: {},
      summary: '',
      sources: [],
      ...values,
    };
  }

  async function open(workspaceId: WorkspaceId, values: Partial<NewTicket> = {}): Promise<Ticket> {
    return tickets.insert(workspaceId, ticketOf(await conversation(workspaceId), values));
  }

  describe('round-robin', () => {
    it('picks online agents seen lately, never-assigned first, then the one whose latest ticket is oldest', async () => {
      const ws = await workspace();
      const ana = await agent(ws);
      await agent(ws, 'offline');
      await agent(ws, 'busy');
      await agent(ws, 'online', new Date(Date.now() - AGENT_PRESENCE_TIMEOUT_MS - 1000));
      await agent(ws, 'online', null);
      const ben = await agent(ws);
      await agent(await workspace());
      const ticket = await open(ws);

      expect(await tickets.nextRoundRobinAgent(ws, ticket.id)).toBe(ana.id);
      await open(ws, { status: 'assigned', assigneeId: ana.id });
      expect(await tickets.nextRoundRobinAgent(ws, ticket.id)).toBe(ben.id);
      const bens = await open(ws, { status: 'assigned', assigneeId: ben.id });
      expect(await tickets.nextRoundRobinAgent(ws, ticket.id)).toBe(ana.id);
      // The ticket being assigned does not count as its current holder's latest.
      expect(await tickets.nextRoundRobinAgent(ws, bens.id)).toBe(ben.id);
    });

    it('finds nobody in a workspace without an agent online', async () => {
      const ws = await workspace();
      await agent(ws, 'offline');
      expect(await tickets.nextRoundRobinAgent(ws, (await open(ws)).id)).toBeNull();
    });

    it("holds the workspace's lock until the transaction ends, without blocking other workspaces", async () => {
      const [ws, other] = [await workspace(), await workspace()];
      let releaseFirst!: () => void;
      const firstMayEnd = new Promise<void>((resolve) => (releaseFirst = resolve));
      let firstLocked!: () => void;
      const firstHoldsLock = new Promise<void>((resolve) => (firstLocked = resolve));
      const first = dataSource.transaction(async (manager) => {
        await tickets.withManager(manager).lockRoundRobin(ws);
        firstLocked();
        await firstMayEnd;
      });
      await firstHoldsLock;

      let secondLocked = false;
      const second = dataSource.transaction(async (manager) => {
        await tickets.withManager(manager).lockRoundRobin(ws);
        secondLocked = true;
      });
      await dataSource.transaction((manager) => tickets.withManager(manager).lockRoundRobin(other));
      await eventually(
        async () =>
          (
            await dataSource.query<Array<{ waiting: number }>>(
              `SELECT count(*)::int AS waiting FROM pg_locks l JOIN pg_database d ON d.oid = l.database
                WHERE d.datname = current_database() AND l.locktype = 'advisory' AND NOT l.granted`,
            )
          )[0]?.waiting === 1,
        { what: 'the second transaction waiting on the lock' },
      );
      expect(secondLocked).toBe(false);
      releaseFirst();
      await Promise.all([first, second]);
      expect(secondLocked).toBe(true);
    });

    it('spreads racing assignments evenly when each takes the lock, picks and inserts', async () => {
      const ws = await workspace();
      const [ana, ben] = [await agent(ws), await agent(ws)];
      const conversations = await Promise.all(Array.from({ length: 6 }, () => conversation(ws)));
      const picked = await Promise.all(
        conversations.map((conversationId) =>
          dataSource.transaction(async (manager) => {
            const repository = tickets.withManager(manager);
            await repository.lockRoundRobin(ws);
            const ticket = await repository.insert(ws, ticketOf(conversationId));
            const agentId = await repository.nextRoundRobinAgent(ws, ticket.id);
            return (await repository.update(ws, ticket.id, { status: 'assigned', assigneeId: agentId })).assigneeId;
          }),
        ),
      );
      expect(picked.filter((id) => id === ana.id)).toHaveLength(3);
      expect(picked.filter((id) => id === ben.id)).toHaveLength(3);
    });
  });

  describe('reads and writes', () => {
    it('inserts with the real clock time, updates, and keeps each workspace to its own tickets', async () => {
      const [ws, other] = [await workspace(), await workspace()];
      const ana = await agent(ws);
      const [first, second] = await dataSource.transaction(async (manager) => {
        const repository = tickets.withManager(manager);
        const conversationId = await conversation(ws);
        return [
          await repository.insert(ws, ticketOf(conversationId)),
          await repository.insert(ws, ticketOf(conversationId)),
        ];
      });
      // Inside one transaction now() would give both the same time.
      expect(second.createdAt.getTime()).toBeGreaterThan(first.createdAt.getTime());

      const updated = await tickets.update(ws, first.id, { status: 'assigned', assigneeId: ana.id });
      expect(updated).toMatchObject({ id: first.id, status: 'assigned', assigneeId: ana.id });
      await expect(tickets.update(other, first.id, { status: 'resolved' })).rejects.toThrow(TicketNotFoundError);
      expect(await tickets.findById(other, first.id)).toBeNull();
      await dataSource.transaction(async (manager) => {
        expect(await tickets.withManager(manager).lockById(other, first.id)).toBeNull();
        expect(await tickets.withManager(manager).lockById(ws, 'not-a-uuid')).toBeNull();
        expect((await tickets.withManager(manager).lockById(ws, first.id))?.id).toBe(first.id);
      });
      expect((await tickets.findById(ws, first.id))?.status).toBe('assigned');
    });

    it("finds a conversation's newest active ticket and locks its newest ticket of any status", async () => {
      const ws = await workspace();
      const conversationId = await conversation(ws);
      const older = await tickets.insert(ws, ticketOf(conversationId, { status: 'pending' }));
      const newer = await tickets.insert(ws, ticketOf(conversationId, { status: 'resolved' }));
      expect((await tickets.findActiveOfConversation(ws, conversationId))?.id).toBe(older.id);
      expect(await tickets.findActiveOfConversation(await workspace(), conversationId)).toBeNull();
      expect(await tickets.findActiveOfConversation(ws, 'not-a-uuid')).toBeNull();
      const latest = await dataSource.transaction((manager) =>
        tickets.withManager(manager).lockLatestOfConversation(ws, conversationId),
      );
      expect(latest?.id).toBe(newer.id);
    });

    it('lists the queue oldest first, by status, assignee, conversation and limit', async () => {
      const ws = await workspace();
      const ana = await agent(ws);
      const waiting = await open(ws);
      const anas = await open(ws, { status: 'assigned', assigneeId: ana.id });
      const done = await open(ws, { status: 'resolved' });
      await open(await workspace());
      const ids = (found: Ticket[]) => found.map((ticket) => ticket.id);
      expect(ids(await tickets.list(ws))).toEqual([waiting.id, anas.id, done.id]);
      expect(ids(await tickets.list(ws, { status: ['open', 'assigned'] }))).toEqual([waiting.id, anas.id]);
      expect(ids(await tickets.list(ws, { status: 'resolved' }))).toEqual([done.id]);
      expect(ids(await tickets.list(ws, { unassigned: true }))).toEqual([waiting.id, done.id]);
      expect(ids(await tickets.list(ws, { assigneeId: ana.id }))).toEqual([anas.id]);
      expect(ids(await tickets.list(ws, { conversationId: anas.conversationId }))).toEqual([anas.id]);
      expect(ids(await tickets.list(ws, { limit: 1 }))).toEqual([waiting.id]);
    });
  });

  describe('first response', () => {
    it("sets it once, on the conversation's active tickets opened by then, and returns those", async () => {
      const ws = await workspace();
      const conversationId = await conversation(ws);
      const active = await tickets.insert(ws, ticketOf(conversationId, { status: 'assigned' }));
      const resolved = await tickets.insert(ws, ticketOf(conversationId, { status: 'resolved' }));
      const elsewhere = await open(ws);
      const reply = new Date();
      const later = await tickets.insert(ws, ticketOf(conversationId, { status: 'pending' }));

      const answered = await tickets.recordFirstResponse(ws, conversationId, reply);
      expect(answered.map((ticket) => ticket.id)).toEqual([active.id]);
      expect(answered[0]?.firstResponseAt?.getTime()).toBe(reply.getTime());
      // The same reply again (a redelivered event) moves nothing.
      expect(await tickets.recordFirstResponse(ws, conversationId, reply)).toEqual([]);
      expect(await tickets.recordFirstResponse(await workspace(), elsewhere.conversationId, new Date())).toEqual([]);
      for (const untouched of [resolved, elsewhere, later]) {
        expect((await tickets.findById(ws, untouched.id))?.firstResponseAt).toBeNull();
      }
      expect((await tickets.findById(ws, active.id))?.firstResponseAt?.getTime()).toBe(reply.getTime());
    });
  });

  describe('report queries', () => {
    it('counts tickets by reason and takes the median first response within the window', async () => {
      const ws = await workspace();
      const since = new Date();
      const first = await open(ws, { reason: 'low_confidence' });
      const second = await open(ws, { reason: 'low_confidence' });
      await open(ws, { reason: 'policy' });
      await open(await workspace(), { reason: 'policy' });
      expect(await tickets.medianFirstResponseSecondsSince(ws, since)).toBeNull();
      // The stored createdAt has microseconds, the Date read back milliseconds: the median is 20 s to within 2 ms.
      await tickets.recordFirstResponse(ws, first.conversationId, new Date(first.createdAt.getTime() + 10_000));
      await tickets.recordFirstResponse(ws, second.conversationId, new Date(second.createdAt.getTime() + 30_000));

      const reasons = await tickets.reasonCountsSince(ws, since);
      expect(reasons.sort((a, b) => a.reason.localeCompare(b.reason))).toEqual([
        { reason: 'low_confidence', count: 2 },
        { reason: 'policy', count: 1 },
      ]);
      expect(await tickets.medianFirstResponseSecondsSince(ws, since)).toBeCloseTo(20, 1);
      expect(await tickets.reasonCountsSince(ws, new Date(Date.now() + 60_000))).toEqual([]);
    });

    it('counts a conversation as handed off when the customer wrote and it got a ticket', async () => {
      const ws = await workspace();
      const since = new Date();
      const [asked, silent, untouched] = [await conversation(ws), await conversation(ws), await conversation(ws)];
      await conversation(ws, new Date(since.getTime() - 3600_000));
      for (const conversationId of [asked, untouched]) {
        await dataSource
          .getRepository(Message)
          .save({ workspaceId: ws, conversationId, direction: 'incoming', author: 'contact', content: 'hello?' });
      }
      await tickets.insert(ws, ticketOf(asked));
      await tickets.insert(ws, ticketOf(silent));

      expect(await tickets.conversationOutcomesSince(ws, since)).toEqual({
        conversations: 3,
        answered: 0,
        withCustomer: 2,
        autoResolved: 0,
        handedOff: 1,
      });
    });
  });

  describe('conversation ids by ticket filter (what conversation search filters by)', () => {
    it("lists each conversation once whatever its number of matching tickets, and only the workspace's", async () => {
      const ws = await workspace();
      const other = await workspace();
      const twice = await conversation(ws);
      await tickets.insert(ws, ticketOf(twice, { urgency: 'high', status: 'resolved' }));
      await tickets.insert(ws, ticketOf(twice, { urgency: 'high', language: 'de' }));
      const calm = (await open(ws, { urgency: 'low' })).conversationId;
      await open(other, { urgency: 'high' });

      expect(await tickets.conversationIdsOf(ws, { urgency: 'high' })).toEqual([twice]);
      expect(await tickets.conversationIdsOf(ws, { urgency: 'high', language: 'de' })).toEqual([twice]);
      expect(await tickets.conversationIdsOf(ws, { urgency: 'low' })).toEqual([calm]);
      expect(await tickets.conversationIdsOf(ws, { sentiment: 'positive' })).toEqual([]);
    });
  });
});
