import { TestingModule } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { SEARCH_HIGHLIGHT } from '@switchboard/contracts';
import { Agent, ChannelType, Conversation, Message, WorkspaceId } from '@switchboard/database';
import { DataSource } from 'typeorm';
import { createTestWorkspaces } from '../../../../test/support/test-data-source';
import { TestEnvironment, createTestEnvironment } from '../../../../test/support/test-environment';
import { initTestModule } from '../../../../test/support/test-module';
import { ConversationMessagesService } from '../conversation-messages.service';
import { ConversationsModule } from '../conversations.module';
import { InboxesService } from '../inboxes.service';
import { ConversationSearchRequest, ConversationSearchService, searchTerms } from './conversation-search.service';

/** Full-text search over messages: ranking, each filter, notes for agents only, one workspace at a time. */
describe('conversation search', () => {
  let environment: TestEnvironment;
  let moduleRef: TestingModule;
  let search: ConversationSearchService;
  let conversations: ConversationMessagesService;
  let inboxes: InboxesService;
  let dataSource: DataSource;
  let a: WorkspaceId;
  let b: WorkspaceId;
  let sequence = 0;

  beforeAll(async () => {
    environment = await createTestEnvironment('conversation_search');
    moduleRef = await initTestModule(environment, { imports: [ConversationsModule] });
    search = moduleRef.get(ConversationSearchService);
    conversations = moduleRef.get(ConversationMessagesService);
    inboxes = moduleRef.get(InboxesService);
    dataSource = moduleRef.get<DataSource>(getDataSourceToken());
    [a, b] = await createTestWorkspaces(dataSource, 'A', 'B');
  });

  afterAll(async () => {
    await moduleRef?.close();
    await environment?.destroy();
  });

  const inboxOf = async (workspaceId: WorkspaceId, channel: ChannelType = 'widget'): Promise<string> =>
    (await inboxes.create(workspaceId, { name: `${channel} ${++sequence}`, channel })).inbox.id;

  /** A conversation with these messages, one a minute from `start`; a text starting with `note:` is an internal note. */
  const conversationWith = async (
    workspaceId: WorkspaceId,
    inboxId: string,
    texts: string[],
    start = new Date('2026-03-01T10:00:00Z'),
  ): Promise<Conversation> => {
    const sourceId = `visitor-${++sequence}`;
    const { conversation } = await conversations.openConversation(workspaceId, {
      inboxId,
      sourceId,
      name: sourceId,
      email: null,
    });
    await dataSource.getRepository(Message).insert(
      texts.map((text, index) => ({
        workspaceId,
        conversationId: conversation.id,
        direction: 'incoming' as const,
        author: text.startsWith('note:') ? ('agent' as const) : ('contact' as const),
        content: text,
        private: text.startsWith('note:'),
        createdAt: new Date(start.getTime() + index * 60_000),
      })),
    );
    return conversation;
  };

  const find = (workspaceId: WorkspaceId, query: string, more: Partial<ConversationSearchRequest> = {}) =>
    search.find(workspaceId, { query, includePrivate: true, page: 1, pageSize: 20, ...more });

  const idsOf = (page: { results: Array<{ conversation: { id: string } }> }): string[] =>
    page.results.map((result) => result.conversation.id);

  it('splits a query into lower-cased words of letters and digits, in any script', () => {
    expect(searchTerms('Refund for ORDER #4512, s.v.p.!')).toEqual(['refund', 'for', 'order', '4512', 's', 'v', 'p']);
    expect(searchTerms('Rückerstattung für Bestellung')).toEqual(['rückerstattung', 'für', 'bestellung']);
    expect(searchTerms('  --- ')).toEqual([]);
  });

  it('ranks the conversation whose messages match best first, with its best messages highlighted', async () => {
    const inbox = await inboxOf(a);
    const once = await conversationWith(a, inbox, ['hello there', 'my parcel arrived damaged yesterday']);
    const often = await conversationWith(a, inbox, [
      'the parcel is damaged, the parcel box too',
      'damaged parcel again, I want a refund for the parcel',
      'thanks',
    ]);

    const page = await find(a, 'damaged parcel');

    expect(idsOf(page)).toEqual([often.id, once.id]);
    expect(page.total).toBe(2);
    const [best, second] = page.results;
    expect(best.matchingMessages).toBe(2);
    expect(best.rank).toBeGreaterThan(second.rank);
    expect(best.messages).toHaveLength(2);
    const { start, stop } = SEARCH_HIGHLIGHT;
    expect(best.messages[0].highlight).toContain(`${start}parcel${stop}`);
    expect(second.messages[0].highlight).toBe(`my ${start}parcel${stop} arrived ${start}damaged${stop} yesterday`);
    expect(best.conversation.inbox?.id).toBe(inbox);
    expect(best.conversation.contact?.id).toBe(often.contactId);
  });

  it('matches the start of a word (refund finds refunded), but short words only whole', async () => {
    const inbox = await inboxOf(a);
    const refunded = await conversationWith(a, inbox, ['you refunded me twice, zebrafish']);
    await conversationWith(a, inbox, ['an zebra is not a fish']);

    expect(idsOf(await find(a, 'REFUND zebra'))).toEqual([refunded.id]);
    expect(idsOf(await find(a, 'zebrafish an'))).toEqual([]);
  });

  it('matches English stems, other languages by the start of the word, and never drops a stop word', async () => {
    const inbox = await inboxOf(a);
    const english = await conversationWith(a, inbox, ['I was told the refund is pending']);
    const german = await conversationWith(a, inbox, ['Wo bleiben meine Rückerstattungen?']);
    const stopWords = await conversationWith(a, inbox, ['what about the wallaby']);

    expect(idsOf(await find(a, 'refunds pending'))).toEqual([english.id]);
    expect(idsOf(await find(a, 'rückerstattung'))).toEqual([german.id]);
    expect(idsOf(await find(a, 'what wallaby'))).toEqual([stopWords.id]);
    const { start, stop } = SEARCH_HIGHLIGHT;
    const refunds = await find(a, 'refunds', { conversationIds: [english.id] });
    expect(refunds.results[0].messages[0].highlight).toContain(`${start}refund${stop}`);
  });

  it('pages through the matches, counting them all', async () => {
    const inbox = await inboxOf(a);
    const made = [];
    for (let index = 0; index < 5; index++) made.push(await conversationWith(a, inbox, [`quokka number ${index}`]));

    const first = await find(a, 'quokka', { pageSize: 2 });
    const third = await find(a, 'quokka', { pageSize: 2, page: 3 });
    const beyond = await find(a, 'quokka', { pageSize: 2, page: 4 });

    expect(first.total).toBe(5);
    expect(first.results).toHaveLength(2);
    expect(third.results).toHaveLength(1);
    expect(beyond).toEqual({ total: 5, results: [] });
    const seen = [...idsOf(first), ...idsOf(await find(a, 'quokka', { pageSize: 2, page: 2 })), ...idsOf(third)];
    expect(new Set(seen)).toEqual(new Set(made.map((conversation) => conversation.id)));
  });

  it('searches internal notes for agents only', async () => {
    const inbox = await inboxOf(a);
    const noted = await conversationWith(a, inbox, ['my order is late', 'note: customer is a wombat breeder']);

    const forAgents = await find(a, 'wombat');
    expect(idsOf(forAgents)).toEqual([noted.id]);
    expect(forAgents.results[0].messages[0].private).toBe(true);
    expect(await find(a, 'wombat', { includePrivate: false })).toEqual({ total: 0, results: [] });
    const orderForIntegrations = await find(a, 'order late', { includePrivate: false });
    expect(orderForIntegrations.results[0].messages.every((message) => !message.private)).toBe(true);
  });

  it('filters by conversation status, channel, assignee and contact', async () => {
    const widget = await inboxOf(a, 'widget');
    const email = await inboxOf(a, 'email');
    const byWidget = await conversationWith(a, widget, ['platypus question']);
    const byEmail = await conversationWith(a, email, ['platypus by mail']);
    const agent = await dataSource
      .getRepository(Agent)
      .save({ workspaceId: a, email: `agent-${++sequence}@example.test`, name: 'Ana' });
    await dataSource.getRepository(Conversation).update({ id: byEmail.id }, { owner: 'agent', assigneeId: agent.id });

    expect(idsOf(await find(a, 'platypus', { channel: 'email' }))).toEqual([byEmail.id]);
    expect(idsOf(await find(a, 'platypus', { channel: 'slack' }))).toEqual([]);
    expect(idsOf(await find(a, 'platypus', { owner: 'bot' }))).toEqual([byWidget.id]);
    expect(idsOf(await find(a, 'platypus', { owner: 'agent' }))).toEqual([byEmail.id]);
    expect(idsOf(await find(a, 'platypus', { assigneeId: agent.id }))).toEqual([byEmail.id]);
    expect(idsOf(await find(a, 'platypus', { contactId: byWidget.contactId }))).toEqual([byWidget.id]);
  });

  it('filters by when the matching message was written, from included and to excluded', async () => {
    const inbox = await inboxOf(a);
    const march = await conversationWith(a, inbox, ['axolotl in march'], new Date('2026-03-10T12:00:00Z'));
    const april = await conversationWith(a, inbox, ['axolotl in april'], new Date('2026-04-10T12:00:00Z'));

    const from = new Date('2026-03-10T12:00:00Z');
    expect(idsOf(await find(a, 'axolotl', { from, to: new Date('2026-04-01T00:00:00Z') }))).toEqual([march.id]);
    expect(idsOf(await find(a, 'axolotl', { from: new Date('2026-04-01T00:00:00Z') }))).toEqual([april.id]);
    expect(idsOf(await find(a, 'axolotl', { to: from }))).toEqual([]);
  });

  it('keeps to the conversations another lib chose (a ticket filter), none when it chose none', async () => {
    const inbox = await inboxOf(a);
    const chosen = await conversationWith(a, inbox, ['narwhal tusk']);
    await conversationWith(a, inbox, ['narwhal song']);

    expect(idsOf(await find(a, 'narwhal', { conversationIds: [chosen.id] }))).toEqual([chosen.id]);
    expect(await find(a, 'narwhal', { conversationIds: [] })).toEqual({ total: 0, results: [] });
  });

  it("never finds another workspace's conversations", async () => {
    const inboxA = await inboxOf(a);
    const inboxB = await inboxOf(b);
    const ofA = await conversationWith(a, inboxA, ['capybara secret of A']);
    const ofB = await conversationWith(b, inboxB, ['capybara secret of B', 'note: capybara note of B']);

    expect(idsOf(await find(a, 'capybara'))).toEqual([ofA.id]);
    expect(idsOf(await find(b, 'capybara'))).toEqual([ofB.id]);
    // Even handed the other workspace's conversation ids.
    expect(await find(a, 'capybara', { conversationIds: [ofB.id] })).toEqual({ total: 0, results: [] });
  });
});
