import { Injectable, Logger } from '@nestjs/common';
import { ConversationMessagesService, InboxesService } from '@switchboard/conversations';
import type { Conversation, Inbox, Ticket } from '@switchboard/database';
import { UnitOfWork, WorkspaceId } from '@switchboard/database';
import { OutboxService } from '@switchboard/queue';
import { SLACK_ACTIONS, escapeMrkdwn } from './slack-blocks';
import { SlackInboxStatusService } from './slack-inbox-status.service';
import { parseSlackThreadId } from './slack-thread';
import { SlackTicketThreadsRepository } from './slack-ticket-threads.repository';
import { SlackApiError, SlackBlock } from './slack-web-api';
import { SlackWebApiFactory } from './slack-web-api.factory';

/** What Slack's notices need to know of a ticket that just opened; handoff, above channels, tells it. */
export interface OpenedTicket {
  workspaceId: string;
  ticketId: string;
  conversationId: string;
}

/** What a notice shows of its ticket; the worker reads it from handoff, which sits above channels. */
export type NoticeTicket = Pick<Ticket, 'id' | 'conversationId' | 'reason' | 'summary'>;

/** The transcript line telling agents a ticket was shared in Slack; the thread itself is a SlackTicketThread. */
export const SLACK_MIRROR_EVENT = 'slack_mirror';

/**
 * When a ticket opens (handoff's TicketNoticesListener calls `queueFor`): a question asked in Slack notifies the inbox's escalation channel (mentioning its user
 * group), and with an escalation mirror every ticket, from any channel, is posted as a thread in the agents' channel.
 * Each notice is an outbound job, retried like any Slack post; it never undoes the handoff.
 */
@Injectable()
export class SlackTicketNotices {
  private readonly logger = new Logger(SlackTicketNotices.name);

  constructor(
    private readonly inboxes: InboxesService,
    private readonly clients: SlackWebApiFactory,
    private readonly status: SlackInboxStatusService,
    private readonly messages: ConversationMessagesService,
    private readonly outbox: OutboxService,
    private readonly threads: SlackTicketThreadsRepository,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** Queues the notices a new ticket calls for, so a Slack outage or rate limit delays them instead of losing them. */
  async queueFor(event: OpenedTicket): Promise<void> {
    const workspaceId = event.workspaceId as WorkspaceId;
    try {
      const conversation = await this.messages.findConversation(workspaceId, { id: event.conversationId });
      if (!conversation) return;
      const inboxes = await this.slackInboxes(workspaceId);
      const notices: Array<'escalation' | 'mirror'> = [];
      const origin = inboxes.find((inbox) => inbox.id === conversation.inboxId);
      if (typeof origin?.settings.escalationChannel === 'string') notices.push('escalation');
      if (inboxes.some((inbox) => typeof inbox.settings.mirrorChannel === 'string')) notices.push('mirror');
      if (notices.length === 0) return;
      await this.unitOfWork.run(workspaceId, async ({ manager }) => {
        for (const notice of notices) {
          await this.outbox.add(manager, 'outbound.slack-ticket-notice', {
            workspaceId,
            ticketId: event.ticketId,
            notice,
          });
        }
      });
    } catch (error) {
      this.logger.warn(
        `queueing slack notices for ${event.ticketId} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /** The outbound job: posts one notice; a failure throws, so the queue retries it (after Slack's Retry-After). */
  async deliverNotice(workspaceId: WorkspaceId, ticket: NoticeTicket, notice: 'escalation' | 'mirror'): Promise<void> {
    const conversation = await this.messages.findConversation(workspaceId, { id: ticket.conversationId });
    if (!conversation) return;
    const inboxes = await this.slackInboxes(workspaceId);
    if (notice === 'escalation') {
      const origin = inboxes.find((inbox) => inbox.id === conversation.inboxId);
      if (origin) await this.notifyEscalation(origin, ticket, conversation);
      return;
    }
    const mirror = inboxes.find((inbox) => typeof inbox.settings.mirrorChannel === 'string');
    // A redelivered mirror job finds the thread it already opened.
    if (mirror && !(await this.threads.forTicket(workspaceId, ticket.id))) {
      await this.mirror(mirror, ticket, conversation);
    }
  }

  private async notifyEscalation(inbox: Inbox, ticket: NoticeTicket, conversation: Conversation): Promise<void> {
    const channel = inbox.settings.escalationChannel;
    if (typeof channel !== 'string') return;
    const group = inbox.settings.escalationUserGroup;
    const thread = parseSlackThreadId(conversation.externalThreadId);
    const where = thread ? ` in <#${thread.channel}>` : '';
    const text = `${typeof group === 'string' ? `<!subteam^${group}> ` : ''}A question${where} needs a person (${ticket.reason}): ${escapeMrkdwn(ticket.summary)}`;
    await this.post(inbox, { channel, text });
  }

  private async mirror(inbox: Inbox, ticket: NoticeTicket, conversation: Conversation): Promise<void> {
    const channel = inbox.settings.mirrorChannel as string;
    const origin = await this.inboxes.get(conversation.workspaceId, conversation.inboxId);
    const text = `New ticket from ${origin ? escapeMrkdwn(`${origin.name} (${origin.channel})`) : 'a customer'}, reason ${ticket.reason}`;
    const blocks: SlackBlock[] = [
      { type: 'section', text: { type: 'mrkdwn', text: `*${text}*\n${escapeMrkdwn(ticket.summary)}` } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: 'Reply in this thread to answer the customer, or claim the ticket first.' }],
      },
      {
        type: 'actions',
        block_id: `sb_ticket_${ticket.id}`,
        elements: [
          {
            type: 'button',
            action_id: SLACK_ACTIONS.claim,
            text: { type: 'plain_text', text: 'Claim' },
            style: 'primary',
            value: ticket.id,
          },
        ],
      },
    ];
    const posted = await this.post(inbox, { channel, text, blocks });
    if (!posted) return;
    const workspaceId = conversation.workspaceId;
    await this.unitOfWork.run(workspaceId, async (work) => {
      const thread = { channel: posted.channel, ts: posted.ts };
      await this.threads.record(
        workspaceId,
        { ticketId: ticket.id, conversationId: conversation.id, slackInboxId: inbox.id, ...thread },
        work.manager,
      );
      await this.messages.addActivity(workspaceId, conversation.id, 'Shared with the support team', {
        work,
        metadata: { event: SLACK_MIRROR_EVENT, ticketId: ticket.id },
      });
    });
  }

  private async post(
    inbox: Inbox,
    input: { channel: string; text: string; blocks?: SlackBlock[] },
  ): Promise<{ channel: string; ts: string } | null> {
    const token = inbox.secrets.botToken;
    if (!token) return null;
    try {
      return await this.clients.forToken(token).postMessage(input);
    } catch (error) {
      if (error instanceof SlackApiError && error.revoked) {
        await this.status.markBroken(inbox.workspaceId, inbox.id, error.code);
      }
      throw error;
    }
  }

  private slackInboxes(workspaceId: WorkspaceId): Promise<Inbox[]> {
    return this.inboxes.listWithSecrets(workspaceId, 'slack');
  }
}
