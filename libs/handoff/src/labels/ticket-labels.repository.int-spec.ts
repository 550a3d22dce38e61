import { Contact, Conversation, Inbox, Ticket, WorkspaceId } from '@switchboard/database';
import { DataSource } from 'typeorm';
import {
  RepositoryTestDatabase,
  openRepositoryTestDatabase,
  saveAgent,
  saveWorkspace,
} from '../testing/handoff-fixtures';
import { NewTicket, TicketsRepository } from '../tickets.repository';
import { DuplicateTeamError } from './team.errors';
import { TeamsRepository } from './teams.repository';
import { TicketLabelCorrectionsRepository } from './ticket-label-corrections.repository';

describe('ticket labels, corrections and teams in Postgres', () => {
  let database: RepositoryTestDatabase;
  let dataSource: DataSource;
  let tickets: TicketsRepository;
  let corrections: TicketLabelCorrectionsRepository;
  let teams: TeamsRepository;
  let sequence = 0;

  beforeAll(async () => {
    database = await openRepositoryTestDatabase('ticket_labels_repo');
    dataSource = database.dataSource;
    tickets = new TicketsRepository(dataSource.manager);
    corrections = new TicketLabelCorrectionsRepository(dataSource.manager);
    teams = new TeamsRepository(dataSource.manager);
  });

  afterAll(() => database?.destroy());

  const workspace = (): Promise<WorkspaceId> => saveWorkspace(dataSource);

  async function open(workspaceId: WorkspaceId, values: Partial<NewTicket> = {}): Promise<Ticket> {
    const inbox = await dataSource
      .getRepository(Inbox)
      .save({ workspaceId, name: 'Site', channel: 'widget', publicKey: `ib_labels_${++sequence}` });
    const contact = await dataSource.getRepository(Contact).save({ workspaceId, name: `Visitor ${sequence}` });
    const conversation = await dataSource
      .getRepository(Conversation)
      .save({ workspaceId, inboxId: inbox.id, contactId: contact.id });
    return tickets.insert(workspaceId, {
      conversationId: conversation.id,
      reason: 'customer_asked',
      status: 'open',
      assigneeId: null,
      answerTraceId: null,
      confidenceTrace: {},
      summary: '',
      sources: [],
      ...values,
    });
  }

  describe('labels on tickets', () => {
    it('stores the labels with the ticket, and a ticket without them is unclassified', async () => {
      const ws = await workspace();
      const labelled = await open(ws, {
        topic: 'billing',
        urgency: 'high',
        sentiment: 'negative',
        language: 'de',
        labelSource: 'llm',
      });
      expect(labelled).toMatchObject({
        topic: 'billing',
        urgency: 'high',
        sentiment: 'negative',
        language: 'de',
        labelSource: 'llm',
      });
      expect(await open(ws)).toMatchObject({
        topic: null,
        urgency: null,
        sentiment: null,
        language: null,
        labelSource: null,
      });
    });

    it('filters the queue by each label, a list of topics, and never across workspaces', async () => {
      const ws = await workspace();
      const billing = await open(ws, { topic: 'billing', urgency: 'high', sentiment: 'negative', language: 'en' });
      const shipping = await open(ws, { topic: 'shipping', urgency: 'low', sentiment: 'neutral', language: 'de' });
      await open(ws);
      await open(await workspace(), { topic: 'billing', urgency: 'high' });
      const ids = async (filter: Parameters<TicketsRepository['list']>[1]) =>
        (await tickets.list(ws, filter)).map((ticket) => ticket.id);

      expect(await ids({ topic: 'billing' })).toEqual([billing.id]);
      expect(await ids({ urgency: 'low' })).toEqual([shipping.id]);
      expect(await ids({ sentiment: 'negative' })).toEqual([billing.id]);
      expect(await ids({ language: 'de' })).toEqual([shipping.id]);
      expect(await ids({ topic: ['billing', 'shipping'] })).toEqual([billing.id, shipping.id]);
      expect(await ids({ topic: [] })).toEqual([]);
      expect(await ids({ topic: 'billing', urgency: 'low' })).toEqual([]);
    });

    it('updates the labels with who set them', async () => {
      const ws = await workspace();
      const ticket = await open(ws, { topic: null, labelSource: 'rules' });
      const updated = await tickets.update(ws, ticket.id, { topic: 'returns', labelSource: 'agent' });
      expect(updated).toMatchObject({ topic: 'returns', labelSource: 'agent' });
    });
  });

  describe('corrections', () => {
    it('keeps each correction and trains on the latest one per ticket, only when it set a topic', async () => {
      const ws = await workspace();
      const agent = await saveAgent(dataSource, ws);
      const first = await open(ws);
      const second = await open(ws);
      const cleared = await open(ws);
      const none = { topic: null, urgency: null, sentiment: null, language: null };
      const labels = (topic: string | null) => ({ ...none, topic });
      await corrections.insert(ws, {
        ticketId: first.id,
        agentId: agent.id,
        previous: none,
        labels: labels('shipping'),
        text: 'where is my parcel',
      });
      await corrections.insert(ws, {
        ticketId: first.id,
        agentId: agent.id,
        previous: labels('shipping'),
        labels: labels('billing'),
        text: 'charged twice',
      });
      await corrections.insert(ws, {
        ticketId: second.id,
        agentId: null,
        previous: none,
        labels: labels('shipping'),
        text: 'courier lost it',
      });
      await corrections.insert(ws, {
        ticketId: cleared.id,
        agentId: agent.id,
        previous: labels('billing'),
        labels: none,
        text: 'hello',
      });

      expect(await corrections.ofTicket(ws, first.id)).toHaveLength(2);
      expect((await corrections.topicExamples(ws)).sort((a, b) => a.topic.localeCompare(b.topic))).toEqual([
        { text: 'charged twice', topic: 'billing' },
        { text: 'courier lost it', topic: 'shipping' },
      ]);
      expect(await corrections.topicExamples(await workspace())).toEqual([]);
    });

    it('goes with its ticket', async () => {
      const ws = await workspace();
      const ticket = await open(ws);
      const none = { topic: null, urgency: null, sentiment: null, language: null };
      await corrections.insert(ws, { ticketId: ticket.id, agentId: null, previous: none, labels: none, text: '' });
      await dataSource.getRepository(Ticket).delete({ id: ticket.id });
      expect(await corrections.ofTicket(ws, ticket.id)).toEqual([]);
    });
  });

  describe('teams', () => {
    it('are kept per workspace: another workspace can neither read, change nor delete them', async () => {
      const ws = await workspace();
      const other = await workspace();
      const team = await teams.create(ws, { name: 'Billing', agentIds: [], topics: ['billing'] });
      // The same name is free in another workspace.
      await teams.create(other, { name: 'Billing', agentIds: [], topics: [] });

      expect(await teams.findById(other, team.id)).toBeNull();
      expect(await teams.update(other, team.id, { name: 'Taken' })).toBeNull();
      expect(await teams.delete(other, team.id)).toBe(false);
      expect((await teams.list(ws)).map((each) => each.name)).toEqual(['Billing']);
      expect(await teams.findById(ws, team.id)).toMatchObject({ name: 'Billing', topics: ['billing'] });
    });

    it('refuses a second team of the same name in a workspace', async () => {
      const ws = await workspace();
      await teams.create(ws, { name: 'Shipping', agentIds: [], topics: [] });
      await expect(teams.create(ws, { name: 'Shipping', agentIds: [], topics: [] })).rejects.toBeInstanceOf(
        DuplicateTeamError,
      );
    });

    it('lists the members of every team that covers a topic, each once, within the workspace', async () => {
      const ws = await workspace();
      const [ana, ben, cy] = [
        await saveAgent(dataSource, ws),
        await saveAgent(dataSource, ws),
        await saveAgent(dataSource, ws),
      ];
      await teams.create(ws, { name: 'Billing', agentIds: [ana.id, ben.id], topics: ['billing', 'refunds'] });
      await teams.create(ws, { name: 'Refunds', agentIds: [ben.id, cy.id], topics: ['refunds'] });
      const other = await workspace();
      await teams.create(other, {
        name: 'Billing',
        agentIds: [(await saveAgent(dataSource, other)).id],
        topics: ['billing'],
      });

      expect((await teams.agentIdsForTopic(ws, 'billing')).sort()).toEqual([ana.id, ben.id].sort());
      expect((await teams.agentIdsForTopic(ws, 'refunds')).sort()).toEqual([ana.id, ben.id, cy.id].sort());
      expect(await teams.agentIdsForTopic(ws, 'shipping')).toEqual([]);
    });
  });

  describe('round-robin among a team', () => {
    it('picks only among the given agents, by the same rotation, and nobody when none of them is online', async () => {
      const ws = await workspace();
      const outsider = await saveAgent(dataSource, ws);
      const ana = await saveAgent(dataSource, ws);
      const ben = await saveAgent(dataSource, ws);
      const away = await saveAgent(dataSource, ws, 'offline');
      const ticket = await open(ws);

      // Everyone: the outsider, created first, has never been assigned.
      expect(await tickets.nextRoundRobinAgent(ws, ticket.id)).toBe(outsider.id);
      expect(await tickets.nextRoundRobinAgent(ws, ticket.id, [ana.id, ben.id])).toBe(ana.id);
      await open(ws, { status: 'assigned', assigneeId: ana.id });
      expect(await tickets.nextRoundRobinAgent(ws, ticket.id, [ana.id, ben.id])).toBe(ben.id);
      expect(await tickets.nextRoundRobinAgent(ws, ticket.id, [away.id])).toBeNull();
      // Another workspace's agent is never picked, even when named.
      const stranger = await saveAgent(dataSource, await workspace());
      expect(await tickets.nextRoundRobinAgent(ws, ticket.id, [stranger.id])).toBeNull();
    });
  });
});
