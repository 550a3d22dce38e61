import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ConversationEventsBus, JsonValue, RealtimeEvent, Unsubscribe } from '@switchboard/channels';
import { WidgetEventName, WidgetEvents } from '@switchboard/contracts';
import { ConversationMessagesService, MESSAGE_CREATED, OWNERSHIP_EVENT_NAMES } from '@switchboard/conversations';
import { CONVERSATION_OWNERS, ConversationOwner } from '@switchboard/database';
import { Response } from 'express';
import { EventStream } from '../http/event-stream';
import { WidgetConversationService } from './widget-conversation.service';
import { WidgetVisitor } from './widget-request';

const OWNERSHIP_EVENTS: ReadonlySet<string> = new Set(OWNERSHIP_EVENT_NAMES);
/** How often an open stream checks that its token still holds: a revoked or expired token's stream is closed. */
export const STREAM_REVERIFY_MS = 10_000;

type Send = <Name extends WidgetEventName>(event: Name, data: WidgetEvents[Name]) => void;

/**
 * The widget's live stream of one conversation. Per connection: one listener on the process's shared Redis
 * subscription, one timer, and one indexed read per stored message. Events are written in the order they arrived.
 */
@Injectable()
export class WidgetEventsService implements OnModuleDestroy {
  private readonly logger = new Logger(WidgetEventsService.name);
  private readonly open = new Set<Response>();

  constructor(
    private readonly bus: ConversationEventsBus,
    private readonly messages: ConversationMessagesService,
    private readonly conversations: WidgetConversationService,
  ) {}

  /**
   * Subscribes before answering, so a stream that cannot be live (Redis down) is a 503 with Retry-After, not an
   * empty 200. When Redis comes back after an outage, `ready` is sent again: the widget fills the gap from history.
   * The stream ends when `tokenHolds` says the token it connected with was revoked or has expired; the widget then
   * reconnects with its current token, or starts a new session.
   */
  async stream(visitor: WidgetVisitor, response: Response, tokenHolds: () => Promise<boolean>): Promise<void> {
    let events: EventStream | null = null;
    let closed = false;
    let unsubscribe: Unsubscribe | null = null;
    let reverify: NodeJS.Timeout | null = null;
    const send: Send = (event, data) => {
      if (!closed) events?.send(event, data);
    };
    const close = (): void => {
      if (closed) return;
      closed = true;
      if (reverify) clearInterval(reverify);
      this.open.delete(response);
      if (unsubscribe) this.release(unsubscribe);
      if (events) events.end();
      else if (!response.writableEnded) response.end();
    };

    // Everything heard before `ready` is written waits behind it, so the stream always starts with `ready`.
    let opened!: () => void;
    let queue = new Promise<void>((resolve) => (opened = resolve));
    const enqueue = (task: () => Promise<void>): void => {
      queue = queue
        .then(() => (closed ? undefined : task()))
        .catch((error: unknown) => this.logger.warn(`widget event dropped: ${describe(error)}`));
    };
    const sendReady = async (): Promise<void> => {
      const conversation = await this.messages.getConversation(visitor.workspaceId, visitor.conversationId);
      send('ready', { owner: conversation.owner });
    };
    // Throws RedisUnavailableError (503) while Redis is down; nothing has been written yet.
    unsubscribe = await this.bus.subscribe(
      visitor.workspaceId,
      visitor.conversationId,
      (event) => enqueue(() => this.forward(visitor, event, send)),
      { onResumed: () => enqueue(sendReady) },
    );
    response.on('close', close);
    if (response.destroyed) return close();
    events = new EventStream(response);
    this.open.add(response);
    reverify = setInterval(() => {
      tokenHolds().then(
        (holds) => (holds ? undefined : close()),
        (error: unknown) => this.logger.warn(`widget stream token check failed: ${describe(error)}`),
      );
    }, STREAM_REVERIFY_MS);
    reverify.unref();
    try {
      await sendReady();
    } catch (error) {
      this.logger.warn(`widget stream failed to start: ${describe(error)}`);
      close();
    } finally {
      opened();
    }
  }

  /** Ends every open stream, so the server can close; the widget reconnects (to another process) and catches up. */
  onModuleDestroy(): void {
    for (const response of [...this.open]) response.end();
  }

  /** `message.created` is the one source of `message`: the full-message delivery push is ignored. */
  private async forward(visitor: WidgetVisitor, event: RealtimeEvent, send: Send): Promise<void> {
    const data = event.data;
    const replyTo = stringOf(data.replyTo);
    switch (event.name) {
      case MESSAGE_CREATED: {
        const messageId = stringOf(data.messageId);
        if (!messageId || data.private !== false || data.author === 'system') return;
        // The message rides along on the event; one without it (from an older process) is read.
        const message =
          (await this.conversations.shownSnapshot(visitor, data.message)) ??
          (await this.conversations.visibleMessage(visitor, messageId));
        if (message) send('message', message);
        return;
      }
      case 'answer.typing':
        if (replyTo) send('typing', { who: data.who === 'agent' ? 'agent' : 'bot', replyTo });
        return;
      case 'answer.token':
      case 'answer.reset': {
        const text = stringOf(data.text);
        if (replyTo && text !== null) send(event.name === 'answer.token' ? 'token' : 'reset', { replyTo, text });
        return;
      }
      case 'answer.discard':
        if (replyTo) send('discard', { replyTo });
        return;
      default:
        if (OWNERSHIP_EVENTS.has(event.name) && isOwner(data.to)) send('owner', { owner: data.to });
    }
  }

  private release(unsubscribe: Unsubscribe): void {
    unsubscribe().catch((error: unknown) => this.logger.warn(`widget stream unsubscribe failed: ${describe(error)}`));
  }
}

function stringOf(value: JsonValue | undefined): string | null {
  return typeof value === 'string' ? value : null;
}

function isOwner(value: JsonValue | undefined): value is ConversationOwner {
  return CONVERSATION_OWNERS.some((owner) => owner === value);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
