import { Injectable } from '@nestjs/common';
import type { ContactScope, ErasureCounts, Message, WorkspaceId } from '@switchboard/database';
import { In } from 'typeorm';
import { ContactsRepository } from './contacts.repository';
import { ConversationsRepository, IdleBatch } from './conversations.repository';

export type { IdleBatch } from './conversations.repository';
import { MessagesRepository } from './messages.repository';

/** What the conversations lib holds about a contact, as an export shows it. */
export interface ContactConversationsExport {
  contact: {
    id: string;
    name: string | null;
    email: string | null;
    externalId: string | null;
    attributes: Record<string, unknown>;
    createdAt: Date;
    erasureRequestedAt: Date | null;
  };
  identities: Array<{ inboxId: string; sourceId: string; createdAt: Date }>;
  conversations: Array<{
    id: string;
    inboxId: string;
    owner: string;
    externalThreadId: string | null;
    createdAt: Date;
    lastActivityAt: Date;
  }>;
  messages: Array<
    Pick<Message, 'id' | 'conversationId' | 'direction' | 'author' | 'kind' | 'private' | 'content' | 'feedback'> & {
      createdAt: Date;
    }
  >;
}

/**
 * The contact, their identities, conversations and messages: found for a data subject's export, erased on request,
 * and the retention period's idle conversations deleted batch by batch.
 */
@Injectable()
export class ContactPersonalDataService {
  constructor(
    private readonly contacts: ContactsRepository,
    private readonly conversations: ConversationsRepository,
    private readonly messages: MessagesRepository,
  ) {}

  /** The contact's footprint (their conversations), or null when the workspace has no such contact. */
  async scopeOf(workspaceId: WorkspaceId, contactId: string): Promise<ContactScope | null> {
    const contact = await this.contacts.findById(workspaceId, contactId);
    if (!contact) return null;
    const conversations = await this.conversations.find(workspaceId, {
      where: { contactId },
      select: { id: true, createdAt: true },
      order: { createdAt: 'ASC' },
    });
    return {
      workspaceId,
      contactId,
      conversationIds: conversations.map((conversation) => conversation.id),
      since: conversations[0]?.createdAt ?? null,
    };
  }

  async exportForContact(scope: ContactScope): Promise<ContactConversationsExport> {
    const { workspaceId, contactId } = scope;
    const [contact, identities, conversations, messages] = await Promise.all([
      this.contacts.findById(workspaceId, contactId),
      this.contacts.identitiesOf(workspaceId, contactId),
      this.conversations.find(workspaceId, { where: { contactId }, order: { createdAt: 'ASC' } }),
      this.messages.find(workspaceId, {
        where: { conversationId: In([...scope.conversationIds]) },
        order: { createdAt: 'ASC', id: 'ASC' },
      }),
    ]);
    if (!contact) throw new Error(`contact ${contactId} vanished during its export`);
    const { id, name, email, externalId, attributes, createdAt, erasureRequestedAt } = contact;
    return {
      contact: { id, name, email, externalId, attributes, createdAt, erasureRequestedAt },
      identities: identities.map(({ inboxId, sourceId, createdAt: at }) => ({ inboxId, sourceId, createdAt: at })),
      conversations: conversations.map((c) => ({
        id: c.id,
        inboxId: c.inboxId,
        owner: c.owner,
        externalThreadId: c.externalThreadId,
        createdAt: c.createdAt,
        lastActivityAt: c.lastActivityAt,
      })),
      messages: messages.map((m) => ({
        id: m.id,
        conversationId: m.conversationId,
        direction: m.direction,
        author: m.author,
        kind: m.kind,
        private: m.private,
        content: m.content,
        feedback: m.feedback,
        createdAt: m.createdAt,
      })),
    };
  }

  /** The stored attachment entries of the contact's messages (as the channel that received them wrote them). */
  async attachmentsOf(scope: ContactScope): Promise<Array<{ messageId: string; attachments: unknown[] }>> {
    if (scope.conversationIds.length === 0) return [];
    const messages = await this.messages.find(scope.workspaceId, {
      where: { conversationId: In([...scope.conversationIds]) },
      select: { id: true, metadata: true },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return messages.flatMap((message) => {
      const attachments: unknown = 'attachments' in message.metadata ? message.metadata.attachments : undefined;
      return Array.isArray(attachments) && attachments.length > 0 ? [{ messageId: message.id, attachments }] : [];
    });
  }

  /**
   * Deletes the contact's conversations (their messages, tickets, pending actions and Slack threads go with them,
   * ON DELETE CASCADE) and then the contact with their identities. Runs last among the holders: until the contact
   * row goes, a failed erasure can be asked for again.
   */
  async eraseForContact(scope: ContactScope): Promise<ErasureCounts> {
    const { workspaceId, contactId } = scope;
    const conversationIds = In([...scope.conversationIds]);
    const messages = await this.messages.count(workspaceId, { conversationId: conversationIds });
    const conversations = await this.conversations.deleteWhere(workspaceId, { contactId });
    const { contacts, identities } = await this.contacts.deleteWithIdentities(workspaceId, contactId);
    return { contacts, contactIdentities: identities, conversations, messages };
  }

  /** One retention batch: up to `limit` conversations idle since before `cutoff`, deleted with their messages. */
  async deleteIdleConversations(workspaceId: WorkspaceId, cutoff: Date, limit: number): Promise<IdleBatch> {
    return this.conversations.deleteIdleBatch(workspaceId, cutoff, limit);
  }
}
