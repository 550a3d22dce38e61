import { EventEmitterModule } from '@nestjs/event-emitter';
import { Test, TestingModule } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import {
  CHANNEL_ADAPTERS,
  ChannelAdapter,
  ChannelSendContext,
  ChannelsModule,
  MessageDeliveryService,
  WidgetAdapter,
} from '@switchboard/channels';
import { ConfigModule } from '@switchboard/config';
import { ConversationMessagesService, ConversationOwnershipService, InboxesService } from '@switchboard/conversations';
import {
  Agent,
  DEFAULT_WORKSPACE_SETTINGS,
  DatabaseModule,
  Message,
  OutboxEntry,
  Workspace,
  WorkspaceId,
  asWorkspaceId,
} from '@switchboard/database';
import { QueueModule } from '@switchboard/queue';
import { DataSource } from 'typeorm';
import { TestEnvironment, createTestEnvironment } from '../../../test/support/test-environment';
import { CustomerTurnService } from './customer-turn.service';
import { HandoffModule } from './handoff.module';

/** A channel without a live stream, standing for e-mail: sends are recorded, and can be made to fail. */
class RecordingQueuedAdapter implements ChannelAdapter {
  readonly channel = 'email' as const;
  readonly capabilities = {
    streaming: false,
    threads: true,
    richButtons: false,
    typingIndicator: false,
    realtime: false,
    internalKnowledge: false,
  };
  readonly sent: ChannelSendContext[] = [];
  failNext = false;

  send(context: ChannelSendContext): Promise<{ externalId: string }> {
    if (this.failNext) {
      this.failNext = false;
      return Promise.reject(new Error('SMTP 451 try again later'));
    }
    this.sent.push(context);
    return Promise.resolve({ externalId: `<${context.message.id}@mail.test>` });
  }
}

/** The queued path (Slack, e-mail): answers and deliveries are jobs written with the change that causes them. */
describe('queued channels', () => {
  let environment: TestEnvironment;
  let moduleRef: TestingModule;
  let dataSource: DataSource;
  let messages: ConversationMessagesService;
  const adapter = new RecordingQueuedAdapter();

  beforeAll(async () => {
    environment = await createTestEnvironment('queued');
    moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot('api', environment.config('api')),
        DatabaseModule,
        EventEmitterModule.forRoot(),
        QueueModule.forRoot({ relay: false }),
        ChannelsModule,
        HandoffModule,
      ],
    })
      .overrideProvider(CHANNEL_ADAPTERS)
      .useFactory({ factory: (widget: WidgetAdapter) => [widget, adapter], inject: [WidgetAdapter] })
      .compile();
    moduleRef.useLogger(false);
    await moduleRef.init();
    dataSource = moduleRef.get(getDataSourceToken());
    messages = moduleRef.get(ConversationMessagesService);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await environment?.destroy();
  });

  async function emailConversation(): Promise<{ workspaceId: WorkspaceId; conversationId: string }> {
    const saved = await dataSource
      .getRepository(Workspace)
      .save({ name: 'Mail', settings: { ...DEFAULT_WORKSPACE_SETTINGS, confidenceThreshold: 0 } });
    const workspaceId = asWorkspaceId(saved.id);
    const { inbox } = await moduleRef.get(InboxesService).create(workspaceId, { name: 'Support', channel: 'email' });
    const opened = await messages.openConversation(workspaceId, { inboxId: inbox.id, sourceId: 'ann@example.test' });
    return { workspaceId, conversationId: opened.conversation.id };
  }

  const jobs = (workspaceId: WorkspaceId, jobName: string) =>
    dataSource.getRepository(OutboxEntry).find({ where: { workspaceId, jobName } });

  it('writes the answer job with the customer message, once per message id, and answers it once', async () => {
    const { workspaceId, conversationId } = await emailConversation();
    const input = { content: 'Where is my parcel?', clientMessageId: '<q1@mail.test>', answerLater: true };
    const first = await messages.receiveCustomerMessage(workspaceId, conversationId, input);
    const repeat = await messages.receiveCustomerMessage(workspaceId, conversationId, input);
    expect(repeat).toMatchObject({ duplicate: true, message: { id: first.message.id } });
    const answerJobs = await jobs(workspaceId, 'answers.answer-message');
    expect(answerJobs.map((job) => job.payload)).toEqual([
      { workspaceId, conversationId, messageId: first.message.id },
    ]);

    const turns = moduleRef.get(CustomerTurnService);
    const outcome = await turns.answerStored(workspaceId, conversationId, first.message.id);
    // A redelivered job finds the reply and stays silent.
    await expect(turns.answerStored(workspaceId, conversationId, first.message.id)).resolves.toEqual({
      kind: 'silent',
    });
    expect(outcome.kind).not.toBe('silent');
    const botMessages = await dataSource
      .getRepository(Message)
      .find({ where: { workspaceId, conversationId, author: 'bot' } });
    expect(botMessages).toHaveLength(1);
    // Its delivery job was written in the same transaction as the bot's message.
    const deliveries = await jobs(workspaceId, 'outbound.deliver-message');
    expect(deliveries.map((job) => job.payload)).toEqual([
      { workspaceId, conversationId, messageId: botMessages[0].id },
    ]);
  });

  it('delivers through the channel once, retrying a failure, and never queues internal notes', async () => {
    const { workspaceId, conversationId } = await emailConversation();
    const agent = await dataSource
      .getRepository(Agent)
      .save({ workspaceId, email: 'ops@example.test', name: 'Ops', role: 'agent', lastSeenAt: new Date() });
    const ownership = moduleRef.get(ConversationOwnershipService);
    await ownership.apply(workspaceId, conversationId, 'hand_off');
    await ownership.apply(workspaceId, conversationId, 'claim', { agentId: agent.id });
    await messages.addAgentMessage(workspaceId, conversationId, agent.id, 'note to self', { private: true });
    const reply = await messages.addAgentMessage(workspaceId, conversationId, agent.id, 'Your parcel left today.');
    const deliveries = await jobs(workspaceId, 'outbound.deliver-message');
    expect(deliveries.map((job) => job.payload)).toEqual([{ workspaceId, conversationId, messageId: reply.id }]);

    const delivery = moduleRef.get(MessageDeliveryService);
    adapter.failNext = true;
    await expect(delivery.deliver(workspaceId, reply.id, { finalAttempt: false })).rejects.toThrow('451');
    const pending = await dataSource.getRepository(Message).findOneByOrFail({ id: reply.id });
    expect(pending.deliveryStatus).toBe('pending');
    await expect(delivery.deliver(workspaceId, reply.id, { finalAttempt: false })).resolves.toBe('sent');
    await expect(delivery.deliver(workspaceId, reply.id)).resolves.toBe('already_sent');
    expect(adapter.sent.filter((sent) => sent.message.id === reply.id)).toHaveLength(1);
    const sent = await dataSource.getRepository(Message).findOneByOrFail({ id: reply.id });
    expect(sent).toMatchObject({ deliveryStatus: 'sent', metadata: { externalId: `<${reply.id}@mail.test>` } });
  });
});
