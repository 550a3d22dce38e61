import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import {
  ANSWER_FEEDBACK,
  CONVERSATION_CREATED,
  MESSAGE_CREATED,
  type AnswerFeedbackEvent,
  type ConversationCreatedEvent,
  type MessageCreatedEvent,
} from '@switchboard/conversations';
import { CSAT_SUBMITTED, type CsatSubmittedEvent } from '@switchboard/csat';
import { asWorkspaceId } from '@switchboard/database';
import type { TicketEvent, TicketEventName } from '@switchboard/handoff';
import { KNOWLEDGE_SYNC_COMPLETED, KNOWLEDGE_SYNC_FAILED, type KnowledgeSyncEndedEvent } from '@switchboard/knowledge';
import { WebhookDeliveriesService, WebhookEventToSend } from './webhook-deliveries.service';
import { WebhookEventType } from './webhook-event-types';

/** Ticket domain events and the webhook event each becomes. */
const TICKET_EVENTS: ReadonlyArray<readonly [TicketEventName, WebhookEventType]> = [
  ['ticket.opened', 'ticket.opened'],
  ['ticket.assigned', 'ticket.assigned'],
  ['ticket.resolved', 'ticket.resolved'],
  ['ticket.reopened', 'ticket.reopened'],
];

/**
 * Turns domain events, published after their commit, into webhook deliveries. One chain per process keeps the
 * deliveries in the order the events were published. An event published just before the process dies is not
 * delivered: the domain change and its deliveries are two transactions.
 */
@Injectable()
export class WebhookEventsListener implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(WebhookEventsListener.name);
  private chain: Promise<void> = Promise.resolve();
  private readonly subscriptions: Array<[string, (event: unknown) => void]> = [];

  constructor(
    private readonly events: EventEmitter2,
    private readonly deliveries: WebhookDeliveriesService,
  ) {}

  onModuleInit(): void {
    this.listen(MESSAGE_CREATED, (event: MessageCreatedEvent) => messageCreated(event));
    for (const [name, type] of TICKET_EVENTS) {
      this.listen(name, (event: TicketEvent) => [ticketEventToSend(type, event)]);
    }
    this.listen('ticket.opened', (event: TicketEvent) => [handoff(event)]);
    this.listen(CONVERSATION_CREATED, (event: ConversationCreatedEvent) => [conversationCreated(event)]);
    this.listen(ANSWER_FEEDBACK, (event: AnswerFeedbackEvent) => [answerFeedback(event)]);
    for (const name of [KNOWLEDGE_SYNC_COMPLETED, KNOWLEDGE_SYNC_FAILED]) {
      this.listen(name, (event: KnowledgeSyncEndedEvent) => [knowledgeSyncEnded(event)]);
    }
    this.listen(CSAT_SUBMITTED, (event: CsatSubmittedEvent) => [csatSubmitted(event)]);
  }

  async onModuleDestroy(): Promise<void> {
    for (const [name, listener] of this.subscriptions) this.events.off(name, listener);
    await this.chain;
  }

  private listen<E>(name: string, toSend: (event: E) => WebhookEventToSend[]): void {
    const listener = (event: unknown): void => {
      const sends = toSend(event as E);
      this.chain = this.chain.then(() => this.publish(sends));
    };
    this.events.on(name, listener);
    this.subscriptions.push([name, listener]);
  }

  private async publish(sends: WebhookEventToSend[]): Promise<void> {
    for (const send of sends) {
      try {
        await this.deliveries.publish(send);
      } catch (error) {
        this.logger.warn(
          {
            workspaceId: send.workspaceId,
            type: send.type,
            error: error instanceof Error ? error.message : String(error),
          },
          'webhook deliveries not recorded',
        );
      }
    }
  }
}

/** Internal notes stay internal: only messages the customer's side of the conversation has. */
function messageCreated(event: MessageCreatedEvent): WebhookEventToSend[] {
  if (event.private) return [];
  const { message } = event;
  return [
    {
      type: 'message.created',
      workspaceId: asWorkspaceId(event.workspaceId),
      at: event.at,
      conversationId: event.conversationId,
      data: {
        conversationId: event.conversationId,
        message: {
          id: event.messageId,
          author: event.author,
          direction: event.direction,
          kind: message.kind,
          content: message.content,
          agentId: event.agentId,
          createdAt: event.at.toISOString(),
        },
      },
    },
  ];
}

function ticketEventToSend(type: WebhookEventType, event: TicketEvent): WebhookEventToSend {
  return {
    type,
    workspaceId: asWorkspaceId(event.workspaceId),
    at: event.at,
    conversationId: event.conversationId,
    data: {
      ticketId: event.ticketId,
      conversationId: event.conversationId,
      status: event.status,
      reason: event.reason,
      assigneeId: event.assigneeId,
      agentId: event.agentId,
      ...(event.resolution ? { resolution: event.resolution } : {}),
    },
  };
}

/** A handoff is the opening of its ticket, told with the bot's reason and confidence. */
function handoff(event: TicketEvent): WebhookEventToSend {
  return {
    type: 'handoff',
    workspaceId: asWorkspaceId(event.workspaceId),
    at: event.at,
    conversationId: event.conversationId,
    data: {
      conversationId: event.conversationId,
      ticketId: event.ticketId,
      reason: event.reason,
      confidence: event.confidence,
    },
  };
}

function conversationCreated(event: ConversationCreatedEvent): WebhookEventToSend {
  return {
    type: 'conversation.created',
    workspaceId: asWorkspaceId(event.workspaceId),
    at: event.at,
    conversationId: event.conversationId,
    data: {
      conversationId: event.conversationId,
      inboxId: event.inboxId,
      contactId: event.contactId,
      createdAt: event.at.toISOString(),
    },
  };
}

function answerFeedback(event: AnswerFeedbackEvent): WebhookEventToSend {
  return {
    type: 'answer.feedback',
    workspaceId: asWorkspaceId(event.workspaceId),
    at: event.at,
    conversationId: event.conversationId,
    data: {
      conversationId: event.conversationId,
      messageId: event.messageId,
      rating: event.rating,
      traceId: event.traceId,
    },
  };
}

/** A sync's counts and, when it failed, its reason; no source configuration (it may hold credentials). */
function knowledgeSyncEnded(event: KnowledgeSyncEndedEvent): WebhookEventToSend {
  return {
    type: event.name,
    workspaceId: asWorkspaceId(event.workspaceId),
    at: event.at,
    conversationId: null,
    data: {
      syncId: event.syncId,
      sourceId: event.sourceId,
      trigger: event.trigger,
      documents: {
        total: event.total,
        indexed: event.indexed,
        skipped: event.skipped,
        failed: event.failed,
        deleted: event.deleted,
      },
      error: event.error,
      startedAt: event.startedAt.toISOString(),
      finishedAt: event.at.toISOString(),
    },
  };
}

/** A customer's rating of a conversation, first given or changed. */
function csatSubmitted(event: CsatSubmittedEvent): WebhookEventToSend {
  return {
    type: 'csat.submitted',
    workspaceId: asWorkspaceId(event.workspaceId),
    at: event.at,
    conversationId: event.conversationId,
    data: {
      conversationId: event.conversationId,
      score: event.score,
      comment: event.comment,
      channel: event.channel,
      agentId: event.agentId,
      changed: event.changed,
    },
  };
}
