import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ConversationMessagesService } from '@switchboard/conversations';
import type { Inbox } from '@switchboard/database';
import { SlackAgentActionsService } from './slack-agent-actions.service';
import { SlackInboxStatusService } from './slack-inbox-status.service';
import { stringOf, stripMentions } from './slack-payload';
import { slackThreadId } from './slack-thread';

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

/** A question to store: the Slack thread it belongs to, who asked, and Slack's id for it. */
interface SlackQuestion {
  threadId: string;
  user: string;
  text: string;
  clientMessageId: string;
  /** /ask: always a new conversation, whose first answer opens the thread. */
  fresh: boolean;
}

type AnswerMode = 'mention' | 'all';

const MAX_QUESTION_CHARS = 4000;

/**
 * Slack's requests to a Slack inbox, once the api has checked their signature: store a question (the worker answers
 * it through the queue, so Slack gets its acknowledgement well within 3 s), mark the inbox broken when Slack revokes
 * it, and hand button presses and the mirror's replies to SlackAgentActionsService.
 */
@Injectable()
export class SlackReceiverService implements OnModuleDestroy {
  private readonly logger = new Logger(SlackReceiverService.name);
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly messages: ConversationMessagesService,
    private readonly status: SlackInboxStatusService,
    private readonly actions: SlackAgentActionsService,
  ) {}

  /** Events API: url_verification is answered; an event is stored once, whatever Slack's retries. */
  async handleEvent(inbox: Inbox, body: Record<string, unknown>): Promise<{ challenge?: string }> {
    if (body.type === 'url_verification') return { challenge: stringOf(body.challenge) };
    if (body.type !== 'event_callback' || typeof body.event !== 'object' || body.event === null) return {};
    const event = body.event as SlackMessageEvent;
    switch (event.type) {
      case 'app_mention':
        await this.onMention(inbox, event);
        break;
      case 'message':
        await this.onMessage(inbox, event, botUserId(body));
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

  /** /ask: a new conversation whose answer opens a thread in the channel. `timestamp` is Slack's request time. */
  async handleCommand(
    inbox: Inbox,
    body: Record<string, unknown>,
    timestamp: string | undefined,
  ): Promise<SlackCommandReply> {
    const text = stringOf(body.text).trim();
    const channel = stringOf(body.channel_id);
    const user = stringOf(body.user_id);
    const trigger = stringOf(body.trigger_id);
    if (!text) return reply('Ask a question after the command, e.g. `/ask How do refunds work?`');
    if (!channel || !user) return reply('Slack did not say where you asked.');
    await this.ask(inbox, {
      threadId: slackThreadId(channel, null),
      user,
      text,
      clientMessageId: `slack:ask:${trigger || `${channel}:${String(timestamp)}:${user}`}`,
      fresh: true,
    });
    return reply(`Looking into it: “${text.slice(0, 200)}”`);
  }

  /**
   * Buttons: helpful / not helpful, "Ask a human" on answers; "Claim" on mirrored tickets. Run after the
   * acknowledgement: opening a ticket may wait on the model (its summary), and Slack wants an answer within 3 s.
   */
  handleInteraction(inbox: Inbox, body: Record<string, unknown>): void {
    const work = this.actions
      .press(inbox, stringOf(body.payload))
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
    const { channel, user, ts } = event;
    // Edits, deletions, joins and every bot's messages (ours included) are not questions.
    if (event.subtype || event.bot_id || !user || !channel || !ts) return;
    if (botUserId && user === botUserId) return;
    if (channel === inbox.settings.mirrorChannel) {
      const text = event.text ?? '';
      if (event.thread_ts)
        await this.actions.relayAgentReply(inbox, { channel, user, ts, text, thread_ts: event.thread_ts });
      return;
    }
    // A mention also arrives as app_mention: that event asks, so one message never opens two conversations.
    if (botUserId && (event.text ?? '').includes(`<@${botUserId}>`) && event.channel_type !== 'im') return;
    const threadId = this.questionThread(inbox, event, channel, ts);
    if (!threadId) return;
    // A follow-up in a channel's thread is a question only where the bot answers: it keeps that conversation's context.
    if (event.thread_ts && event.channel_type !== 'im' && !(await this.threadOf(inbox, threadId))) return;
    const text = stripMentions(event.text ?? '');
    await this.ask(inbox, { threadId, user, text, clientMessageId: `slack:${channel}:${ts}`, fresh: false });
  }

  /** The thread a plain message asks in: a DM's or a thread's own; a channel's top level only in mode 'all'. */
  private questionThread(inbox: Inbox, event: SlackMessageEvent, channel: string, ts: string): string | null {
    if (event.channel_type === 'im' || event.thread_ts) return slackThreadId(channel, event.thread_ts ?? ts);
    return this.modeOf(inbox, channel) === 'all' ? slackThreadId(channel, ts) : null;
  }

  /** Stores the question in the thread's conversation; receiveCustomerMessage queues the answer, once per message. */
  private async ask(inbox: Inbox, question: SlackQuestion): Promise<void> {
    const text = question.text.trim().slice(0, MAX_QUESTION_CHARS);
    if (!text) return;
    const conversationId = await this.conversationFor(inbox, question);
    await this.messages.receiveCustomerMessage(inbox.workspaceId, conversationId, {
      content: text,
      clientMessageId: question.clientMessageId,
      metadata: { slack: { user: question.user, thread: question.threadId } },
      answerLater: true,
    });
  }

  /** One thread, one conversation: openThread serialises on the thread, so Slack's retries find the same one. */
  private async conversationFor(inbox: Inbox, { threadId, user, fresh }: SlackQuestion): Promise<string> {
    const existing = fresh ? null : await this.threadOf(inbox, threadId);
    if (existing) return existing;
    const visitor = { inboxId: inbox.id, sourceId: user };
    return (await this.messages.openThread(inbox.workspaceId, visitor, threadId, fresh ? 'never' : 'inbox')).id;
  }

  private async threadOf(inbox: Inbox, threadId: string): Promise<string | null> {
    const found = await this.messages.findConversation(inbox.workspaceId, {
      inboxId: inbox.id,
      externalThreadId: threadId,
    });
    return found?.id ?? null;
  }

  private modeOf(inbox: Inbox, channel: string): AnswerMode {
    const modes = inbox.settings.channelModes;
    const own = typeof modes === 'object' && modes !== null ? (modes as Record<string, unknown>)[channel] : undefined;
    const mode = own ?? inbox.settings.mode;
    return mode === 'all' ? 'all' : 'mention';
  }
}

function reply(text: string): SlackCommandReply {
  return { response_type: 'ephemeral', text };
}

function botUserId(body: Record<string, unknown>): string | null {
  const authorizations = body.authorizations;
  if (!Array.isArray(authorizations)) return null;
  const first = authorizations[0] as Record<string, unknown> | undefined;
  return typeof first?.user_id === 'string' ? first.user_id : null;
}
