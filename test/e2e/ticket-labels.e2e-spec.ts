import { DataSource } from 'typeorm';
import { openLiveStream } from '../support/sse';
import { TestApi, startTestApi } from '../support/test-api';
import { LabelsWorkspace, SignedInAgent, TicketLabelsClient } from '../support/ticket-labels-client';

const TOPICS = ['billing', 'shipping'];
const BILLING = [
  'I was charged twice on my invoice',
  'My card payment failed and the invoice is wrong',
  'Please refund the double charge on my card',
];
const SHIPPING = [
  'My parcel has not arrived, where is the delivery',
  'The courier lost my parcel',
  'Delivery tracking shows no update for the parcel',
];

describe('ticket labels offline: classification, corrections, the queue filter and team routing', () => {
  let api: TestApi;
  let client: TicketLabelsClient;
  let dataSource: DataSource;

  beforeAll(async () => {
    api = await startTestApi('ticket_labels');
    client = new TicketLabelsClient(api);
    dataSource = api.app.get(DataSource);
  });

  afterAll(() => api?.close());

  /** Six tickets an agent labelled, three per topic: enough for the offline classifier to learn both. */
  async function train(workspace: LabelsWorkspace, agent: SignedInAgent): Promise<void> {
    for (const [texts, topic] of [
      [BILLING, 'billing'],
      [SHIPPING, 'shipping'],
    ] as const) {
      for (const text of texts) {
        const ticket = await client.ticket(workspace, agent, text);
        await client.console(agent).patch(`tickets/${ticket.id}/labels`, { topic }).expect(200);
      }
    }
  }

  describe('a new ticket', () => {
    it('gets urgency, sentiment and language by rules, and no topic before any correction', async () => {
      const workspace = await client.workspace({ ticketTopics: TOPICS });
      const agent = await client.agent(workspace);
      const ticket = await client.ticket(
        workspace,
        agent,
        'This is terrible, the site is down and I was charged twice. Fix it immediately!!!',
      );
      expect(ticket.labels).toEqual({
        topic: null,
        urgency: 'high',
        sentiment: 'negative',
        language: 'en',
        source: 'rules',
      });
      const calm = await client.ticket(
        workspace,
        agent,
        'No rush, but could you tell me how the invoice works? Thanks!',
      );
      expect(calm.labels).toMatchObject({ urgency: 'low', sentiment: 'positive', source: 'rules' });
    });
  });

  describe('corrections', () => {
    it('stores the correction with the old and new labels, the agent and the text, and marks the labels as the agent’s', async () => {
      const workspace = await client.workspace({ ticketTopics: TOPICS });
      const agent = await client.agent(workspace);
      const ticket = await client.ticket(workspace, agent, 'Where is my parcel? The delivery is late');

      const corrected = await client
        .console(agent)
        .patch(`tickets/${ticket.id}/labels`, { topic: 'shipping', urgency: 'high' })
        .expect(200);
      expect(corrected.body.ticket.labels).toEqual({
        topic: 'shipping',
        urgency: 'high',
        sentiment: ticket.labels.sentiment,
        language: 'en',
        source: 'agent',
      });
      const stored = await dataSource.query(
        `SELECT "agentId", previous, labels, text FROM ticket_label_corrections WHERE "ticketId" = $1`,
        [ticket.id],
      );
      expect(stored).toEqual([
        {
          agentId: agent.id,
          previous: { topic: null, urgency: ticket.labels.urgency, sentiment: ticket.labels.sentiment, language: 'en' },
          labels: { topic: 'shipping', urgency: 'high', sentiment: ticket.labels.sentiment, language: 'en' },
          text: 'Where is my parcel? The delivery is late',
        },
      ]);
      // Null clears a label: the ticket is unclassified again.
      const cleared = await client.console(agent).patch(`tickets/${ticket.id}/labels`, { topic: null }).expect(200);
      expect(cleared.body.ticket.labels).toMatchObject({ topic: null, urgency: 'high', source: 'agent' });
    });

    it('reach the other agents’ consoles live as a ticket event', async () => {
      const workspace = await client.workspace({ ticketTopics: TOPICS });
      const agent = await client.agent(workspace);
      const watcher = await client.agent(workspace);
      const ticket = await client.ticket(workspace, agent, 'Where is my parcel?');
      const stream = await openLiveStream(`${api.url}/v1/console/events?token=${encodeURIComponent(watcher.token)}`);
      try {
        await stream.next((event) => event.event === 'ready', 'ready');
        await client.console(agent).patch(`tickets/${ticket.id}/labels`, { topic: 'shipping' }).expect(200);
        const event = await stream.next(
          (each) => each.event === 'ticket' && each.data.ticket.id === ticket.id,
          'the labelled ticket',
        );
        expect(event.data.ticket.labels).toMatchObject({ topic: 'shipping', source: 'agent' });
      } finally {
        await stream.close();
      }
    });

    it('change the next offline classification: the classifier learns the topics from them', async () => {
      const workspace = await client.workspace({ ticketTopics: TOPICS });
      const agent = await client.agent(workspace);
      const before = await client.ticket(workspace, agent, 'Why was my card charged twice on the invoice?');
      expect(before.labels.topic).toBeNull();

      await train(workspace, agent);

      const billing = await client.ticket(workspace, agent, 'Why was my card charged twice on the invoice?');
      expect(billing.labels).toMatchObject({ topic: 'billing', source: 'rules' });
      const shipping = await client.ticket(workspace, agent, 'The courier has not delivered my parcel');
      expect(shipping.labels).toMatchObject({ topic: 'shipping', source: 'rules' });
      // Nothing in common with what agents labelled: unclassified, not a guess.
      const unrelated = await client.ticket(workspace, agent, 'Do you have this jacket in blue?');
      expect(unrelated.labels.topic).toBeNull();
    });

    it('answers 400 naming the field for a topic not in the list or a bad value, and 404 for another workspace', async () => {
      const workspace = await client.workspace({ ticketTopics: TOPICS });
      const agent = await client.agent(workspace);
      const ticket = await client.ticket(workspace, agent, 'Hello there, my parcel is late');
      const labels = (body: object) => client.console(agent).patch(`tickets/${ticket.id}/labels`, body);

      const topic = await labels({ topic: 'returns' }).expect(400);
      expect(topic.body.errors).toEqual([{ field: 'topic', messages: [expect.stringContaining('ticketTopics')] }]);
      expect((await labels({ urgency: 'extreme' }).expect(400)).body.errors[0].field).toBe('urgency');
      expect((await labels({ language: 'english' }).expect(400)).body.errors[0].field).toBe('language');
      expect((await labels({ colour: 'red' }).expect(400)).body.message).toContain('colour');

      const other = await client.workspace({ ticketTopics: TOPICS });
      const stranger = await client.agent(other);
      await client.console(stranger).patch(`tickets/${ticket.id}/labels`, { topic: 'billing' }).expect(404);
      const count = await dataSource.query(
        `SELECT count(*)::int AS n FROM ticket_label_corrections WHERE "ticketId" = $1`,
        [ticket.id],
      );
      expect(count).toEqual([{ n: 0 }]);
    });
  });

  describe('the queue filter', () => {
    it('returns only the tickets matching every label given, and a team’s topics', async () => {
      const workspace = await client.workspace({ ticketTopics: [...TOPICS, 'returns'] });
      const agent = await client.agent(workspace);
      const ids = async (query: string) =>
        ((await client.console(agent).get(`tickets?${query}`).expect(200)).body.tickets as Array<{ id: string }>).map(
          (ticket) => ticket.id,
        );
      const urgentBilling = await client.ticket(workspace, agent, 'My invoice is wrong, fix it immediately');
      const calmShipping = await client.ticket(workspace, agent, 'Where is my parcel? No rush');
      const german = await client.ticket(
        workspace,
        agent,
        'Wo ist meine Bestellung? Ich habe sie nicht und die Post ist mit',
      );
      const console = client.console(agent);
      await console.patch(`tickets/${urgentBilling.id}/labels`, { topic: 'billing' }).expect(200);
      await console.patch(`tickets/${calmShipping.id}/labels`, { topic: 'shipping' }).expect(200);
      await console.patch(`tickets/${german.id}/labels`, { topic: 'returns' }).expect(200);
      const team = await client
        .admin(workspace)
        .post('/v1/teams', { name: 'Logistics', topics: ['shipping', 'returns'] })
        .expect(201);

      expect(await ids('topic=billing')).toEqual([urgentBilling.id]);
      expect(await ids('urgency=high')).toEqual([urgentBilling.id]);
      expect(await ids('urgency=low&topic=shipping')).toEqual([calmShipping.id]);
      expect(await ids('urgency=low&topic=billing')).toEqual([]);
      expect(await ids('language=de')).toEqual([german.id]);
      expect(await ids(`team=${team.body.id}`)).toEqual([calmShipping.id, german.id]);
      expect(await ids(`team=${team.body.id}&topic=returns`)).toEqual([german.id]);
      expect(await ids(`sentiment=${urgentBilling.labels.sentiment}&topic=billing`)).toEqual([urgentBilling.id]);

      expect((await console.get('tickets?urgency=extreme').expect(400)).body.errors[0].field).toBe('urgency');
      expect((await console.get('tickets?team=nope').expect(400)).body.errors[0].field).toBe('team');
      const foreign = await client
        .admin(await client.workspace({ ticketTopics: TOPICS }))
        .post('/v1/teams', { name: 'X' });
      expect((await console.get(`tickets?team=${foreign.body.id}`).expect(400)).body.errors[0].field).toBe('team');

      const choices = await console.get('ticket-labels').expect(200);
      expect(choices.body).toEqual({
        topics: ['billing', 'shipping', 'returns'],
        teams: [{ id: team.body.id, name: 'Logistics', topics: ['shipping', 'returns'] }],
      });
    });
  });

  describe('teams', () => {
    it('route a new ticket of the team’s topic to its online members first, else to everyone', async () => {
      const workspace = await client.workspace({ ticketTopics: TOPICS, assignment: 'round_robin' });
      const trainer = await client.agent(workspace);
      await train(workspace, trainer);
      const other = await client.agent(workspace);
      const billingAgent = await client.agent(workspace);
      await client
        .admin(workspace)
        .post('/v1/teams', { name: 'Billing', agentIds: [billingAgent.id], topics: ['billing'] })
        .expect(201);

      for (let i = 0; i < 2; i++) {
        const ticket = await client.ticket(workspace, trainer, 'Why was my card charged twice on the invoice?');
        expect(ticket.labels.topic).toBe('billing');
        expect(ticket.assignee?.id).toBe(billingAgent.id);
      }
      // A topic no team covers rotates among everyone: the agent who had none yet comes first.
      const shipping = await client.ticket(workspace, trainer, 'The courier has not delivered my parcel');
      expect(shipping.labels.topic).toBe('shipping');
      expect(shipping.assignee?.id).toBe(other.id);

      // The team's member away: everyone else.
      await client.console(billingAgent).patch('me', { availability: 'offline' }).expect(200);
      const fallback = await client.ticket(workspace, trainer, 'Why was my card charged twice on the invoice?');
      expect(fallback.labels.topic).toBe('billing');
      expect([trainer.id, other.id]).toContain(fallback.assignee?.id);
    });

    it('are managed with the API key: 400 naming the field, 409 for a taken name, 404 across workspaces', async () => {
      const workspace = await client.workspace({ ticketTopics: TOPICS });
      const agent = await client.agent(workspace);
      const admin = client.admin(workspace);
      const created = await admin
        .post('/v1/teams', { name: 'Billing', agentIds: [agent.id], topics: ['billing'] })
        .expect(201);
      expect(created.body).toMatchObject({ name: 'Billing', agentIds: [agent.id], topics: ['billing'] });

      const fieldOf = async (body: object) => (await admin.post('/v1/teams', body).expect(400)).body.errors[0].field;
      expect(await fieldOf({ topics: ['billing'] })).toBe('name');
      expect(await fieldOf({ name: 'A', topics: ['returns'] })).toBe('topics');
      expect(await fieldOf({ name: 'A', agentIds: ['not-a-uuid'] })).toBe('agentIds');
      const foreignAgent = await client.agent(await client.workspace());
      expect(await fieldOf({ name: 'A', agentIds: [foreignAgent.id] })).toBe('agentIds');
      await admin.post('/v1/teams', { name: 'Billing' }).expect(409);

      const renamed = await admin.patch(`/v1/teams/${created.body.id}`, { name: 'Payments', topics: [] }).expect(200);
      expect(renamed.body).toMatchObject({ name: 'Payments', topics: [], agentIds: [agent.id] });
      expect((await admin.get('/v1/teams').expect(200)).body.map((team: { name: string }) => team.name)).toEqual([
        'Payments',
      ]);

      const stranger = client.admin(await client.workspace());
      await stranger.get(`/v1/teams/${created.body.id}`).expect(404);
      await stranger.patch(`/v1/teams/${created.body.id}`, { name: 'Mine' }).expect(404);
      await stranger.delete(`/v1/teams/${created.body.id}`).expect(404);
      await admin.delete(`/v1/teams/${created.body.id}`).expect(204);
      await admin.get(`/v1/teams/${created.body.id}`).expect(404);
    });

    it('the ticketTopics setting is validated like the other settings', async () => {
      const admin = client.admin(await client.workspace());
      const field = async (ticketTopics: unknown) =>
        (await admin.patch('/v1/workspace/settings', { ticketTopics }).expect(400)).body.errors[0].field;
      expect(await field('billing')).toBe('ticketTopics');
      expect(await field(['billing', 'billing'])).toBe('ticketTopics');
      expect(await field([' billing'])).toBe('ticketTopics');
      expect(await field(['x'.repeat(65)])).toBe('ticketTopics');
      const saved = await admin
        .patch('/v1/workspace/settings', { ticketTopics: ['billing', 'Order status'] })
        .expect(200);
      expect(saved.body.settings.ticketTopics).toEqual(['billing', 'Order status']);
    });
  });
});
