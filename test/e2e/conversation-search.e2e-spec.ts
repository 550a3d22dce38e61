import { SEARCH_HIGHLIGHT } from '@switchboard/contracts';
import type { ConversationSearchResults } from '@switchboard/contracts';
import request from 'supertest';
import { TestApi, startTestApi } from '../support/test-api';
import { LabelsWorkspace, SignedInAgent, TicketLabelsClient } from '../support/ticket-labels-client';

const { start, stop } = SEARCH_HIGHLIGHT;

describe('conversation search over HTTP: the console (notes included), the API (notes left out)', () => {
  let api: TestApi;
  let client: TicketLabelsClient;
  let workspace: LabelsWorkspace;
  let agent: SignedInAgent;
  let urgentConversation: string;
  let calmConversation: string;

  beforeAll(async () => {
    api = await startTestApi('conversation_search');
    client = new TicketLabelsClient(api);
    workspace = await client.workspace();
    agent = await client.agent(workspace);
    urgentConversation = (
      await client.ticket(workspace, agent, 'This is terrible, my kayak paddle broke. Fix it immediately!!!')
    ).conversationId;
    calmConversation = (
      await client.ticket(workspace, agent, 'No rush, but could you tell me how kayak rental works? Thanks!')
    ).conversationId;
    await request(api.url)
      .post(`/v1/console/conversations/${calmConversation}/messages`)
      .set('Authorization', `Bearer ${agent.token}`)
      .send({ content: 'Customer prefers a tandem kayak, offer the seasonal discount', private: true })
      .expect(201);
  });

  afterAll(() => api?.close());

  const consoleSearch = (query: Record<string, string | number>, as: SignedInAgent = agent) =>
    request(api.url).get('/v1/console/search').query(query).set('Authorization', `Bearer ${as.token}`);

  const apiSearch = (query: Record<string, string | number>, key = workspace.key) =>
    request(api.url).get('/v1/conversations/search').query(query).set('Authorization', `Bearer ${key}`);

  const idsOf = (body: ConversationSearchResults): string[] => body.results.map((hit) => hit.conversation.id);

  it('finds conversations for an agent, with the matches highlighted and internal notes searched', async () => {
    const response = await consoleSearch({ q: 'kayak' }).expect(200);
    const body = response.body as ConversationSearchResults;

    expect(body).toMatchObject({ total: 2, page: 1, pageSize: 20 });
    expect(new Set(idsOf(body))).toEqual(new Set([urgentConversation, calmConversation]));
    const calm = body.results.find((hit) => hit.conversation.id === calmConversation);
    expect(calm?.conversation).toMatchObject({ inbox: { channel: 'widget' }, owner: 'queued' });
    expect(calm?.messages.map((message) => message.private).sort()).toEqual([false, true]);
    expect(calm?.messages.find((message) => message.private)?.highlight).toContain(`tandem ${start}kayak${stop}`);
    const note = await consoleSearch({ q: 'tandem discount' }).expect(200);
    expect(idsOf(note.body as ConversationSearchResults)).toEqual([calmConversation]);
  });

  it('leaves internal notes out of the API-key search', async () => {
    const kayak = (await apiSearch({ q: 'kayak' }).expect(200)).body as ConversationSearchResults;
    expect(kayak.total).toBe(2);
    expect(kayak.results.flatMap((hit) => hit.messages).every((message) => !message.private)).toBe(true);
    expect((await apiSearch({ q: 'tandem discount' }).expect(200)).body).toEqual({
      total: 0,
      page: 1,
      pageSize: 20,
      results: [],
    });
  });

  it("filters by a ticket label, which the handoff lib answers, and by the conversation's own fields", async () => {
    const urgent = (await consoleSearch({ q: 'kayak', urgency: 'high' }).expect(200)).body;
    expect(idsOf(urgent as ConversationSearchResults)).toEqual([urgentConversation]);
    const calm = (await apiSearch({ q: 'kayak', sentiment: 'positive', language: 'en' }).expect(200)).body;
    expect(idsOf(calm as ConversationSearchResults)).toEqual([calmConversation]);
    expect((await consoleSearch({ q: 'kayak', status: 'resolved' }).expect(200)).body.total).toBe(0);
    expect((await consoleSearch({ q: 'kayak', channel: 'email' }).expect(200)).body.total).toBe(0);
    expect((await consoleSearch({ q: 'kayak', from: '2999-01-01' }).expect(200)).body.total).toBe(0);
    expect((await consoleSearch({ q: 'kayak', pageSize: 1, page: 2 }).expect(200)).body.results).toHaveLength(1);
  });

  it.each([
    [{ q: 'kayak', status: 'archived' }, 'status'],
    [{ q: 'kayak', from: 'yesterday' }, 'from'],
    [{ q: 'kayak', to: '2026-02-30' }, 'to'],
    [{ q: 'kayak', from: '2026-03-02', to: '2026-03-01' }, 'to'],
    [{ q: 'k'.repeat(201) }, 'q'],
    [{ q: 'a b c d e f g h i j k l m' }, 'q'],
    [{ q: '?!' }, 'q'],
    [{ q: 'kayak', pageSize: 51 }, 'pageSize'],
    [{ q: 'kayak', page: 0 }, 'page'],
    [{ q: 'kayak', assignee: 'me' }, 'assignee'],
    [{ q: 'kayak', colour: 'red' }, 'colour'],
    [{}, 'q'],
  ])('answers 400 naming the field for %j, on both endpoints', async (query, field) => {
    for (const response of [await consoleSearch(query), await apiSearch(query)]) {
      expect(response.status).toBe(400);
      expect(response.body.message).toContain(field);
    }
  });

  it("never shows another workspace's conversations, and asks who is searching", async () => {
    const other = await client.workspace();
    const otherAgent = await client.agent(other);
    const theirs = (await client.ticket(other, otherAgent, 'My kayak of the other workspace')).conversationId;

    const found = (await consoleSearch({ q: 'kayak' }, otherAgent).expect(200)).body as ConversationSearchResults;
    expect(idsOf(found)).toEqual([theirs]);
    expect(idsOf((await apiSearch({ q: 'kayak' }, other.key).expect(200)).body)).toEqual([theirs]);
    expect((await consoleSearch({ q: 'kayak' }).expect(200)).body.total).toBe(2);
    // Their contact's id gets nothing here.
    const theirContact = found.results[0].conversation.contact.id;
    expect((await consoleSearch({ q: 'kayak', contact: theirContact }).expect(200)).body.total).toBe(0);
    expect((await apiSearch({ q: 'kayak', contact: theirContact }).expect(200)).body.total).toBe(0);
    await request(api.url).get('/v1/console/search').query({ q: 'kayak' }).expect(401);
    await request(api.url).get('/v1/conversations/search').query({ q: 'kayak' }).expect(401);
  });
});
