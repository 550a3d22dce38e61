import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { JsonValue } from '@switchboard/channels';
import { WidgetCsatRating, WidgetMessage, WidgetRequest, WidgetResponse } from '@switchboard/contracts';
import {
  AttachmentRejectedError,
  AttachmentRefusal,
  ConversationMessagesService,
  MessageAttachmentsService,
} from '@switchboard/conversations';
import { CsatService, csatWindowEnd } from '@switchboard/csat';
import type { ConversationOwner, CsatRating, Message } from '@switchboard/database';
import { CustomerTurnService, MessageNotRateableError } from '@switchboard/handoff';
import { WidgetAttachmentQueryDto, WidgetFeedbackDto, WidgetMessageDto } from './dto/widget.dto';
import { WidgetAgentNames } from './widget-agent-names';
import { isCustomerVisible, toWidgetMessage } from './widget-message';
import { WidgetVisitor, widgetError } from './widget-request';

/** What a widget visitor does in their conversation; every query is scoped by the verified token's workspace. */
@Injectable()
export class WidgetConversationService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly messages: ConversationMessagesService,
    private readonly turns: CustomerTurnService,
    private readonly agentNames: WidgetAgentNames,
    private readonly attachments: MessageAttachmentsService,
    private readonly csat: CsatService,
  ) {}

  /** The customer-visible transcript, oldest first; with `after`, only what follows that message. */
  async history(
    visitor: WidgetVisitor,
    after?: string,
  ): Promise<{ owner: ConversationOwner; messages: WidgetMessage[] }> {
    const [conversation, all] = await Promise.all([
      this.messages.getConversation(visitor.workspaceId, visitor.conversationId),
      this.messages.history(visitor.workspaceId, visitor.conversationId, { includePrivate: false }),
    ]);
    const visible = all.filter(isCustomerVisible);
    const index = after ? visible.findIndex((message) => message.id === after) : -1;
    return { owner: conversation.owner, messages: await this.toWidget(visitor, visible.slice(index + 1)) };
  }

  /** Stores the message (once per clientMessageId) and lets the bot answer in the background, on the live stream. */
  async post(visitor: WidgetVisitor, dto: WidgetMessageDto): Promise<{ message: WidgetMessage; duplicate: boolean }> {
    const content = dto.content.trim();
    const length = [...content].length;
    if (length === 0) throw widgetError(HttpStatus.BAD_REQUEST, 'message_empty', 'The message is empty');
    const max = this.config.widget.maxMessageChars;
    if (length > max) {
      throw widgetError(HttpStatus.BAD_REQUEST, 'message_too_long', `The message is longer than ${max} characters`);
    }
    // The reply is not awaited: it arrives on the event stream, and CustomerTurnService tracks and logs it.
    const turn = await this.turns.handleMessage(
      visitor.workspaceId,
      visitor.conversationId,
      { content, clientMessageId: dto.clientMessageId },
      { stream: true },
    );
    return { message: toWidgetMessage(turn.message, null), duplicate: turn.duplicate };
  }

  /**
   * Stores a file the customer sent as their message. The bot does not answer a file (it cannot read one): the
   * message waits in the transcript for an agent, and no turn starts.
   */
  async attach(
    visitor: WidgetVisitor,
    content: Buffer,
    query: WidgetAttachmentQueryDto,
  ): Promise<{ message: WidgetMessage; duplicate: boolean }> {
    try {
      const received = await this.attachments.receive(visitor.workspaceId, visitor.conversationId, {
        content,
        fileName: query.name,
        clientMessageId: query.clientMessageId,
      });
      return { message: (await this.toWidget(visitor, [received.message]))[0], duplicate: received.duplicate };
    } catch (error) {
      if (error instanceof AttachmentRejectedError) throw attachmentRefused(error);
      throw error;
    }
  }

  async feedback(visitor: WidgetVisitor, dto: WidgetFeedbackDto): Promise<{ handedOff: boolean }> {
    const message = await this.publicMessage(visitor, dto.messageId);
    if (!message) throw widgetError(HttpStatus.NOT_FOUND, 'message_not_found', 'No such message in this conversation');
    try {
      return await this.turns.recordFeedback(visitor.workspaceId, visitor.conversationId, message.id, dto.rating);
    } catch (error) {
      if (error instanceof MessageNotRateableError) {
        throw widgetError(HttpStatus.BAD_REQUEST, 'message_not_rateable', 'Only the bot answers can be rated');
      }
      throw error;
    }
  }

  /** "Talk to a human". */
  async handoff(visitor: WidgetVisitor): Promise<{ owner: ConversationOwner }> {
    await this.turns.requestHuman(visitor.workspaceId, visitor.conversationId);
    return { owner: (await this.messages.getConversation(visitor.workspaceId, visitor.conversationId)).owner };
  }

  /** The customer's rating, in answer to the bot's rating request of their conversation. */
  async rate(visitor: WidgetVisitor, dto: WidgetRequest<'POST csat'>): Promise<WidgetResponse<'POST csat'>> {
    const given = { score: dto.score, comment: dto.comment, channel: 'widget' as const };
    const { rating, changeableUntil } = await this.csat.rateRequest(
      visitor.workspaceId,
      visitor.conversationId,
      dto.messageId,
      given,
    );
    return { rating: widgetRating(rating, changeableUntil) };
  }

  /** "End chat" with the bot. */
  async end(visitor: WidgetVisitor): Promise<{ owner: ConversationOwner }> {
    await this.csat.endBotConversation(visitor.workspaceId, visitor.conversationId);
    return { owner: (await this.messages.getConversation(visitor.workspaceId, visitor.conversationId)).owner };
  }

  /** The offline form. */
  async contact(visitor: WidgetVisitor, email: string): Promise<{ ok: true }> {
    await this.turns.collectEmail(visitor.workspaceId, visitor.conversationId, email.trim());
    return { ok: true };
  }

  /** One customer-visible message for the live stream, or null (a note, a system line, or not in this conversation). */
  async visibleMessage(visitor: WidgetVisitor, messageId: string): Promise<WidgetMessage | null> {
    const message = await this.publicMessage(visitor, messageId);
    if (!message || !isCustomerVisible(message)) return null;
    return (await this.toWidget(visitor, [message]))[0] ?? null;
  }

  /**
   * The message a live event carries, as the widget shows it, with no read: null when the event carries none, or
   * one of another conversation, or one the customer may not see.
   */
  async shownSnapshot(visitor: WidgetVisitor, snapshot: JsonValue | undefined): Promise<WidgetMessage | null> {
    const message = messageOfSnapshot(snapshot);
    if (!message || message.conversationId !== visitor.conversationId || !isCustomerVisible(message)) return null;
    return (await this.toWidget(visitor, [message]))[0] ?? null;
  }

  /** A message of the visitor's conversation that is not an internal note, as stored, or null. */
  private publicMessage(visitor: WidgetVisitor, messageId: string): Promise<Message | null> {
    return this.messages.findMessage(visitor.workspaceId, messageId, {
      conversationId: visitor.conversationId,
      includePrivate: false,
    });
  }

  private async toWidget(visitor: WidgetVisitor, messages: Message[]): Promise<WidgetMessage[]> {
    const agentIds = messages.filter((message) => message.author === 'agent').map((message) => message.agentId);
    const names =
      agentIds.length > 0
        ? await this.agentNames.names(visitor.workspaceId, agentIds)
        : new Map<string, string | null>();
    const files = await this.attachments.viewsOf(visitor.workspaceId, messages);
    const shown = messages.map((message) =>
      toWidgetMessage(message, message.agentId ? (names.get(message.agentId) ?? null) : null, files.get(message.id)),
    );
    return this.withGivenRating(visitor, shown);
  }

  /** Rating requests carry the rating already given, so the widget shows it after a reload (one read, when any). */
  private async withGivenRating(visitor: WidgetVisitor, messages: WidgetMessage[]): Promise<WidgetMessage[]> {
    if (!messages.some((message) => message.ratingRequest)) return messages;
    const rating = await this.csat.ratingOf(visitor.workspaceId, visitor.conversationId);
    if (!rating) return messages;
    const { windowDays } = this.config.csat;
    return messages.map((message) =>
      message.ratingRequest
        ? { ...message, rating: widgetRating(rating, csatWindowEnd(new Date(message.createdAt), windowDays)) }
        : message,
    );
  }
}

