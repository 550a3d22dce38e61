import { Agent, Contact, Conversation, Inbox, Message, TenantRepository, WorkspaceId } from '@switchboard/database';
import { DataSource } from 'typeorm';
import { TestDataSource, createTestWorkspaces, openTestDataSource } from '../../../test/support/test-data-source';
import { ContactsRepository } from './contacts.repository';
import { ConversationsRepository } from './conversations.repository';
import { InboxesRepository } from './inboxes.repository';
import { MessagesRepository, NewMessage } from './messages.repository';

/** The messages, contacts and inboxes repositories: what they add to TenantRepository, always within a workspace. */
describe('conversations lib repositories', () => {
  let database: TestDataSource;
  let dataSource: DataSource;
  let messages: MessagesRepository;
  let contacts: ContactsRepository;
  let inboxes: InboxesRepository;
  let conversations: ConversationsRepository;
  let a: WorkspaceId;
  let b: WorkspaceId;
  let sequence = 0;

  beforeAll(async () => {
    database = await openTestDataSource('conversation_repositories');
    dataSource = database.dataSource;
    messages = new MessagesRepository(dataSource.getRepository(Message));
    contacts = new ContactsRepository(dataSource.getRepository(Contact));
    inboxes = new InboxesRepository(dataSource.getRepository(Inbox));
    conversations = new ConversationsRepository(dataSource.getRepository(Conversation));
    [a, b] = await createTestWorkspaces(dataSource, 'A', 'B');
  });

  afterAll(async () => database?.destroy());

  const widgetInbox = (workspaceId: WorkspaceId, settings: Record<string, unknown> = {}) =>
    inboxes.create(workspaceId, { name: 'Site', channel: 'widget', publicKey: `ib_${++sequence}`, settings });

  async function conversationOf(workspaceId: WorkspaceId): Promise<Conversation> {
    const inbox = await widgetInbox(workspaceId);
    const { contact } = await contacts.createForSource(workspaceId, {
      inboxId: inbox.id,
      sourceId: `visitor-${++sequence}`,
      name: null,
      email: null,
      externalId: null,
    });
    return conversations.create(workspaceId, { inboxId: inbox.id, contactId: contact.id, owner: 'bot' });
  }

  const customerSays = (content: string, clientMessageId: string | null = null): NewMessage => ({
    direction: 'incoming',
    author: 'contact',
    content,
    clientMessageId,
    kind: 'message',
    metadata: {},
  });

  it('stores a message once per client message id: a retry writes nothing and finds the stored one', async () => {
    const conversation = await conversationOf(a);
    const stored = await messages.insertUnlessRetry(a, conversation.id, customerSays('hi', 'c-1'));
    expect(stored).toMatchObject({ workspaceId: a, conversationId: conversation.id, content: 'hi', kind: 'message' });
    expect(await messages.insertUnlessRetry(a, conversation.id, customerSays('hi again', 'c-1'))).toBeNull();
    expect((await messages.findRetry(a, conversation.id, 'c-1'))?.id).toBe(stored!.id);
    expect(await messages.findRetry(b, conversation.id, 'c-1')).toBeNull();
    expect(await messages.count(a, { conversationId: conversation.id })).toBe(1);
  });

  it('stores a message in one statement only while the bot owns the conversation, marking its activity', async () => {
    const conversation = await conversationOf(a);
    const stored = await messages.insertWhileBotOwns(a, conversation.id, {
      direction: 'incoming',
      author: 'contact',
      content: 'hello',
      clientMessageId: 'c-1',
      kind: 'message',
      metadata: { ownerAtReceipt: 'bot' },
    });
    expect(stored?.message).toMatchObject({
      workspaceId: a,
      conversationId: conversation.id,
      content: 'hello',
      kind: 'message',
    });
    expect(stored?.message.metadata).toEqual({ ownerAtReceipt: 'bot' });
    expect(stored?.dialogueBefore).toEqual([]);
    const touched = await conversations.findById(a, conversation.id);
    expect(touched!.version).toBe(conversation.version + 1);
    expect(touched!.lastActivityAt.getTime()).toBeGreaterThan(conversation.lastActivityAt.getTime());
    // A retry, another workspace, and a conversation people own: nothing is written.
    expect(await messages.insertWhileBotOwns(a, conversation.id, customerSays('hello', 'c-1'))).toBeNull();
    expect(await messages.insertWhileBotOwns(b, conversation.id, customerSays('from b'))).toBeNull();
    await conversations.update(a, conversation.id, { owner: 'queued' });
    expect(await messages.insertWhileBotOwns(a, conversation.id, customerSays('to people'))).toBeNull();
    expect(
      (await messages.newest(a, conversation.id, { includePrivate: true, limit: 10 })).map((m) => m.content),
    ).toEqual(['hello']);
  });

  it('opens a new visitor’s contact, identity and bot-owned conversation in one statement', async () => {
    const inbox = await widgetInbox(a);
    const visitor = { inboxId: inbox.id, sourceId: `visitor-${++sequence}`, name: 'Ada', email: 'ada@example.com' };
    const { contactId, conversationId } = await conversations.openForNewContact(a, visitor);
    expect(await conversations.findById(a, conversationId)).toMatchObject({
      inboxId: inbox.id,
      contactId,
      owner: 'bot',
    });
    expect(await contacts.findBySource(a, inbox.id, visitor.sourceId)).toMatchObject({
      contact: { id: contactId, name: 'Ada', email: 'ada@example.com', attributes: {} },
    });
    expect(await conversations.latestIdOfSource(a, inbox.id, visitor.sourceId)).toBe(conversationId);
    expect(await conversations.findById(b, conversationId)).toBeNull();
  });

  it('reads, in the same statement, the dialogue before the message it stores, newest first, without notes', async () => {
    const conversation = await conversationOf(a);
    const store = (values: NewMessage) => messages.insertUnlessRetry(a, conversation.id, values);
    const outgoing = { direction: 'outgoing', content: 'reply' } as const;
    await store(customerSays('first'));
    await store({ ...outgoing, author: 'bot', content: 'an answer', kind: 'answer', metadata: { confidence: 0.9 } });
    await store({ ...outgoing, author: 'agent', content: 'a note', private: true, kind: 'message', metadata: {} });
    await store(customerSays('second'));
    const stored = await messages.insertWhileBotOwns(a, conversation.id, customerSays('third'), { dialogueBefore: 2 });
    expect(stored?.dialogueBefore.map((m) => [m.author, m.content])).toEqual([
      ['contact', 'second'],
      ['bot', 'an answer'],
    ]);
    expect(stored?.dialogueBefore[1]).toMatchObject({ kind: 'answer', metadata: { confidence: 0.9 } });
    expect(stored?.dialogueBefore[0].createdAt).toBeInstanceOf(Date);
  });

  it('marks only a pending public outgoing message sent', async () => {
    const conversation = await conversationOf(a);
    const outgoing = (privateNote: boolean) =>
      messages.insertUnlessRetry(a, conversation.id, {
        direction: 'outgoing',
        author: 'agent',
        content: 'reply',
        private: privateNote,
        deliveryStatus: 'pending',
        kind: 'message',
        metadata: {},
      });
    const reply = (await outgoing(false))!;
    const note = (await outgoing(true))!;
    await messages.markSentIfPending(b, reply.id);
    expect((await messages.findById(a, reply.id))?.deliveryStatus).toBe('pending');
    await messages.markSentIfPending(a, reply.id);
    await messages.markSentIfPending(a, note.id);
    expect((await messages.findById(a, reply.id))?.deliveryStatus).toBe('sent');
    expect((await messages.findById(a, note.id))?.deliveryStatus).toBe('pending');
  });

  it('reads the dialogue newest first without notes or system lines, and tells whether the bot replied', async () => {
    const conversation = await conversationOf(a);
    const question = (await messages.insertUnlessRetry(a, conversation.id, customerSays('where is it?')))!;
    await messages.insertUnlessRetry(a, conversation.id, {
      direction: 'outgoing',
      author: 'agent',
      content: 'a note',
      private: true,
      kind: 'message',
      metadata: {},
    });
    await messages.insertUnlessRetry(a, conversation.id, {
      direction: 'activity',
      author: 'system',
      content: 'Handed off',
      kind: 'activity',
      metadata: {},
    });
    expect(await messages.botRepliedTo(a, conversation.id, question.id)).toBe(false);
    await messages.insertUnlessRetry(a, conversation.id, {
      direction: 'outgoing',
      author: 'bot',
      content: 'On its way.',
      replyToMessageId: question.id,
      kind: 'answer',
      metadata: { confidence: 0.9, threshold: 0.8, citations: [] },
    });
    expect(await messages.botRepliedTo(a, conversation.id, question.id)).toBe(true);
    expect(await messages.botRepliedTo(b, conversation.id, question.id)).toBe(false);
    const dialogue = await messages.newestDialogue(a, conversation.id, 10);
    expect(dialogue.map((message) => message.content)).toEqual(['On its way.', 'where is it?']);
    expect(await messages.findByAuthor(a, conversation.id, question.id, 'bot')).toBeNull();
    expect((await messages.findByAuthor(a, conversation.id, question.id, 'contact'))?.id).toBe(question.id);
    expect(await messages.findByAuthor(a, conversation.id, 'not-a-uuid', 'contact')).toBeNull();
  });

  it('counts ratings since a time, per workspace', async () => {
    const conversation = await conversationOf(b);
    const answer = (await messages.insertUnlessRetry(b, conversation.id, {
      direction: 'outgoing',
      author: 'bot',
      content: 'answer',
      kind: 'answer',
      metadata: { confidence: 0.9, threshold: 0.8, citations: [] },
    }))!;
    const since = new Date(answer.createdAt.getTime() - 1000);
    expect(await messages.feedbackCountsSince(b, since)).toEqual({ up: 0, down: 0 });
    await messages.setFeedback(b, answer.id, 'down');
    expect(await messages.feedbackCountsSince(b, since)).toEqual({ up: 0, down: 1 });
    expect(await messages.feedbackCountsSince(a, since)).toEqual({ up: 0, down: 0 });
  });

  it('creates a contact per inbox and source once: a second creation keeps the first and drops its own', async () => {
    const inbox = await widgetInbox(a);
    const identity = { inboxId: inbox.id, sourceId: 'returning', name: 'Ann', email: null, externalId: null };
    const first = await dataSource.transaction((manager) => contacts.withManager(manager).createForSource(a, identity));
    const second = await dataSource.transaction((manager) =>
      contacts.withManager(manager).createForSource(a, { ...identity, name: 'Someone else' }),
    );
    expect(second.contact.id).toBe(first.contact.id);
    expect(second.contact.name).toBe('Ann');
    expect(await contacts.count(a, { name: 'Someone else' })).toBe(0);
    expect((await contacts.findBySource(a, inbox.id, 'returning'))?.contactInbox.id).toBe(first.contactInbox.id);
    expect(await contacts.findBySource(b, inbox.id, 'returning')).toBeNull();
  });

  it('knows an e-mail address is taken in any workspace, except by the inbox itself', async () => {
    const mail = await inboxes.create(a, {
      name: 'Mail',
      channel: 'email',
      publicKey: `ib_${++sequence}`,
      settings: { address: 'Help@Shop.test' },
    });
    expect(await inboxes.emailAddressTaken('help@shop.test', null)).toBe(true);
    expect(await inboxes.emailAddressTaken('help@shop.test', mail.id)).toBe(false);
    expect(await inboxes.emailAddressTaken('sales@shop.test', null)).toBe(false);
  });

  it('moves the visitor token generation on, and reads secrets and a conversation’s channel only in the workspace', async () => {
    const inbox = await widgetInbox(a);
    await inboxes.replaceCredentials(a, inbox.id, { identitySecret: 's3cret' });
    expect((await inboxes.findById(a, inbox.id))?.secrets).toBeUndefined();
    expect((await inboxes.findWithSecrets(a, inbox.id))?.secrets).toEqual({ identitySecret: 's3cret' });
    expect(await inboxes.findWithSecrets(b, inbox.id)).toBeNull();

    const before = (await inboxes.findById(a, inbox.id))!.visitorTokenGeneration;
    expect(await inboxes.nextVisitorTokenGeneration(a, inbox.id)).toBe(before + 1);
    expect(await inboxes.nextVisitorTokenGeneration(b, inbox.id)).toBeNull();

    const conversation = await conversationOf(a);
    expect(await inboxes.channelOfConversation(a, conversation.id)).toBe('widget');
    expect(await inboxes.channelOfConversation(b, conversation.id)).toBeNull();
  });

  it('accepts as message authors only the workspace’s agents', async () => {
    const agent = await new TenantRepository(dataSource.getRepository(Agent)).create(a, {
      email: 'ana@example.test',
      name: 'Ana',
      role: 'agent',
    });
    expect(await messages.isAgentOf(a, agent.id)).toBe(true);
    expect(await messages.isAgentOf(b, agent.id)).toBe(false);
    expect(await messages.isAgentOf(a, 'not-a-uuid')).toBe(false);
  });
});
