import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { ConsoleMessage, ConversationDetail } from '@switchboard/contracts';
import {
  AttachmentWithContent,
  ConversationMessagesService,
  MessageAttachmentsService,
  PREVIEWABLE_TYPES,
} from '@switchboard/conversations';
import type { WorkspaceId } from '@switchboard/database';
import { BLOB_STORE, BlobStore } from '@switchboard/knowledge';
import { EMAIL_ATTACHMENT_SOURCE } from '@switchboard/channels';
import { TicketsService } from '@switchboard/handoff';
import { ConsoleViewsService } from './console-views.service';

/** A conversation as agents see it (notes included), and what they write in it. */
@Injectable()
export class ConsoleConversationsService {
  constructor(
    private readonly messages: ConversationMessagesService,
    private readonly tickets: TicketsService,
    private readonly views: ConsoleViewsService,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly attachments: MessageAttachmentsService,
  ) {}

  /** A customer's file in this conversation; 404 for another conversation's or workspace's, and with `preview`, for a PDF. */
  async file(
    workspaceId: WorkspaceId,
    conversationId: string,
    attachmentId: string,
    use: 'download' | 'preview',
  ): Promise<AttachmentWithContent> {
    const opened = await this.attachments.open(workspaceId, conversationId, attachmentId);
    if (!opened) throw new NotFoundException('Attachment not found');
    if (use === 'preview' && !PREVIEWABLE_TYPES.has(opened.attachment.contentType)) {
      throw new NotFoundException('Only images have a preview: download the file');
    }
    return opened;
  }

  /** A stored e-mail attachment of a message in this conversation; 404 for one too large to have been kept. */
  async attachment(
    workspaceId: WorkspaceId,
    conversationId: string,
    messageId: string,
    index: number,
  ): Promise<{ name: string; content: Buffer }> {
    const message = await this.messages.findMessage(workspaceId, messageId, { conversationId, includePrivate: true });
    const attachments: unknown =
      message && 'attachments' in message.metadata ? message.metadata.attachments : undefined;
    const entry: unknown = Array.isArray(attachments) ? attachments[index] : undefined;
    if (!isStoredAttachment(entry)) throw new NotFoundException('No stored attachment there');
    const content = await this.blobs.get({ workspaceId, sourceId: EMAIL_ATTACHMENT_SOURCE, documentId: entry.blobKey });
    return { name: entry.name, content };
  }

  async detail(workspaceId: WorkspaceId, conversationId: string): Promise<ConversationDetail> {
    const conversation = await this.views.conversationView(workspaceId, conversationId);
    const [history, tickets] = await Promise.all([
      this.messages.history(workspaceId, conversationId, { includePrivate: true }),
      this.tickets.list(workspaceId, { conversationId }),
    ]);
    const [messages, ticketViews] = await Promise.all([
      this.views.consoleMessages(workspaceId, history),
      this.views.ticketViews(workspaceId, tickets),
    ]);
    return { conversation, messages, tickets: ticketViews };
  }

  /** A public reply (the agent must own the conversation) or, with isPrivate, an internal note. */
  async write(
    workspaceId: WorkspaceId,
    conversationId: string,
    agentId: string,
    input: { content: string; private?: boolean },
  ): Promise<ConsoleMessage> {
    const message = await this.messages.addAgentMessage(workspaceId, conversationId, agentId, input.content, {
      private: input.private ?? false,
    });
    const [view] = await this.views.consoleMessages(workspaceId, [message]);
    return view;
  }
}

function isStoredAttachment(value: unknown): value is { name: string; blobKey: string } {
  if (typeof value !== 'object' || value === null) return false;
  const { name, blobKey } = value as Record<string, unknown>;
  return typeof name === 'string' && typeof blobKey === 'string';
}
