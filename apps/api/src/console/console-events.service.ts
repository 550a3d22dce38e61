import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ConversationEventsBus, RealtimeEvent } from '@switchboard/channels';
import { ConsoleEvents } from '@switchboard/contracts';
import {
  ConversationMessagesService,
  ConversationNotFoundError,
  MESSAGE_CREATED,
  OWNERSHIP_EVENT_NAMES,
} from '@switchboard/conversations';
import { CONVERSATION_OWNERS, type ConversationOwner, type WorkspaceId, isUuid } from '@switchboard/database';
import { TICKET_EVENT_NAMES, TicketsService } from '@switchboard/handoff';
import { ConsoleViewsService } from './console-views.service';

/** A contract event this service translates from a domain event (`ready` is the controller's own). */
export type ConsoleEvent = {
  [Name in Exclude<keyof ConsoleEvents, 'ready'>]: { event: Name; data: ConsoleEvents[Name] };
}[Exclude<keyof ConsoleEvents, 'ready'>];

export interface ConsoleStream {
  close(): Promise<void>;
}

const TICKET_EVENTS: ReadonlySet<string> = new Set(TICKET_EVENT_NAMES);
const OWNERSHIP_EVENTS: ReadonlySet<string> = new Set(OWNERSHIP_EVENT_NAMES);

/**
 * The console's live feed: the workspace channel's domain events (ids and state only) turned into the views the
 * console renders. Events of one stream are handled one at a time, so they arrive in the order they were published.
 */
@Injectable()
export class ConsoleEventsService implements OnModuleDestroy {
  private readonly logger = new Logger(ConsoleEventsService.name);
  private readonly open = new Set<() => void>();

  constructor(
    private readonly bus: ConversationEventsBus,
    private readonly tickets: TicketsService,
    private readonly views: ConsoleViewsService,
    private readonly messages: ConversationMessagesService,
  ) {}

  /**
   * Resolves once the subscription is live, so nothing published afterwards is missed. `onEnd` runs when the
   * process shuts down, so the caller can end its response and the HTTP server can close, and when Redis returns
   * after an outage. Throws RedisUnavailableError (503) while Redis is down.
   */
  async stream(
    workspaceId: WorkspaceId,
    send: (event: ConsoleEvent) => void,
    onEnd: () => void,
  ): Promise<ConsoleStream> {
    let queue: Promise<void> = Promise.resolve();
    let active = true;
    const unsubscribe = await this.bus.subscribeWorkspace(
      workspaceId,
      (event) => {
        queue = queue.then(async () => {
          if (!active) return;
          try {
            const translated = await this.translate(workspaceId, event);
            if (translated && active) send(translated);
          } catch (error) {
            this.logger.warn(`console event dropped: ${error instanceof Error ? error.message : String(error)}`);
          }
        });
      },
      // Events were missed while Redis was down: ending the stream makes the console reconnect and refresh.
      { onResumed: onEnd },
    );
    const end = (): void => onEnd();
    this.open.add(end);
    return {
      close: async () => {
        if (!active) return;
        active = false;
        this.open.delete(end);
        await unsubscribe();
      },
    };
  }

  onModuleDestroy(): void {
    for (const end of [...this.open]) end();
  }

  async translate(workspaceId: WorkspaceId, event: RealtimeEvent): Promise<ConsoleEvent | null> {
    if (!event.conversationId) return null;
    const conversationId = event.conversationId;
    if (TICKET_EVENTS.has(event.name)) {
      const ticketId = event.data.ticketId;
      if (!isUuid(ticketId)) return null;
      const ticket = await this.tickets.get(workspaceId, ticketId);
      return { event: 'ticket', data: { ticket: await this.views.ticketView(workspaceId, ticket) } };
    }
    if (event.name === MESSAGE_CREATED) {
      const messageId = event.data.messageId;
      if (typeof messageId !== 'string') return null;
      const message = await this.views.consoleMessage(workspaceId, messageId);
      return message ? { event: 'message', data: { conversationId, message } } : null;
    }
    if (OWNERSHIP_EVENTS.has(event.name)) {
      const owner = event.data.to;
      if (typeof owner !== 'string' || !(CONVERSATION_OWNERS as readonly string[]).includes(owner)) return null;
      const agentId = typeof event.data.agentId === 'string' ? event.data.agentId : null;
      // The state machine sets the assignee on claim and clears it on hand-back; otherwise it keeps the stored one.
      const assigneeId =
        owner === 'agent' ? agentId : owner === 'bot' ? null : await this.storedAssignee(workspaceId, conversationId);
      return {
        event: 'conversation',
        data: { conversationId, owner: owner as ConversationOwner, assigneeId },
      };
    }
    return null;
  }

  private async storedAssignee(workspaceId: WorkspaceId, conversationId: string): Promise<string | null> {
    try {
      return (await this.messages.getConversation(workspaceId, conversationId)).assigneeId;
    } catch (error) {
      if (error instanceof ConversationNotFoundError) return null;
      throw error;
    }
  }
}
