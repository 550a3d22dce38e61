import { Injectable } from '@nestjs/common';
import { AgentsService } from '@switchboard/auth';
import { ConversationMessagesService, NotConversationOwnerError } from '@switchboard/conversations';
import { CsatRequestNotFoundError, CsatService, CsatWindowClosedError } from '@switchboard/csat';
import type { Agent, Conversation, Inbox, Message } from '@switchboard/database';
import { answerMetadataOf } from '@switchboard/database';
import {
  SLACK_ACTIONS,
  confirmationBlockId,
  csatBlockId,
  csatScoreOf,
  escapeMrkdwn,
  fallbackText,
  parseMessageActionValue,
} from './slack-blocks';
import { SlackHandoff } from './slack-handoff';
import { stringOf } from './slack-payload';
import { SlackTicketThreadsRepository } from './slack-ticket-threads.repository';
import { SlackBlock, SlackWebApi } from './slack-web-api';
import { SlackWebApiFactory } from './slack-web-api.factory';

/** A message an agent wrote in a mirrored ticket's thread. */
export interface SlackThreadReply {
  channel: string;
  user: string;
  text: string;
  ts: string;
  thread_ts: string;
}

/** Where a button was pressed: by whom, in which channel, on which message (and its blocks, as Slack shows them). */
interface PressContext {
  user: string;
  channel: string;
  messageTs: string;
  messageBlocks: SlackBlock[] | null;
}

// What the bot reads as the answer to its "Please confirm" (isExplicitYes / isExplicitNo in libs/actions).
const CONFIRMATION_REPLIES = { [SLACK_ACTIONS.confirmYes]: 'Yes', [SLACK_ACTIONS.confirmNo]: 'No' } as const;

/**
 * What people do in Slack besides asking: press the buttons under an answer (helpful, not helpful, ask a human),
 * claim a mirrored ticket, and answer its customer from the mirror's thread, as the console would.
 */
@Injectable()
export class SlackAgentActionsService {
  constructor(
    private readonly messages: ConversationMessagesService,
    private readonly handoff: SlackHandoff,
    private readonly agents: AgentsService,
    private readonly clients: SlackWebApiFactory,
    private readonly threads: SlackTicketThreadsRepository,
    private readonly csat: CsatService,
  ) {}

