import { TestingModule } from '@nestjs/testing';
import { CsatModule } from '@switchboard/csat';
import { getDataSourceToken } from '@nestjs/typeorm';
import { AuthModule } from '@switchboard/auth';
import {
  ConversationMessagesService,
  ConversationsModule,
  InboxesService,
  WorkspacesService,
} from '@switchboard/conversations';
import { Conversation, Inbox, Message, asWorkspaceId } from '@switchboard/database';
import { DataSource } from 'typeorm';
import { QueueModule } from '@switchboard/queue';
import { TestEnvironment, createTestEnvironment } from '../../../../test/support/test-environment';
import { initTestModule } from '../../../../test/support/test-module';
import { ChannelsModule } from '../channels.module';
import { SlackAgentActionsService } from './slack-agent-actions.service';
import { SlackHandoff } from './slack-handoff';
import { SlackReceiverService } from './slack-receiver.service';

/** Handoff is not asked anything here: questions only. */
class UnusedHandoff implements SlackHandoff {
  requestHuman(): Promise<void> {
    return Promise.reject(new Error('not asked in this spec'));
  }

  recordFeedback(): Promise<void> {
    return Promise.reject(new Error('not asked in this spec'));
  }

  claim(): Promise<boolean> {
    return Promise.reject(new Error('not asked in this spec'));
  }
}

const mention = (ts: string, threadTs?: string) => ({
  type: 'event_callback',
  authorizations: [{ user_id: 'UBOT' }],
  event: {
    type: 'app_mention',
    channel: 'CGENERAL',
    user: 'UALICE',
    text: '<@UBOT> Where is my parcel?',
    ts,
    thread_ts: threadTs,
  },
});

describe('SlackReceiverService', () => {
  let environment: TestEnvironment;
  let moduleRef: TestingModule;
  let receiver: SlackReceiverService;
  let messages: ConversationMessagesService;
  let inbox: Inbox;
  let dataSource: DataSource;

  beforeAll(async () => {
    environment = await createTestEnvironment('slack-receiver');
    moduleRef = await initTestModule(environment, {
      imports: [QueueModule.forRoot({ relay: false }), ConversationsModule, ChannelsModule, AuthModule, CsatModule],
      providers: [SlackReceiverService, SlackAgentActionsService, { provide: SlackHandoff, useClass: UnusedHandoff }],
    });
    receiver = moduleRef.get(SlackReceiverService);
    messages = moduleRef.get(ConversationMessagesService);
    dataSource = moduleRef.get(getDataSourceToken());
    const workspace = await moduleRef.get(WorkspacesService).createWith('Shoes', undefined, async (created) => created);
    const created = await moduleRef.get(InboxesService).create(asWorkspaceId(workspace.id), {
      name: 'Staff Slack',
      channel: 'slack',
      settings: { mode: 'mention' },
      credentials: { botToken: 'xoxb-test', signingSecret: 'secret' },
    });
    inbox = created.inbox;
  });

  afterAll(async () => {
    await moduleRef?.close();
    await environment?.destroy();
  });

  const threadConversations = async (threadId: string) => {
    const found = await messages.findConversation(inbox.workspaceId, { inboxId: inbox.id, externalThreadId: threadId });
    return found ? messages.history(inbox.workspaceId, found.id, { includePrivate: true }) : [];
  };

  it("stores a mention once, in one conversation of its thread, while Slack's retries race it", async () => {
    // Alice is a known contact: nothing but the thread's lock stands between the deliveries.
    await receiver.handleEvent(inbox, mention('1700000000.000001'));
    const retried = mention('1700000000.000002');
    await Promise.all(Array.from({ length: 8 }, () => receiver.handleEvent(inbox, retried)));

    const stored = await dataSource
      .getRepository(Message)
      .find({ where: { workspaceId: inbox.workspaceId, clientMessageId: 'slack:CGENERAL:1700000000.000002' } });
    expect(stored).toHaveLength(1);
    const conversations = await dataSource
      .getRepository(Conversation)
      .find({ where: { workspaceId: inbox.workspaceId, externalThreadId: 'CGENERAL:1700000000.000002' } });
    expect(conversations.map((conversation) => conversation.id)).toEqual([stored[0]?.conversationId]);
  });

  it('keeps a follow-up mention in its thread, and opens a new conversation for each /ask', async () => {
    await receiver.handleEvent(inbox, mention('1700000000.000010'));
    await receiver.handleEvent(inbox, mention('1700000000.000011', '1700000000.000010'));
    const thread = await threadConversations('CGENERAL:1700000000.000010');
    expect(thread.map((message) => message.clientMessageId)).toEqual([
      'slack:CGENERAL:1700000000.000010',
      'slack:CGENERAL:1700000000.000011',
    ]);

    const ask = { text: 'How do refunds work?', channel_id: 'CGENERAL', user_id: 'UALICE' };
    await receiver.handleCommand(inbox, { ...ask, trigger_id: 't1' }, '1700000000');
    await receiver.handleCommand(inbox, { ...ask, trigger_id: 't2' }, '1700000001');
    const first = await messages.findConversation(inbox.workspaceId, {
      inboxId: inbox.id,
      externalThreadId: 'CGENERAL:',
    });
    expect(first).not.toBeNull();
    const asked = await messages.history(inbox.workspaceId, first?.id ?? '', { includePrivate: true });
    expect(asked.map((message) => message.clientMessageId)).toEqual(['slack:ask:t1']);
  });
});
