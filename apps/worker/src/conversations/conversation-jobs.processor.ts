import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { MessageDeliveryService, SlackTicketListener } from '@switchboard/channels';
import { asWorkspaceId } from '@switchboard/database';
import { CustomerTurnService } from '@switchboard/handoff';
import { QueueConsumer } from '@switchboard/queue';

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
    private readonly slackNotices: SlackTicketListener,
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
        'outbound.slack-ticket-notice': (payload) =>
          this.slackNotices.deliverNotice(asWorkspaceId(payload.workspaceId), payload.ticketId, payload.notice),
      },
      { concurrency: DELIVERY_CONCURRENCY },
    );
  }
}
