import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { MESSAGE_CREATED, MessageCreatedEvent } from '@switchboard/conversations';
import { Conversation, Inbox, Message, asWorkspaceId } from '@switchboard/database';
import { DataSource } from 'typeorm';
import { ChannelRegistry } from './channel.registry';

/** Sends every stored outgoing, non-private message (bot answers, agent replies) through its conversation's channel. */
@Injectable()
export class MessageDeliveryListener implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(MessageDeliveryListener.name);
  private readonly inFlight = new Set<Promise<void>>();
  private readonly onMessage = (event: MessageCreatedEvent): void => {
    if (event.direction !== 'outgoing' || event.private) return;
    const delivery = this.deliver(event).catch((error: unknown) =>
      this.logger.warn(
        `delivery of ${event.messageId} failed: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
    this.inFlight.add(delivery);
    void delivery.finally(() => this.inFlight.delete(delivery));
  };

  constructor(
    private readonly events: EventEmitter2,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly channels: ChannelRegistry,
  ) {}

  onModuleInit(): void {
    this.events.on(MESSAGE_CREATED, this.onMessage);
  }

  /** Lets in-flight deliveries finish before the connections they use close. */
  async onModuleDestroy(): Promise<void> {
    this.events.off(MESSAGE_CREATED, this.onMessage);
    await Promise.allSettled([...this.inFlight]);
  }

  async deliver(event: MessageCreatedEvent): Promise<void> {
    const workspaceId = asWorkspaceId(event.workspaceId);
    const messages = this.dataSource.getRepository(Message);
    const message = await messages.findOne({ where: { id: event.messageId, workspaceId } });
    const conversation = await this.dataSource
      .getRepository(Conversation)
      .findOne({ where: { id: event.conversationId, workspaceId } });
    if (!message || !conversation || message.private) return;
    const inbox = await this.dataSource
      .getRepository(Inbox)
      .createQueryBuilder('inbox')
      .addSelect('inbox.secrets')
      .where('inbox.id = :id AND inbox.workspaceId = :workspaceId', { id: conversation.inboxId, workspaceId })
      .getOne();
    if (!inbox) return;
    try {
      const result = await this.channels.forInbox(inbox).send({ workspaceId, inbox, conversation, message });
      await messages.update(
        { id: message.id, workspaceId },
        {
          deliveryStatus: 'sent',
          ...(result.externalId ? { metadata: { ...message.metadata, externalId: result.externalId } } : {}),
        },
      );
    } catch (error) {
      await messages.update({ id: message.id, workspaceId }, { deliveryStatus: 'failed' });
      throw error;
    }
  }
}
