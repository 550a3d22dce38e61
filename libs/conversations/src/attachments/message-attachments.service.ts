import { Inject, Injectable } from '@nestjs/common';
import type { MessageFile } from '@switchboard/contracts';
import type { AttachmentContentType, Message, MessageAttachment, WorkspaceId } from '@switchboard/database';
import { detailsOf } from '@switchboard/database';
import { KeyedBlobStore } from '@switchboard/storage';
import { createHash, randomUUID } from 'node:crypto';
import { ConversationMessagesService, ReceivedMessage } from '../conversation-messages.service';
import { ConversationsRepository } from '../conversations.repository';
import { PREVIEWABLE_TYPES, sanitiseFileName, sniffAttachmentType } from './attachment-sniffing';
import { MessageAttachmentsRepository, NewAttachment } from './message-attachments.repository';

/** The blob store of attachments: its own root under DATA_DIR, keyed workspace / conversation / blob. */
export const ATTACHMENT_BLOBS = Symbol('ATTACHMENT_BLOBS');
/** ATTACHMENT_MAX_BYTES, as the service enforces it (the HTTP layer stops reading at the same size). */
export const ATTACHMENT_MAX_BYTES = Symbol('ATTACHMENT_MAX_BYTES');

export type AttachmentRefusal = 'empty' | 'too_large' | 'unsupported_type';

/** A file refused before anything is stored. */
export class AttachmentRejectedError extends Error {
  constructor(
    readonly reason: AttachmentRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'AttachmentRejectedError';
  }
}

/** What a visitor sent: the bytes, the name their file had, and the widget's idempotency key. */
export interface AttachmentUpload {
  content: Buffer;
  fileName?: string | null;
  clientMessageId?: string | null;
}

/** One attachment with its bytes: for a download, and for the contact's data export. */
export interface AttachmentWithContent {
  attachment: MessageAttachment;
  content: Buffer;
}

/**
 * Files customers attach to a message (widget uploads): sniffed, stored in the attachments blob store, listed under
 * their message, read back by agents, and erased with their contact or their conversations.
 */
@Injectable()
export class MessageAttachmentsService {
  constructor(
    private readonly attachments: MessageAttachmentsRepository,
    private readonly messages: ConversationMessagesService,
    private readonly conversations: ConversationsRepository,
    @Inject(ATTACHMENT_BLOBS) private readonly blobs: KeyedBlobStore,
    @Inject(ATTACHMENT_MAX_BYTES) private readonly maxBytes: number,
  ) {}

  /**
   * Stores the file as a new customer message of the conversation (once per clientMessageId). The bot does not answer
   * a file: the message is left for agents, and the caller starts no turn.
   */
  async receive(workspaceId: WorkspaceId, conversationId: string, upload: AttachmentUpload): Promise<ReceivedMessage> {
    const contentType = this.check(upload.content);
    const fileName = sanitiseFileName(upload.fileName);
    const blobKey = randomUUID();
    await this.blobs.put([workspaceId, conversationId, blobKey], upload.content);
    const received = await this.storeMessage(workspaceId, conversationId, upload, {
      blobKey,
      contentType,
      fileName,
      byteSize: upload.content.length,
      sha256: createHash('sha256').update(upload.content).digest('hex'),
    });
    // A retry of an upload already stored keeps the first copy's blob.
    if (received.duplicate) await this.blobs.delete([workspaceId, conversationId, blobKey]);
    return received;
  }

  /** The attachments of these messages by message id; no query unless one of them was stored with a file. */
  async viewsOf(workspaceId: WorkspaceId, messages: readonly Message[]): Promise<Map<string, MessageFile[]>> {
    const withFiles = messages.filter((message) => {
      const details = detailsOf(message);
      return details.kind === 'message' && details.metadata.fileAttached === true;
    });
    const byMessage = new Map<string, MessageFile[]>();
    if (withFiles.length === 0) return byMessage;
    const rows = await this.attachments.forMessages(
      workspaceId,
      withFiles.map((message) => message.id),
    );
    for (const row of rows) byMessage.set(row.messageId, [...(byMessage.get(row.messageId) ?? []), viewOf(row)]);
    return byMessage;
  }

  /** One attachment of the conversation with its bytes, or null: another workspace's or conversation's is not found. */
  async open(workspaceId: WorkspaceId, conversationId: string, id: string): Promise<AttachmentWithContent | null> {
    const attachment = await this.attachments.inConversation(workspaceId, conversationId, id);
    if (!attachment) return null;
    return { attachment, content: await this.blobs.get(keyOf(attachment)) };
  }

