import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import {
  MESSAGE_CREATED,
  MessageCreatedEvent,
  OWNERSHIP_EVENT_NAMES,
  OwnershipChangedEvent,
} from '@switchboard/conversations';
import { ConversationEventsBus } from './conversation-events.bus';
import { JsonValue, RealtimeEvent, toJsonObject } from './realtime-event';

/**
 * Publishes message.created and conversation.* domain events to the bus. Agents get everything on the workspace
 * channel; the conversation channel (the customer's) gets owner changes and non-private message ids only.
 */
@Injectable()
export class RealtimeBridgeListener implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RealtimeBridgeListener.name);
  private readonly onMessage = (event: MessageCreatedEvent): void => this.forwardMessage(event);
  private readonly onOwnership = (event: OwnershipChangedEvent): void => this.forwardOwnership(event);

  constructor(
    private readonly events: EventEmitter2,
    private readonly bus: ConversationEventsBus,
  ) {}

  onModuleInit(): void {
    this.events.on(MESSAGE_CREATED, this.onMessage);
    for (const name of OWNERSHIP_EVENT_NAMES) this.events.on(name, this.onOwnership);
  }

  onModuleDestroy(): void {
    this.events.off(MESSAGE_CREATED, this.onMessage);
    for (const name of OWNERSHIP_EVENT_NAMES) this.events.off(name, this.onOwnership);
  }

  private forwardMessage(event: MessageCreatedEvent): void {
    const data = toJsonObject({
      messageId: event.messageId,
      author: event.author,
      direction: event.direction,
      agentId: event.agentId,
      private: event.private,
      at: event.at,
    });
    const domain: RealtimeEvent = {
      kind: 'domain',
      name: event.name,
      workspaceId: event.workspaceId,
      conversationId: event.conversationId,
      data,
    };
    this.send(this.bus.publishToWorkspace(event.workspaceId, domain));
    if (event.private) return;
    // The customer's stream shows what it is told without reading it back: the message itself rides along when the
    // customer may see it (never a note, never the agents' system lines).
    const shown = event.author === 'system' ? domain : { ...domain, data: { ...data, message: snapshotOf(event) } };
    this.send(this.bus.publish(event.workspaceId, event.conversationId, shown));
  }

  private forwardOwnership(event: OwnershipChangedEvent): void {
    const base = { kind: 'domain' as const, name: event.name, workspaceId: event.workspaceId };
    this.send(
      this.bus.publishToWorkspace(event.workspaceId, {
        ...base,
        conversationId: event.conversationId,
        data: toJsonObject({ from: event.from, to: event.to, agentId: event.agentId, at: event.at }),
      }),
    );
    // The customer learns who owns the conversation, not which agent id.
    this.send(
      this.bus.publish(event.workspaceId, event.conversationId, {
        ...base,
        conversationId: event.conversationId,
        data: toJsonObject({ from: event.from, to: event.to, at: event.at }),
      }),
    );
  }

  private send(publishing: Promise<void>): void {
    publishing.catch((error: unknown) =>
      this.logger.warn(`could not publish a realtime event: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
}

/** A customer-visible message as JSON (dates as ISO strings), for the conversation's live stream. */
function snapshotOf(event: MessageCreatedEvent): JsonValue {
  const { message } = event;
  return toJsonObject({
    id: message.id,
    conversationId: message.conversationId,
    author: message.author,
    direction: message.direction,
    agentId: message.agentId,
    content: message.content,
    private: message.private,
    kind: message.kind,
    replyToMessageId: message.replyToMessageId,
    clientMessageId: message.clientMessageId,
    metadata: message.metadata,
    createdAt: message.createdAt,
  });
}