function widgetRating(rating: CsatRating, changeableUntil: Date): WidgetCsatRating {
  return { score: rating.score, comment: rating.comment, changeableUntil: changeableUntil.toISOString() };
}

const REFUSALS: Record<AttachmentRefusal, { status: HttpStatus; code: string }> = {
  empty: { status: HttpStatus.BAD_REQUEST, code: 'attachment_empty' },
  too_large: { status: HttpStatus.PAYLOAD_TOO_LARGE, code: 'attachment_too_large' },
  unsupported_type: { status: HttpStatus.UNSUPPORTED_MEDIA_TYPE, code: 'attachment_type_unsupported' },
};

/** The widget's error for a refused file: 400 empty, 413 too large, 415 not an accepted type. */
function attachmentRefused(error: AttachmentRejectedError): HttpException {
  const { status, code } = REFUSALS[error.reason];
  return widgetError(status, code, error.message);
}

/** The stored message a live event carries (see RealtimeBridgeListener), or null when it is missing or malformed. */
function messageOfSnapshot(snapshot: JsonValue | undefined): Message | null {
  if (typeof snapshot !== 'object' || snapshot === null || Array.isArray(snapshot)) return null;
  const { id, conversationId, createdAt, content, author } = snapshot;
  if (typeof id !== 'string' || typeof conversationId !== 'string' || typeof content !== 'string') return null;
  if (typeof createdAt !== 'string' || typeof author !== 'string') return null;
  const at = new Date(createdAt);
  if (Number.isNaN(at.getTime())) return null;
  return { ...(snapshot as unknown as Message), createdAt: at };
}