  /** Everything the contact attached, with the bytes (GDPR access and portability). */
  async exportForContact(workspaceId: WorkspaceId, contactId: string): Promise<AttachmentWithContent[]> {
    const rows = await this.attachments.ofContact(workspaceId, contactId);
    return Promise.all(
      rows.map(async (attachment) => ({ attachment, content: await this.blobs.get(keyOf(attachment)) })),
    );
  }

  /** Deletes the contact's attachments, rows and blobs (GDPR erasure); returns how many. */
  async eraseForContact(workspaceId: WorkspaceId, contactId: string): Promise<number> {
    return this.erase(workspaceId, await this.attachments.ofContact(workspaceId, contactId));
  }

  /**
   * Deletes the attachments of these conversations, rows and blobs; returns how many. Retention calls it before it
   * deletes the conversations (the rows would go with their messages, the blobs would not).
   */
  async eraseForConversations(workspaceId: WorkspaceId, conversationIds: readonly string[]): Promise<number> {
    return this.erase(workspaceId, await this.attachments.ofConversations(workspaceId, conversationIds));
  }

  /**
   * Retention: deletes the files of conversations just deleted (their rows went with their messages); returns how many
   * conversations' folders were removed.
   */
  async eraseFilesOfDeletedConversations(
    workspaceId: WorkspaceId,
    conversationIds: readonly string[],
  ): Promise<number> {
    const gone = (await this.blobs.list([workspaceId])).filter((folder) => conversationIds.includes(folder));
    await Promise.all(gone.map((conversationId) => this.blobs.delete([workspaceId, conversationId])));
    return gone.length;
  }

  /**
   * Deletes the blob folders of the workspace's conversations that are gone (deleted without eraseForConversations
   * first: their rows went with their messages); returns how many folders went. A live conversation's folder is
   * kept, so an upload in flight (blob written, row not yet) is never swept.
   */
  async sweepOrphanBlobs(workspaceId: WorkspaceId): Promise<number> {
    const folders = await this.blobs.list([workspaceId]);
    const kept = await this.conversations.existingIds(workspaceId, folders);
    const orphans = folders.filter((conversationId) => !kept.has(conversationId));
    await Promise.all(orphans.map((conversationId) => this.blobs.delete([workspaceId, conversationId])));
    return orphans.length;
  }

  private check(content: Buffer): AttachmentContentType {
    if (content.length === 0) throw new AttachmentRejectedError('empty', 'The file is empty');
    if (content.length > this.maxBytes) {
      throw new AttachmentRejectedError('too_large', `The file is larger than the limit of ${this.maxBytes} bytes`);
    }
    const type = sniffAttachmentType(content);
    if (!type) {
      throw new AttachmentRejectedError(
        'unsupported_type',
        'Only JPEG, PNG, GIF and WebP images and PDF documents can be attached',
      );
    }
    return type;
  }

  private async storeMessage(
    workspaceId: WorkspaceId,
    conversationId: string,
    upload: AttachmentUpload,
    attachment: NewAttachment,
  ): Promise<ReceivedMessage> {
    try {
      // The file's name is the message's text: transcripts, exports and previews that read only text still say what came.
      return await this.messages.receiveCustomerMessage(workspaceId, conversationId, {
        content: attachment.fileName,
        clientMessageId: upload.clientMessageId,
        metadata: { fileAttached: true },
        attachment,
      });
    } catch (error) {
      await this.blobs.delete([workspaceId, conversationId, attachment.blobKey]);
      throw error;
    }
  }

  private async erase(workspaceId: WorkspaceId, rows: readonly MessageAttachment[]): Promise<number> {
    const deleted = await this.attachments.deleteMany(
      workspaceId,
      rows.map((row) => row.id),
    );
    await Promise.all(rows.map((row) => this.blobs.delete(keyOf(row))));
    return deleted;
  }
}

function keyOf(attachment: Pick<MessageAttachment, 'workspaceId' | 'conversationId' | 'blobKey'>): string[] {
  return [attachment.workspaceId, attachment.conversationId, attachment.blobKey];
}

function viewOf(row: MessageAttachment): MessageFile {
  return {
    id: row.id,
    name: row.fileName,
    contentType: row.contentType,
    size: row.byteSize,
    previewable: PREVIEWABLE_TYPES.has(row.contentType),
  };
}
