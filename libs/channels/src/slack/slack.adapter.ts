import { Injectable } from '@nestjs/common';
import { ConversationMessagesService } from '@switchboard/conversations';
import type { Message } from '@switchboard/database';
import {
  ChannelAdapter,
  ChannelCapabilities,
  ChannelSendContext,
  ChannelSendResult,
  DraftContext,
  LiveDraft,
} from '../channel-adapter';
import { fallbackText, renderMessageBlocks } from './slack-blocks';
import { SlackInboxStatusService } from './slack-inbox-status.service';
import { parseSlackThreadId, slackThreadId } from './slack-thread';
import { SlackApiError } from './slack-web-api';
import { SlackWebApiFactory } from './slack-web-api.factory';

export class SlackInboxNotConfiguredError extends Error {
  constructor(readonly inboxId: string) {
    super(`Slack inbox ${inboxId} has no bot token`);
    this.name = 'SlackInboxNotConfiguredError';
  }

  /** Retrying cannot help until an admin sets the token: the outbound job fails at once. */
  get permanent(): boolean {
    return true;
  }
}

/**
 * Slack for staff: the bot answers in the thread of the question, with citations, a confidence label and buttons.
 * Sends run in the worker's outbound queue. A 429 or 5xx throws SlackRetryableError, retried after Slack's
 * Retry-After (or the queue's backoff); Slack refusing the call (`ok: false`) fails the job at once, and a revoked
 * token also marks the inbox broken.
 */
@Injectable()
export class SlackAdapter implements ChannelAdapter {
  readonly channel = 'slack' as const;
  readonly capabilities: ChannelCapabilities = {
    streaming: false,
    threads: true,
    richButtons: true,
    typingIndicator: false,
    realtime: false,
    internalKnowledge: true,
  };

  constructor(
    private readonly messages: ConversationMessagesService,
    private readonly clients: SlackWebApiFactory,
    private readonly status: SlackInboxStatusService,
  ) {}

  async send({ workspaceId, inbox, conversation, message }: ChannelSendContext): Promise<ChannelSendResult> {
    if (message.private) return {};
    const thread = parseSlackThreadId(conversation.externalThreadId);
    if (!thread) throw new Error(`conversation ${conversation.id} has no Slack thread`);
    const token = inbox.secrets?.botToken;
    if (!token) throw new SlackInboxNotConfiguredError(inbox.id);
    // /ask has no message to thread under: the first answer opens the thread and quotes the question.
    const question = thread.ts ? undefined : await this.questionOf(message);
    try {
      const draftId = message.metadata.draftId;
      if (typeof draftId === 'string' && thread.ts) {
        // The answer was shown while it was written: the final text and buttons replace that draft.
        await this.clients.forToken(token).updateMessage({
          channel: thread.channel,
          ts: draftId,
          text: fallbackText(message),
          blocks: renderMessageBlocks(message, { question }),
        });
        return { externalId: draftId };
      }
      const posted = await this.clients.forToken(token).postMessage({
        channel: thread.channel,
        text: fallbackText(message),
        blocks: renderMessageBlocks(message, { question }),
        ...(thread.ts ? { threadTs: thread.ts } : {}),
      });
      if (!thread.ts && posted.ts) {
        const opened = slackThreadId(thread.channel, posted.ts);
        await this.messages.moveThread(workspaceId, conversation.id, slackThreadId(thread.channel, null), opened);
      }
      return { externalId: posted.ts };
    } catch (error) {
      if (error instanceof SlackApiError && error.revoked) {
        await this.status.markBroken(workspaceId, inbox.id, error.code);
      }
      throw error;
    }
  }

  /** Posts the start of a long answer in its thread and edits it as the rest is written (not for /ask). */
  async startDraft({ inbox, conversation, text }: DraftContext): Promise<LiveDraft | null> {
    const thread = parseSlackThreadId(conversation.externalThreadId);
    const token = inbox.secrets?.botToken;
    if (!thread?.ts || !token) return null;
    const client = this.clients.forToken(token);
    const threadTs = thread.ts;
    const posted = await client.postMessage({ channel: thread.channel, text: `${text} …`, threadTs });
    return {
      externalId: posted.ts,
      update: (next) => client.updateMessage({ channel: thread.channel, ts: posted.ts, text: `${next} …` }),
    };
  }

  private async questionOf(message: Message): Promise<string | undefined> {
    const replyTo = message.replyToMessageId;
    if (!replyTo) return undefined;
    const question = await this.messages.findMessage(message.workspaceId, replyTo, {
      conversationId: message.conversationId,
      includePrivate: true,
    });
    return question?.content;
  }
}
