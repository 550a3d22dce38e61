import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { ConversationEventsBus, toJsonObject } from '@switchboard/channels';
import { TICKET_EVENT_NAMES, TicketEvent } from './ticket.events';

/** Publishes ticket.* events to the workspace channel for the agent console's live queue (never to customers). */
@Injectable()
export class TicketRealtimeListener implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(TicketRealtimeListener.name);
  private readonly onTicket = (event: TicketEvent): void => {
    const { name, workspaceId, conversationId, ...rest } = event;
    this.bus
      .publishToWorkspace(workspaceId, { kind: 'domain', name, workspaceId, conversationId, data: toJsonObject(rest) })
      .catch((error: unknown) =>
        this.logger.warn(`could not publish ${name}: ${error instanceof Error ? error.message : String(error)}`),
      );
  };

  constructor(
    private readonly events: EventEmitter2,
    private readonly bus: ConversationEventsBus,
  ) {}

  onModuleInit(): void {
    for (const name of TICKET_EVENT_NAMES) this.events.on(name, this.onTicket);
  }

  onModuleDestroy(): void {
    for (const name of TICKET_EVENT_NAMES) this.events.off(name, this.onTicket);
  }
}
