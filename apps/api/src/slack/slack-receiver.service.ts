import { Injectable, Logger, OnModuleDestroy, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  SLACK_ACTIONS,
  SlackInboxStatusService,
  SlackTicketThreadsRepository,
  SlackWebApi,
  SlackWebApiFactory,
  parseMessageActionValue,
  slackThreadId,
} from '@switchboard/channels';
import { ConversationMessagesService, NotConversationOwnerError } from '@switchboard/conversations';
import { Agent, Conversation, Inbox, Message } from '@switchboard/database';
import {
  CustomerTurnService,
  IllegalTicketTransitionError,
  MessageNotRateableError,
  TicketAlreadyClaimedError,
  TicketsService,
} from '@switchboard/handoff';
import { DataSource } from 'typeorm';
import { checkSlackSignature } from './slack-signature';

/** A request from Slack as the controller received it: the raw body is what Slack signed. */
export interface SlackRequest {
  inboxKey: string;
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: Buffer | undefined;
  body: Record<string, unknown>;
}

/** What the slash command answers at once, only to the person who typed it. */
export interface SlackCommandReply {
  response_type: 'ephemeral';
  text: string;
}

interface SlackMessageEvent {
  type: string;
  subtype?: string;
  channel?: string;
  channel_type?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
}

type AnswerMode = 'mention' | 'all';

const MAX_QUESTION_CHARS = 4000;

/**
 * The Slack receiver's use cases: verify the request, then store the question (the worker answers it through the
 * queue, so Slack gets its acknowledgement well within 3 s), record a button press, or relay an agent's reply from
 * the escalation mirror to the customer's own channel.
 */
