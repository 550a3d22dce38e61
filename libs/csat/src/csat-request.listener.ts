import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { asWorkspaceId } from '@switchboard/database';
import { CsatService } from './csat.service';

const TICKET_RESOLVED = 'ticket.resolved';

/**
 * What this listener reads of libs/handoff's TicketEvent. Not imported: channels call this lib for Slack's rating
 * buttons, and handoff imports channels.
 */
interface ResolvedTicket {
  workspaceId: string;
  conversationId: string;
  agentId: string | null;
  resolution?: string;
}

/**
 * Asks the customer for a rating once an agent resolves their ticket (published after its commit). A ticket handed
 * back to the bot is not an end: the conversation goes on. A request lost to a crash is not retried.
 */
@Injectable()
export class CsatRequestListener implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(CsatRequestListener.name);
  private readonly inFlight = new Set<Promise<void>>();
  private readonly onResolved = (event: ResolvedTicket): void => {
    if (event.resolution !== 'resolved') return;
    const request = this.csat
      .requestRating(asWorkspaceId(event.workspaceId), event.conversationId, event.agentId)
      .then(() => undefined)
      .catch((error: unknown) =>
        this.logger.warn(
          { workspaceId: event.workspaceId, conversationId: event.conversationId, error: String(error) },
          'rating request not sent',
        ),
      );
    this.inFlight.add(request);
    void request.finally(() => this.inFlight.delete(request));
  };

  constructor(
    private readonly events: EventEmitter2,
    private readonly csat: CsatService,
  ) {}

  onModuleInit(): void {
    this.events.on(TICKET_RESOLVED, this.onResolved);
  }

  async onModuleDestroy(): Promise<void> {
    this.events.off(TICKET_RESOLVED, this.onResolved);
    await Promise.allSettled([...this.inFlight]);
  }
}
