import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MessageAttachment, TenantRepository, WorkspaceId, asWorkspaceId, isUuid } from '@switchboard/database';
import { EntityManager, In, Repository } from 'typeorm';

/** What an upload stores beside its message; the message, conversation and contact ids come from the message. */
export type NewAttachment = Pick<MessageAttachment, 'blobKey' | 'contentType' | 'fileName' | 'byteSize' | 'sha256'>;

/** The `message_attachments` table: the only file that touches it. Bind it to a unit of work with `withManager`. */
@Injectable()
export class MessageAttachmentsRepository extends TenantRepository<MessageAttachment> {
  constructor(@InjectRepository(MessageAttachment) repository: Repository<MessageAttachment>) {
    super(repository);
  }

  override withManager(manager: EntityManager): MessageAttachmentsRepository {
    return new MessageAttachmentsRepository(manager.getRepository(MessageAttachment));
  }

  /** The attachments of these messages, oldest first, in one query. */
  forMessages(workspaceId: WorkspaceId, messageIds: readonly string[]): Promise<MessageAttachment[]> {
    const ids = messageIds.filter(isUuid);
    if (ids.length === 0) return Promise.resolve([]);
    return this.find(workspaceId, { where: { messageId: In(ids) }, order: { createdAt: 'ASC' } });
  }

  /** One attachment of one conversation, or null (another conversation's, another workspace's, or none). */
  inConversation(workspaceId: WorkspaceId, conversationId: string, id: string): Promise<MessageAttachment | null> {
    if (!isUuid(conversationId) || !isUuid(id)) return Promise.resolve(null);
    return this.findOne(workspaceId, { id, conversationId });
  }

  ofContact(workspaceId: WorkspaceId, contactId: string): Promise<MessageAttachment[]> {
    if (!isUuid(contactId)) return Promise.resolve([]);
    return this.find(workspaceId, { where: { contactId }, order: { createdAt: 'ASC' } });
  }

  ofConversations(workspaceId: WorkspaceId, conversationIds: readonly string[]): Promise<MessageAttachment[]> {
    const ids = conversationIds.filter(isUuid);
    if (ids.length === 0) return Promise.resolve([]);
    return this.find(workspaceId, { where: { conversationId: In(ids) } });
  }

  /** Deletes these rows of the workspace; returns how many went. */
  async deleteMany(workspaceId: WorkspaceId, ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.repository.delete({ workspaceId: asWorkspaceId(workspaceId), id: In([...ids]) });
    return result.affected ?? 0;
  }
}
