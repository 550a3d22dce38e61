import { TestingModule } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Agent, WorkspaceId } from '@switchboard/database';
import { DataSource } from 'typeorm';
import { createTestWorkspaces } from '../../../test/support/test-data-source';
import { TestEnvironment, createTestEnvironment } from '../../../test/support/test-environment';
import { initTestModule } from '../../../test/support/test-module';
import { ConversationMessagesService } from './conversation-messages.service';
import { ConversationsModule } from './conversations.module';
import { InboxesService } from './inboxes.service';

/** The reads the widget and the console ask of the conversations lib: each scoped to its workspace. */
describe('conversation reads for the widget and the console', () => {
  let environment: TestEnvironment;
  let moduleRef: TestingModule;
  let messages: ConversationMessagesService;
  let inboxes: InboxesService;
  let dataSource: DataSource;
  let a: WorkspaceId;
  let b: WorkspaceId;
  let inboxA: string;
  let inboxB: string;
  let sequence = 0;

  beforeAll(async () => {
    environment = await createTestEnvironment('conversation_reads');
    moduleRef = await initTestModule(environment, { imports: [ConversationsModule] });
    messages = moduleRef.get(ConversationMessagesService);
    inboxes = moduleRef.get(InboxesService);
    dataSource = moduleRef.get<DataSource>(getDataSourceToken());
    [a, b] = await createTestWorkspaces(dataSource, 'A', 'B');
    inboxA = (await inboxes.create(a, { name: 'Site A', channel: 'widget' })).inbox.id;
    inboxB = (await inboxes.create(b, { name: 'Site B', channel: 'widget' })).inbox.id;
  });

  afterAll(async () => {
    await moduleRef?.close();
    await environment?.destroy();
  });

  const open = async (workspaceId: WorkspaceId, inboxId: string, sourceId = `visitor-${++sequence}`) =>
    (await messages.openConversation(workspaceId, { inboxId, sourceId, name: sourceId, email: null })).conversation;

  const agentOf = async (workspaceId: WorkspaceId): Promise<string> =>
    (
      await dataSource
        .getRepository(Agent)
        .save({ workspaceId, email: `agent-${++sequence}@example.test`, name: 'Ana' })
    ).id;

  it('finds an inbox by its channel and public key, whatever its workspace, with its secrets', async () => {
    const created = await inboxes.create(b, { name: 'Shop', channel: 'widget' });

    const found = await inboxes.findByPublicKeyWithSecrets('widget', created.inbox.publicKey);
    expect(found).toMatchObject({ id: created.inbox.id, workspaceId: b, name: 'Shop', channel: 'widget' });
    expect(found?.secrets.identitySecret).toBe(created.identitySecret);
    expect(await inboxes.findByPublicKeyWithSecrets('slack', created.inbox.publicKey)).toBeNull();
    expect(await inboxes.findByPublicKeyWithSecrets('widget', 'ib_unknown')).toBeNull();
  });

  it('finds a message only in its workspace and conversation, and a note only when notes are asked for', async () => {
    const conversation = await open(a, inboxA);
    const other = await open(a, inboxA);
    const { message } = await messages.receiveCustomerMessage(a, conversation.id, { content: 'hello' });
    const note = await messages.addAgentMessage(a, conversation.id, await agentOf(a), 'internal', { private: true });

    expect((await messages.findMessage(a, message.id, { includePrivate: false }))?.content).toBe('hello');
    expect(
      (await messages.findMessage(a, message.id, { conversationId: conversation.id, includePrivate: false }))?.id,
    ).toBe(message.id);
    expect(await messages.findMessage(a, message.id, { conversationId: other.id, includePrivate: false })).toBeNull();
    expect(await messages.findMessage(b, message.id, { includePrivate: true })).toBeNull();
    expect(await messages.findMessage(a, note.id, { includePrivate: false })).toBeNull();
    expect((await messages.findMessage(a, note.id, { includePrivate: true }))?.content).toBe('internal');
    expect(await messages.findMessage(a, 'not-a-uuid', { includePrivate: true })).toBeNull();
    expect(await messages.findMessage(a, message.id, { conversationId: 'nope', includePrivate: true })).toBeNull();
  });

  it("gives a visitor's latest conversation in the inbox, none for a visitor without one", async () => {
    const first = await open(a, inboxA, 'returning');
    const second = await messages.openConversation(a, { inboxId: inboxA, sourceId: 'returning' });
    await open(a, inboxA, 'someone-else');

    expect(first.id).not.toBe(second.conversation.id);
    expect(await messages.latestConversationId(a, inboxA, 'returning')).toBe(second.conversation.id);
    expect(await messages.latestConversationId(a, inboxA, 'never-seen')).toBeNull();
    expect(await messages.latestConversationId(b, inboxA, 'returning')).toBeNull();
  });

  it("changes a contact's name and e-mail only in its own workspace", async () => {
    const conversation = await open(a, inboxA, 'renamed');
    await messages.updateContact(b, conversation.contactId, { name: 'Intruder' });
    await messages.updateContact(a, conversation.contactId, { email: 'kim@example.test' });

    const [withParties] = await messages.conversationsWithParties(a, [conversation.id]);
    expect(withParties?.contact).toMatchObject({ name: 'renamed', email: 'kim@example.test' });
  });

  it('loads conversations with their inbox and contact, leaving out unknown ids and other workspaces', async () => {
    const mine = await open(a, inboxA, 'with-parties');
    const theirs = await open(b, inboxB);

    const found = await messages.conversationsWithParties(a, [mine.id, mine.id, theirs.id, 'not-a-uuid']);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      id: mine.id,
      inbox: { id: inboxA, name: 'Site A', channel: 'widget' },
      contact: { id: mine.contactId, name: 'with-parties' },
    });
    expect(await messages.conversationsWithParties(a, [])).toEqual([]);
  });

  it("gives each conversation's latest message the customer could see, skipping notes and activity lines", async () => {
    const talked = await open(a, inboxA);
    const silent = await open(a, inboxA);
    await messages.receiveCustomerMessage(a, talked.id, { content: 'first' });
    await messages.receiveCustomerMessage(a, talked.id, { content: 'second' });
    await messages.addAgentMessage(a, talked.id, await agentOf(a), 'a note', { private: true });
    await messages.addActivity(a, talked.id, 'Handed off to a person');

    const last = await messages.lastVisibleMessages(a, [talked.id, silent.id]);
    expect([...last.keys()]).toEqual([talked.id]);
    expect(last.get(talked.id)).toMatchObject({ content: 'second', author: 'contact' });
    expect(last.get(talked.id)?.createdAt).toBeInstanceOf(Date);
    expect((await messages.lastVisibleMessages(b, [talked.id])).size).toBe(0);
  });
});
