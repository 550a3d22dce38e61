import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  ConversationMessagesService,
  InboxesService,
  OutgoingMessageContext,
  OutgoingMessageHooksRegistry,
} from '@switchboard/conversations';
import type { Inbox } from '@switchboard/database';
import { WorkspaceId, asWorkspaceId } from '@switchboard/database';
import { OutboxService, isPermanentFailure } from '@switchboard/queue';
import { EntityManager } from 'typeorm';
import { ChannelRegistry } from './channel.registry';

export type DeliveryOutcome = 'sent' | 'already_sent' | 'gone' | 'queued';

/**
 * Sends a stored outgoing message through its conversation's channel. Live channels (the widget) are sent at once
 * by MessageDeliveryListener; queued ones (Slack, e-mail) get an outbound job in the message's own transaction,
 * retried by the worker until the channel accepts it.
 */
@Injectable()
export class MessageDeliveryService implements OnModuleInit {
  constructor(
    private readonly channels: ChannelRegistry,
    private readonly hooks: OutgoingMessageHooksRegistry,
    private readonly outbox: OutboxService,
    private readonly inboxes: InboxesService,
    private readonly messages: ConversationMessagesService,
  ) {}

  onModuleInit(): void {
    this.hooks.register(
      (context) => this.queueIfNotLive(context),
      async (workspaceId, conversationId) => (await this.deliveryOf(workspaceId, conversationId)) === 'queued',
    );
    this.hooks.registerLiveDelivery(
      async (workspaceId, conversationId) => (await this.deliveryOf(workspaceId, conversationId)) === 'live',
    );
  }

  /** Whether the inbox's channel delivers through the live stream rather than the outbound queue. */
  isLive(inbox: Pick<Inbox, 'channel'>): boolean {
    return this.channels.forInbox(inbox).capabilities.realtime;
  }

  /**
   * Sends once: a message already marked sent is skipped (a redelivered job). A failure marks it failed on the
   * final attempt, or at once when it is permanent (see job-retry.ts); before that the queue retries it.
   */
  async deliver(
    workspaceId: WorkspaceId,
    messageId: string,
    options: { finalAttempt?: boolean } = {},
  ): Promise<DeliveryOutcome> {
    const finalAttempt = options.finalAttempt ?? true;
    const message = await this.messages.findMessage(asWorkspaceId(workspaceId), messageId, { includePrivate: true });
    if (!message || message.private) return 'gone';
    if (message.deliveryStatus === 'sent' || message.deliveryStatus === 'delivered') return 'already_sent';
    const conversation = await this.messages.findConversation(workspaceId, { id: message.conversationId });
    const inbox = conversation ? await this.inboxes.getWithSecrets(workspaceId, conversation.inboxId) : null;
    if (!conversation || !inbox) return 'gone';
    try {
      const result = await this.channels.forInbox(inbox).send({ workspaceId, inbox, conversation, message });
      await this.messages.recordDelivery(workspaceId, message, { status: 'sent', externalId: result.externalId });
      return 'sent';
    } catch (error) {
      if (finalAttempt || isPermanentFailure(error)) {
        await this.messages.recordDelivery(workspaceId, message, { status: 'failed' });
      }
      throw error;
    }
  }

  /**
   * A live channel's message has reached the customer through the stream (and history covers reconnects): it is
   * marked sent without reading it back; the channel has nothing to push. Queued channels are left to their job.
   */
  async deliverLive(workspaceId: WorkspaceId, conversationId: string, messageId: string): Promise<DeliveryOutcome> {
    const delivery = await this.deliveryOf(workspaceId, conversationId);
    if (delivery !== 'live') return delivery ?? 'gone';
    await this.messages.markSentOnStream(workspaceId, messageId);
    return 'sent';
  }

  private async queueIfNotLive({ manager, workspaceId, conversationId, message }: OutgoingMessageContext) {
    if ((await this.deliveryOf(workspaceId, conversationId, manager)) !== 'queued') return;
    await this.outbox.add(manager, 'outbound.deliver-message', { workspaceId, conversationId, messageId: message.id });
  }

  /**
   * How the conversation's channel delivers: through the live stream, or the outbound queue; null for a conversation
   * this workspace does not have or a channel this process does not know. The channel is read once per conversation.
   */
  private async deliveryOf(
    workspaceId: WorkspaceId,
    conversationId: string,
    manager?: EntityManager,
  ): Promise<'live' | 'queued' | null> {
    const channel = await this.inboxes.channelOfConversation(workspaceId, conversationId, manager);
    if (!channel || !this.channels.has(channel)) return null;
    return this.isLive({ channel }) ? 'live' : 'queued';
  }
}
