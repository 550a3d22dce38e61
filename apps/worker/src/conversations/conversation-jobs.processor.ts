import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { MessageDeliveryService, SlackTicketNotices } from '@switchboard/channels';
import { asWorkspaceId } from '@switchboard/database';
import { CustomerTurnService, TicketNotFoundError, TicketsService } from '@switchboard/handoff';
import { JobPayload, QueueConsumer } from '@switchboard/queue';

// Answers wait on the model; deliveries on Slack and SMTP. Both are I/O bound, so several run at once.
const ANSWER_CONCURRENCY = 8;
const DELIVERY_CONCURRENCY = 16;

/** Consumes the answers and outbound queues: the bot's replies on queued channels, and their delivery. */
@Injectable()
export class ConversationJobsProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly consumer: QueueConsumer,
    private readonly turns: CustomerTurnService,
    private readonly delivery: MessageDeliveryService,
    private readonly slackNotices: SlackTicketNotices,
    private readonly tickets: TicketsService,
  ) {}

  onApplicationBootstrap(): void {
    this.consumer.consume(
      'answers',
      {
        'answers.answer-message': async (payload) => {
          await this.turns.answerStored(asWorkspaceId(payload.workspaceId), payload.conversationId, payload.messageId);
        },
      },
      { concurrency: ANSWER_CONCURRENCY },
    );
    this.consumer.consume(
      'outbound',
      {
        'outbound.deliver-message': async (payload, context) => {
          await this.delivery.deliver(asWorkspaceId(payload.workspaceId), payload.messageId, {
            finalAttempt: context.finalAttempt,
          });
        },
        'outbound.slack-ticket-notice': (payload) => this.deliverSlackNotice(payload),
      },
      { concurrency: DELIVERY_CONCURRENCY },
    );
  }

  /** Channels sits below handoff: the ticket is read here and handed to the Slack notice. A deleted one is skipped. */
  private async deliverSlackNotice(payload: JobPayload<'outbound.slack-ticket-notice'>): Promise<void> {
    const workspaceId = asWorkspaceId(payload.workspaceId);
    const ticket = await this.tickets.get(workspaceId, payload.ticketId).catch((error: unknown) => {
      if (error instanceof TicketNotFoundError) return null;
      throw error;
    });
    if (ticket) await this.slackNotices.deliverNotice(workspaceId, ticket, payload.notice);
  }
}
