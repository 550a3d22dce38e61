import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { MESSAGE_CREATED, MessageCreatedEvent } from '@switchboard/conversations';
import { Ticket } from '@switchboard/database';
import { DataSource } from 'typeorm';
import { ticketEvent } from './ticket.events';

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
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.events.on(MESSAGE_CREATED, this.onMessage);
  }

  async onModuleDestroy(): Promise<void> {
    this.events.off(MESSAGE_CREATED, this.onMessage);
    await Promise.allSettled([...this.inFlight]);
  }

  async record(event: MessageCreatedEvent): Promise<void> {
    // One statement, guarded by "IS NULL": a repeated or concurrent event cannot move the time.
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `UPDATE tickets SET "firstResponseAt" = $3, "updatedAt" = now()
        WHERE "workspaceId" = $1 AND "conversationId" = $2 AND "firstResponseAt" IS NULL
          AND status IN ('open', 'assigned', 'pending') AND "createdAt" <= $3
        RETURNING id`,
      [event.workspaceId, event.conversationId, event.at],
    );
    for (const { id } of rows) {
      const ticket = await this.dataSource
        .getRepository(Ticket)
        .findOne({ where: { id, workspaceId: event.workspaceId } });
      if (ticket)
        this.events.emit(
          'ticket.first_response',
          ticketEvent('ticket.first_response', ticket, { agentId: event.agentId }),
        );
    }
  }
}