  /** The buttons of one interaction payload (block_actions), in order; any other payload is ignored. */
  async press(inbox: Inbox, payloadJson: string): Promise<void> {
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(payloadJson) as Record<string, unknown>;
    } catch {
      return;
    }
    if (payload.type !== 'block_actions' || !Array.isArray(payload.actions)) return;
    const message = (payload.message ?? {}) as Record<string, unknown>;
    const context: PressContext = {
      user: stringOf((payload.user as Record<string, unknown> | undefined)?.id),
      channel: stringOf((payload.channel as Record<string, unknown> | undefined)?.id),
      messageTs: stringOf(message.ts),
      messageBlocks: Array.isArray(message.blocks) ? (message.blocks as SlackBlock[]) : null,
    };
    for (const action of payload.actions as Array<Record<string, unknown>>) {
      await this.pressOne(inbox, stringOf(action.action_id), stringOf(action.value), context);
    }
  }

  /** An agent's reply in a mirrored ticket's thread goes to the customer, as the console would send it. */
  async relayAgentReply(inbox: Inbox, reply: SlackThreadReply): Promise<void> {
    const mirrored = await this.threads.findByThread(inbox.workspaceId, reply.channel, reply.thread_ts);
    if (!mirrored) return;
    const client = this.client(inbox);
    const notice = (text: string) =>
      client.postEphemeral({ channel: reply.channel, user: reply.user, text, threadTs: reply.thread_ts });
    const agent = await this.agentOf(inbox, client, reply.user);
    if (!agent) {
      await notice('Your Slack e-mail does not match a Switchboard agent of this workspace: nothing was sent.');
      return;
    }
    // Slack's retries of the reply name the same message: its (channel, ts) is the idempotency key.
    const clientMessageId = `slack:${reply.channel}:${reply.ts}`;
    const { conversationId, ticketId } = mirrored;
    const workspaceId = inbox.workspaceId;
    if (await this.messages.findByClientMessageId(workspaceId, clientMessageId, { conversationId })) return;
    const conversation = await this.messages.getConversation(workspaceId, conversationId);
    const owns = conversation.owner === 'agent' && conversation.assigneeId === agent.id;
    try {
      if (owns || (await this.handoff.claim(workspaceId, ticketId, agent.id))) {
        await this.messages.addAgentMessage(workspaceId, conversationId, agent.id, reply.text, { clientMessageId });
        return;
      }
    } catch (error) {
      if (!(error instanceof NotConversationOwnerError)) throw error;
    }
    await notice('Another agent owns this conversation, or its ticket is closed: nothing was sent.');
  }

  private async pressOne(inbox: Inbox, actionId: string, value: string, context: PressContext): Promise<void> {
    if (actionId === SLACK_ACTIONS.claim) return this.claim(inbox, value, context);
    const target = parseMessageActionValue(value);
    const workspaceId = inbox.workspaceId;
    const conversation = target
      ? await this.messages.findConversation(workspaceId, { id: target.conversationId, inboxId: inbox.id })
      : null;
    if (!target || !conversation) return;
    const score = csatScoreOf(actionId);
    if (score !== null) {
      await this.rate(inbox, conversation, target.messageId, score, context);
    } else if (actionId === SLACK_ACTIONS.askHuman) {
      await this.handoff.requestHuman(workspaceId, conversation.id);
    } else if (actionId === SLACK_ACTIONS.confirmYes || actionId === SLACK_ACTIONS.confirmNo) {
      await this.answerConfirmation(inbox, conversation, target.messageId, actionId, context);
    } else if (actionId === SLACK_ACTIONS.helpful || actionId === SLACK_ACTIONS.notHelpful) {
      const rating = actionId === SLACK_ACTIONS.helpful ? 'up' : 'down';
      await this.handoff.recordFeedback(workspaceId, conversation.id, target.messageId, rating);
    }
  }

  /**
   * Yes / No under "Please confirm": stored as the asker's reply in the thread, exactly as if typed (the worker
   * answers it, and the action step reads the yes). Only the conversation's newest message can be answered, so a
   * stale button never confirms a later request; one answer per question, whatever Slack's retries or a second click.
   */
  private async answerConfirmation(
    inbox: Inbox,
    conversation: Conversation,
    messageId: string,
    actionId: typeof SLACK_ACTIONS.confirmYes | typeof SLACK_ACTIONS.confirmNo,
    context: PressContext,
  ): Promise<void> {
    const workspaceId = inbox.workspaceId;
    const question = await this.messages.findAuthoredMessage(workspaceId, conversation.id, messageId, 'bot');
    if (!question || !answerMetadataOf(question)?.confirmation) return;
    const [newest] = (await this.messages.recentDialogue(workspaceId, conversation.id, 1)).slice(-1);
    if (newest?.id !== question.id) return;
    const content = CONFIRMATION_REPLIES[actionId];
    const received = await this.messages.receiveCustomerMessage(workspaceId, conversation.id, {
      content,
      clientMessageId: `slack:confirm:${question.id}`,
      metadata: { slack: { user: context.user, thread: conversation.externalThreadId ?? '' } },
      answerLater: true,
    });
    if (!received.duplicate) await this.markAnswered(inbox, question, content, context);
  }

  /** The pressed buttons give way to who answered what, so nobody presses them again. */
  private async markAnswered(inbox: Inbox, question: Message, answer: string, context: PressContext): Promise<void> {
    const { channel, messageTs, messageBlocks, user } = context;
    if (!messageBlocks || !channel || !messageTs) return;
    const blockId = confirmationBlockId(question.id);
    const blocks: SlackBlock[] = [
      ...messageBlocks.filter((block) => block.block_id !== blockId),
      { type: 'context', elements: [{ type: 'mrkdwn', text: `<@${escapeMrkdwn(user)}> answered *${answer}*` }] },
    ];
    await this.client(inbox).updateMessage({ channel, ts: messageTs, text: fallbackText(question), blocks });
  }

  /**
   * 1–5 under the bot's rating request: the conversation's rating, changed by a later press within the window. The
   * buttons stay (so the rating can be changed), with who rated what below them; after the window the presser is told.
   */
  private async rate(
    inbox: Inbox,
    conversation: Conversation,
    messageId: string,
    score: number,
    context: PressContext,
  ): Promise<void> {
    const { channel, messageTs, messageBlocks, user } = context;
    try {
      await this.csat.rateRequest(inbox.workspaceId, conversation.id, messageId, { score, channel: 'slack' });
    } catch (error) {
      if (error instanceof CsatRequestNotFoundError) return;
      if (!(error instanceof CsatWindowClosedError)) throw error;
      const text = 'The time to rate this conversation has passed: your rating was not changed.';
      await this.client(inbox).postEphemeral({ channel, user, text, threadTs: messageTs });
      return;
    }
    if (!messageBlocks || !channel || !messageTs) return;
    const blockId = csatBlockId(messageId);
    const rated: SlackBlock = {
      type: 'context',
      block_id: `${blockId}_rated`,
      elements: [{ type: 'mrkdwn', text: `<@${escapeMrkdwn(user)}> rated this conversation *${score}/5*` }],
    };
    const blocks = messageBlocks.filter((block) => block.block_id !== rated.block_id);
    blocks.splice(blocks.findIndex((block) => block.block_id === blockId) + 1 || blocks.length, 0, rated);
    const text = 'How did we do? Rate this conversation from 1 to 5.';
    await this.client(inbox).updateMessage({ channel, ts: messageTs, text, blocks });
  }

  /** "Claim" on a mirrored ticket: the agent behind the Slack user takes it, and the thread is told. */
  private async claim(inbox: Inbox, ticketId: string, { user, channel, messageTs }: PressContext): Promise<void> {
    const mirrored = await this.threads.findByThread(inbox.workspaceId, channel, messageTs);
    if (!mirrored || mirrored.ticketId !== ticketId) return;
    const client = this.client(inbox);
    const inThread = { channel, threadTs: messageTs };
    const agent = await this.agentOf(inbox, client, user);
    if (!agent) {
      const text =
        'Your Slack e-mail does not match a Switchboard agent of this workspace: the ticket was not claimed.';
      await client.postEphemeral({ ...inThread, user, text });
      return;
    }
    if (!(await this.handoff.claim(inbox.workspaceId, ticketId, agent.id))) {
      await client.postEphemeral({ ...inThread, user, text: 'This ticket is already claimed or closed.' });
      return;
    }
    const text = `Claimed by ${agent.name}: replies in this thread go to the customer.`;
    await client.postMessage({ ...inThread, text });
  }

  /** The Switchboard agent behind a Slack user, matched on the e-mail of their Slack profile. */
  private async agentOf(inbox: Inbox, client: SlackWebApi, user: string): Promise<Agent | null> {
    const email = await client.userEmail(user);
    return email ? this.agents.findByEmail(inbox.workspaceId, email) : null;
  }

  private client(inbox: Inbox): SlackWebApi {
    return this.clients.forToken(inbox.secrets.botToken ?? '');
  }
}
