import { EventEmitter2, EventEmitterModule } from '@nestjs/event-emitter';
import { Test, TestingModule } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { ConfigModule } from '@switchboard/config';
import {
  DEFAULT_WORKSPACE_SETTINGS,
  DatabaseModule,
  UnitOfWork,
  CONVERSATION_OWNERS,
  Workspace,
  WorkspaceId,
  asWorkspaceId,
} from '@switchboard/database';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { TestEnvironment, createTestEnvironment } from '../../../test/support/test-environment';
import { ConversationMessagesService } from './conversation-messages.service';
import { ConversationOwnershipService, OwnershipChangedEvent } from './conversation-ownership.service';
import { MESSAGE_CREATED, MessageCreatedEvent } from './conversation.events';
import { ConversationsModule } from './conversations.module';
import { InboxesService } from './inboxes.service';
import { CustomerMessageHooksRegistry } from './message-hooks.registry';

/** Domain events of conversations go out after their transaction commits, and never for one that rolled back. */
describe('conversation events', () => {
  let environment: TestEnvironment;
  let moduleRef: TestingModule;
  let messages: ConversationMessagesService;
  let ownership: ConversationOwnershipService;
  let unitOfWork: UnitOfWork;
  let events: EventEmitter2;
  /** A connection of its own: it sees only what has committed. */
  let observer: Client;
  let workspaceId: WorkspaceId;
  let inboxId: string;
  const failingConversations = new Set<string>();
  let sequence = 0;

  beforeAll(async () => {
    environment = await createTestEnvironment('conversation_events');
    moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot('api', environment.config('api')),
        DatabaseModule,
        EventEmitterModule.forRoot(),
        ConversationsModule,
      ],
    }).compile();
    moduleRef.useLogger(false);
    await moduleRef.init();
    messages = moduleRef.get(ConversationMessagesService);
    ownership = moduleRef.get(ConversationOwnershipService);
    unitOfWork = moduleRef.get(UnitOfWork);
    events = moduleRef.get(EventEmitter2);
    const dataSource = moduleRef.get<DataSource>(getDataSourceToken());
    observer = new Client({ connectionString: environment.database.url });
    await observer.connect();
    const workspace = await dataSource
      .getRepository(Workspace)
      .save({ name: 'Events', settings: DEFAULT_WORKSPACE_SETTINGS });
    workspaceId = asWorkspaceId(workspace.id);
    inboxId = (await moduleRef.get(InboxesService).create(workspaceId, { name: 'Site', channel: 'widget' })).inbox.id;
    // A hook that fails after the message is stored, for the conversations a test marks.
    moduleRef.get(CustomerMessageHooksRegistry).register(async ({ conversation }) => {
      if (failingConversations.has(conversation.id)) throw new Error('the hook failed');
    }, CONVERSATION_OWNERS);
  });

  afterAll(async () => {
    await observer?.end();
    await moduleRef?.close();
    await environment?.destroy();
  });

  const conversation = async (): Promise<string> =>
    (await messages.openConversation(workspaceId, { inboxId, sourceId: `visitor-${++sequence}` })).conversation.id;

  const committedOwner = async (conversationId: string): Promise<string | undefined> =>
    (await observer.query<{ owner: string }>('SELECT owner FROM conversations WHERE id = $1', [conversationId])).rows[0]
      ?.owner;

  const committedMessage = async (messageId: string): Promise<boolean> =>
    (await observer.query('SELECT 1 FROM messages WHERE id = $1', [messageId])).rowCount === 1;

  /** The events of one conversation, in the order published, each with what another connection saw as it arrived. */
  function listen(conversationId: string) {
    const heard: Array<{ name: string; seen: Promise<string | boolean | undefined> }> = [];
    const onOwnership = (event: OwnershipChangedEvent) => {
      if (event.conversationId === conversationId)
        heard.push({ name: event.name, seen: committedOwner(conversationId) });
    };
    const onMessage = (event: MessageCreatedEvent) => {
      if (event.conversationId === conversationId)
        heard.push({ name: event.name, seen: committedMessage(event.messageId) });
    };
    const ownershipNames = ['conversation.handed_off', 'conversation.reopened', 'conversation.resolved'];
    for (const name of ownershipNames) events.on(name, onOwnership);
    events.on(MESSAGE_CREATED, onMessage);
    return {
      heard,
      async settled() {
        for (const name of ownershipNames) events.off(name, onOwnership);
        events.off(MESSAGE_CREATED, onMessage);
        return Promise.all(heard.map(async ({ name, seen }) => ({ name, seen: await seen })));
      },
    };
  }

  it('publishes no ownership event for a unit that rolls back, and keeps the owner', async () => {
    const id = await conversation();
    const listener = listen(id);

    await expect(
      unitOfWork.run(workspaceId, async (work) => {
        await ownership.apply(workspaceId, id, 'hand_off', { work });
        await messages.addActivity(workspaceId, id, 'Handed off', { work });
        throw new Error('the use case failed');
      }),
    ).rejects.toThrow('the use case failed');

    expect(await listener.settled()).toEqual([]);
    expect(await committedOwner(id)).toBe('bot');
  });

  it('publishes the events of a committed unit once each, after the commit, in the order raised', async () => {
    const id = await conversation();
    const listener = listen(id);

    await unitOfWork.run(workspaceId, async (work) => {
      await ownership.apply(workspaceId, id, 'hand_off', { work });
      await messages.addActivity(workspaceId, id, 'Handed off', { work });
      expect(listener.heard).toEqual([]);
    });

    // The listeners, reading from another connection as each event arrived, saw the committed owner and message.
    expect(await listener.settled()).toEqual([
      { name: 'conversation.handed_off', seen: 'queued' },
      { name: MESSAGE_CREATED, seen: true },
    ]);
  });

  it('publishes a reopened conversation and its customer message after commit, and nothing for a duplicate', async () => {
    const id = await conversation();
    await ownership.apply(workspaceId, id, 'resolve');
    const listener = listen(id);

    await messages.receiveCustomerMessage(workspaceId, id, { content: 'Hello again', clientMessageId: 'again' });
    await messages.receiveCustomerMessage(workspaceId, id, { content: 'Hello again', clientMessageId: 'again' });

    expect(await listener.settled()).toEqual([
      { name: 'conversation.reopened', seen: 'bot' },
      { name: MESSAGE_CREATED, seen: true },
    ]);
  });

  it('publishes nothing for a customer message whose hook fails, and stores neither the message nor the reopening', async () => {
    const id = await conversation();
    await ownership.apply(workspaceId, id, 'resolve');
    failingConversations.add(id);
    const listener = listen(id);

    await expect(messages.receiveCustomerMessage(workspaceId, id, { content: 'Hello?' })).rejects.toThrow(
      'the hook failed',
    );

    expect(await listener.settled()).toEqual([]);
    expect(await committedOwner(id)).toBe('resolved');
    expect(await messages.history(workspaceId, id, { includePrivate: true })).toEqual([]);
  });
});