@Injectable()
export class SlackReceiverService implements OnModuleDestroy {
  private readonly logger = new Logger(SlackReceiverService.name);
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly messages: ConversationMessagesService,
    private readonly turns: CustomerTurnService,
    private readonly tickets: TicketsService,
    private readonly clients: SlackWebApiFactory,
    private readonly status: SlackInboxStatusService,
    private readonly threads: SlackTicketThreadsRepository,
  ) {}

  /** Events API: url_verification is answered; an event is stored once, whatever Slack's retries. */
  async handleEvent(request: SlackRequest): Promise<{ challenge?: string }> {
    const inbox = await this.verify(request);
    const body = request.body;
    if (body.type === 'url_verification') return { challenge: stringOf(body.challenge) };
    if (body.type !== 'event_callback' || typeof body.event !== 'object' || body.event === null) return {};
    const event = body.event as SlackMessageEvent;
    const botUserId = this.botUserId(body);
    switch (event.type) {
      case 'app_mention':
        await this.onMention(inbox, event);
        break;
      case 'message':
        await this.onMessage(inbox, event, botUserId);
        break;
      case 'tokens_revoked':
      case 'app_uninstalled':
        await this.status.markBroken(inbox.workspaceId, inbox.id, event.type);
        break;
      default:
        break;
    }
    return {};
  }

  /** /ask: a new conversation whose answer opens a thread in the channel. */
  async handleCommand(request: SlackRequest): Promise<SlackCommandReply> {
    const inbox = await this.verify(request);
    const text = stringOf(request.body.text).trim();
    const channel = stringOf(request.body.channel_id);
    const user = stringOf(request.body.user_id);
    const trigger = stringOf(request.body.trigger_id);
    if (!text)
      return { response_type: 'ephemeral', text: 'Ask a question after the command, e.g. `/ask How do refunds work?`' };
    if (!channel || !user) return { response_type: 'ephemeral', text: 'Slack did not say where you asked.' };
    await this.ask(inbox, {
      threadId: slackThreadId(channel, null),
      user,
      text,
      clientMessageId: `slack:ask:${trigger || `${channel}:${String(request.timestamp)}:${user}`}`,
      fresh: true,
    });
    return { response_type: 'ephemeral', text: `Looking into it: “${text.slice(0, 200)}”` };
  }

  /**
   * Buttons: helpful / not helpful, "Ask a human" on answers; "Claim" on mirrored tickets. Acknowledged once
   * verified: opening a ticket may wait on the model (its summary), and Slack wants an answer within 3 s.
   */
  async handleInteraction(request: SlackRequest): Promise<void> {
    const inbox = await this.verify(request);
    const work = this.runActions(inbox, request)
      .catch((error: unknown) => {
        this.logger.error(
          `slack action failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      })
      .finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private async runActions(inbox: Inbox, request: SlackRequest): Promise<void> {
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(stringOf(request.body.payload)) as Record<string, unknown>;
    } catch {
      return;
    }
    if (payload.type !== 'block_actions' || !Array.isArray(payload.actions)) return;
    const user = stringOf((payload.user as Record<string, unknown> | undefined)?.id);
    const channel = stringOf((payload.channel as Record<string, unknown> | undefined)?.id);
    const message = (payload.message ?? {}) as Record<string, unknown>;
    for (const raw of payload.actions as Array<Record<string, unknown>>) {
      const actionId = stringOf(raw.action_id);
      const value = stringOf(raw.value);
      if (actionId === SLACK_ACTIONS.claim) {
        await this.claim(inbox, { ticketId: value, user, channel, threadTs: stringOf(message.ts) });
        continue;
      }
      const target = parseMessageActionValue(value);
      if (!target) continue;
      const conversation = await this.conversationOf(inbox, target.conversationId);
      if (!conversation) continue;
      const workspaceId = inbox.workspaceId;
      if (actionId === SLACK_ACTIONS.askHuman) {
        await this.turns.requestHuman(workspaceId, conversation.id);
      } else if (actionId === SLACK_ACTIONS.helpful || actionId === SLACK_ACTIONS.notHelpful) {
        try {
          await this.turns.recordFeedback(
            workspaceId,
            conversation.id,
            target.messageId,
            actionId === SLACK_ACTIONS.helpful ? 'up' : 'down',
          );
        } catch (error) {
          if (!(error instanceof MessageNotRateableError)) throw error;
        }
      }
    }
  }

  private async onMention(inbox: Inbox, event: SlackMessageEvent): Promise<void> {
    if (!event.channel || !event.user || !event.ts || event.bot_id) return;
    if (event.channel === inbox.settings.mirrorChannel) return;
    await this.ask(inbox, {
      threadId: slackThreadId(event.channel, event.thread_ts ?? event.ts),
      user: event.user,
      text: stripMentions(event.text ?? ''),
      clientMessageId: `slack:${event.channel}:${event.ts}`,
      fresh: false,
    });
  }

  private async onMessage(inbox: Inbox, event: SlackMessageEvent, botUserId: string | null): Promise<void> {
    // Edits, deletions, joins and every bot's messages (ours included) are not questions.
    if (event.subtype || event.bot_id || !event.user || !event.channel || !event.ts) return;
    if (botUserId && event.user === botUserId) return;
    if (event.channel === inbox.settings.mirrorChannel) {
      if (event.thread_ts) await this.relayAgentReply(inbox, event as Required<SlackMessageEvent>);
      return;
    }
    // A mention also arrives as app_mention: that event asks, so one message never opens two conversations.
    if (botUserId && (event.text ?? '').includes(`<@${botUserId}>`) && event.channel_type !== 'im') return;
    const question = {
      user: event.user,
      text: stripMentions(event.text ?? ''),
      clientMessageId: `slack:${event.channel}:${event.ts}`,
      fresh: false,
    };
    if (event.channel_type === 'im') {
      await this.ask(inbox, { ...question, threadId: slackThreadId(event.channel, event.thread_ts ?? event.ts) });
      return;
    }
    if (event.thread_ts) {
      // A follow-up in a thread the bot answers in keeps that conversation's context.
      const threadId = slackThreadId(event.channel, event.thread_ts);
      if (await this.findThread(inbox, threadId)) await this.ask(inbox, { ...question, threadId });
      return;
    }
    if (this.modeOf(inbox, event.channel) === 'all') {
      await this.ask(inbox, { ...question, threadId: slackThreadId(event.channel, event.ts) });
    }
  }

  /** Stores the question in the thread's conversation; receiveCustomerMessage queues the answer, once per message. */
  private async ask(
    inbox: Inbox,
    question: { threadId: string; user: string; text: string; clientMessageId: string; fresh: boolean },
  ): Promise<void> {
    const text = question.text.trim().slice(0, MAX_QUESTION_CHARS);
    if (!text) return;
    const workspaceId = inbox.workspaceId;
    const conversationId = question.fresh
      ? await this.openThread(inbox, question.threadId, question.user)
      : await this.threadConversation(inbox, question.threadId, question.user);
    await this.messages.receiveCustomerMessage(workspaceId, conversationId, {
      content: text,
      clientMessageId: question.clientMessageId,
      metadata: { slack: { user: question.user, thread: question.threadId } },
      answerLater: true,
    });
  }

  /** One thread, one conversation: serialised per thread, so Slack's retries racing the original find the same one. */
  private threadConversation(inbox: Inbox, threadId: string, user: string): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`slack:${inbox.id}:${threadId}`]);
      const existing = await this.findThread(inbox, threadId);
      return existing?.id ?? this.openThread(inbox, threadId, user);
    });
  }

  private async openThread(inbox: Inbox, threadId: string, user: string): Promise<string> {
    const workspaceId = inbox.workspaceId;
    const { conversation } = await this.messages.openConversation(workspaceId, { inboxId: inbox.id, sourceId: user });
    await this.dataSource
      .getRepository(Conversation)
      .update({ id: conversation.id, workspaceId }, { externalThreadId: threadId });
    return conversation.id;
  }

  private findThread(inbox: Inbox, threadId: string): Promise<Conversation | null> {
    return this.dataSource.getRepository(Conversation).findOne({
      where: { workspaceId: inbox.workspaceId, inboxId: inbox.id, externalThreadId: threadId },
      order: { createdAt: 'ASC' },
    });
  }

  private conversationOf(inbox: Inbox, conversationId: string): Promise<Conversation | null> {
    return this.dataSource
      .getRepository(Conversation)
      .findOne({ where: { id: conversationId, workspaceId: inbox.workspaceId, inboxId: inbox.id } })
      .catch(() => null);
  }

  /** An agent's reply in a mirrored ticket's thread goes to the customer, as the console would send it. */
  private async relayAgentReply(inbox: Inbox, event: Required<SlackMessageEvent>): Promise<void> {
    const mirrored = await this.mirroredTicket(inbox, event.channel, event.thread_ts);
    if (!mirrored) return;
    const workspaceId = inbox.workspaceId;
    const { conversationId, ticketId } = mirrored;
    const client = this.client(inbox);
    const notice = (text: string) =>
      client.postEphemeral({ channel: event.channel, user: event.user, text, threadTs: event.thread_ts });
    const agent = await this.agentOf(inbox, client, event.user);
    if (!agent) {
      await notice('Your Slack e-mail does not match a Switchboard agent of this workspace: nothing was sent.');
      return;
    }
    // Slack's retries of the reply name the same message: its (channel, ts) is the idempotency key.
    const clientMessageId = `slack:${event.channel}:${event.ts}`;
    const already = await this.dataSource
      .getRepository(Message)
      .count({ where: { workspaceId, conversationId, clientMessageId } });
    if (already > 0) return;
    try {
      const conversation = await this.messages.getConversation(workspaceId, conversationId);
      if (!(conversation.owner === 'agent' && conversation.assigneeId === agent.id)) {
        await this.tickets.claim(workspaceId, ticketId, agent.id);
      }
      await this.messages.addAgentMessage(workspaceId, conversationId, agent.id, event.text, { clientMessageId });
    } catch (error) {
      if (
        error instanceof TicketAlreadyClaimedError ||
        error instanceof NotConversationOwnerError ||
        error instanceof IllegalTicketTransitionError
      ) {
        await notice('Another agent owns this conversation, or its ticket is closed: nothing was sent.');
        return;
      }
      throw error;
    }
  }

  private async claim(
    inbox: Inbox,
    input: { ticketId: string; user: string; channel: string; threadTs: string },
  ): Promise<void> {
    const workspaceId = inbox.workspaceId;
    const mirrored = await this.mirroredTicket(inbox, input.channel, input.threadTs);
    if (!mirrored || mirrored.ticketId !== input.ticketId) return;
    const client = this.client(inbox);
    const agent = await this.agentOf(inbox, client, input.user);
    if (!agent) {
      await client.postEphemeral({
        channel: input.channel,
        user: input.user,
        threadTs: input.threadTs,
        text: 'Your Slack e-mail does not match a Switchboard agent of this workspace: the ticket was not claimed.',
      });
      return;
    }
    try {
      await this.tickets.claim(workspaceId, input.ticketId, agent.id);
    } catch (error) {
      if (!(error instanceof TicketAlreadyClaimedError || error instanceof IllegalTicketTransitionError)) throw error;
      await client.postEphemeral({
        channel: input.channel,
        user: input.user,
        threadTs: input.threadTs,
        text: 'This ticket is already claimed or closed.',
      });
      return;
    }
    await client.postMessage({
      channel: input.channel,
      threadTs: input.threadTs,
      text: `Claimed by ${agent.name}: replies in this thread go to the customer.`,
    });
  }

  private async mirroredTicket(
    inbox: Inbox,
    channel: string,
    threadTs: string,
  ): Promise<{ conversationId: string; ticketId: string } | null> {
    return this.threads.findByThread(inbox.workspaceId, channel, threadTs);
  }

  /** The Switchboard agent behind a Slack user, matched on the e-mail of their Slack profile. */
  private async agentOf(inbox: Inbox, client: SlackWebApi, user: string): Promise<Agent | null> {
    const email = await client.userEmail(user);
    if (!email) return null;
    return this.dataSource
      .getRepository(Agent)
      .createQueryBuilder('agent')
      .where('agent.workspaceId = :workspaceId AND lower(agent.email) = lower(:email)', {
        workspaceId: inbox.workspaceId,
        email,
      })
      .getOne();
  }

  private client(inbox: Inbox): SlackWebApi {
    return this.clients.forToken(inbox.secrets.botToken ?? '');
  }

  private modeOf(inbox: Inbox, channel: string): AnswerMode {
    const modes = inbox.settings.channelModes;
    const own = typeof modes === 'object' && modes !== null ? (modes as Record<string, unknown>)[channel] : undefined;
    const mode = own ?? inbox.settings.mode;
    return mode === 'all' ? 'all' : 'mention';
  }

  private botUserId(body: Record<string, unknown>): string | null {
    const authorizations = body.authorizations;
    if (!Array.isArray(authorizations)) return null;
    const first = authorizations[0] as Record<string, unknown> | undefined;
    return typeof first?.user_id === 'string' ? first.user_id : null;
  }

  /** The inbox behind the URL, if the request carries its signing secret's signature; 401 otherwise. */
  private async verify(request: SlackRequest): Promise<Inbox> {
    const inbox = await this.dataSource
      .getRepository(Inbox)
      .createQueryBuilder('inbox')
      .addSelect('inbox.secrets')
      .where('inbox.publicKey = :key AND inbox.channel = :channel', { key: request.inboxKey, channel: 'slack' })
      .getOne();
    const signingSecret = inbox?.secrets.signingSecret;
    const check = signingSecret
      ? checkSlackSignature({
          signingSecret,
          timestamp: request.timestamp,
          signature: request.signature,
          rawBody: request.rawBody,
        })
      : 'missing';
    if (!inbox || check !== 'valid') {
      this.logger.warn(`slack request refused for inbox ${request.inboxKey}: ${check}`);
      throw new UnauthorizedException('Invalid Slack signature');
    }
    return inbox;
  }
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** "<@U123> how do refunds work?" → "how do refunds work?" */
export function stripMentions(text: string): string {
  return text
    .replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
