import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { MESSAGE_CREATED, MessageCreatedEvent } from '@switchboard/conversations';
import { asWorkspaceId } from '@switchboard/database';
import { ticketEvent } from './ticket.events';
import { TicketsRepository } from './tickets.repository';

/** Records a ticket's first response time from the first agent reply (not a note) after it opened. */
@Injectable()
export class FirstResponseListener implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(FirstResponseListener.name);
  private readonly inFlight = new Set<Promise<void>>();
  private readonly onMessage = (event: MessageCreatedEvent): void => {
    if (event.author !== 'agent' || event.private) return;
    const recording = this.record(event).catch((error: unknown) =>
      this.logger.warn(`first response not recorded: ${error instanceof Error ? error.message : String(error)}`),
    );
    this.inFlight.add(recording);
    void recording.finally(() => this.inFlight.delete(recording));
  };

  constructor(
    private readonly events: EventEmitter2,
    private readonly tickets: TicketsRepository,
  ) {}

  onModuleInit(): void {
    this.events.on(MESSAGE_CREATED, this.onMessage);
  }

  async onModuleDestroy(): Promise<void> {
    this.events.off(MESSAGE_CREATED, this.onMessage);
    await Promise.allSettled([...this.inFlight]);
  }

  async record(event: MessageCreatedEvent): Promise<void> {
    const workspaceId = asWorkspaceId(event.workspaceId);
    const answered = await this.tickets.recordFirstResponse(workspaceId, event.conversationId, event.at);
    for (const ticket of answered) {
      this.events.emit(
        'ticket.first_response',
        ticketEvent('ticket.first_response', ticket, { agentId: event.agentId }),
      );
    }
  }
}
