import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { MESSAGE_CREATED, MessageCreatedEvent } from '@switchboard/conversations';
import { asWorkspaceId } from '@switchboard/database';
import { MessageDeliveryService } from './message-delivery.service';

/** Sends every stored outgoing, non-private message of a live channel (the widget) at once, in this process. */
@Injectable()
export class MessageDeliveryListener implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(MessageDeliveryListener.name);
  private readonly inFlight = new Set<Promise<void>>();
  private readonly onMessage = (event: MessageCreatedEvent): void => {
    // A message stored as sent (a live channel's, see deliveredOnStore) has nothing left to deliver.
    if (event.direction !== 'outgoing' || event.private || event.message.deliveryStatus === 'sent') return;
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
    private readonly delivery: MessageDeliveryService,
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
    await this.delivery.deliverLive(asWorkspaceId(event.workspaceId), event.conversationId, event.messageId);
  }
}
