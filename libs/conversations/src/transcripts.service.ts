import { Injectable } from '@nestjs/common';
import type { Contact, Message, WorkspaceId } from '@switchboard/database';
import { In } from 'typeorm';
import { ContactsRepository } from './contacts.repository';
import { ConversationsRepository } from './conversations.repository';
import { MessagesRepository } from './messages.repository';

/** Who the customer of a transcript is, as far as redaction and erasure need it. */
export type TranscriptContact = Pick<
  Contact,
  'id' | 'name' | 'email' | 'externalId' | 'attributes' | 'erasureRequestedAt'
>;

/** A conversation's messages in order, with its contact: what datasets are built from. */
export interface ConversationTranscript {
  conversationId: string;
  contact: TranscriptContact;
  messages: Array<
    Pick<
      Message,
      'id' | 'direction' | 'author' | 'content' | 'private' | 'kind' | 'feedback' | 'metadata' | 'createdAt'
    >
  >;
}

/** Reads whole conversations for datasets and records a contact's request to be erased. */
@Injectable()
export class TranscriptsService {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly messages: MessagesRepository,
    private readonly contacts: ContactsRepository,
  ) {}

  /** The workspace's resolved conversations, oldest first, at most `limit` of them. */
  async resolved(workspaceId: WorkspaceId, limit: number): Promise<ConversationTranscript[]> {
    const conversations = await this.conversations.find(workspaceId, {
      where: { owner: 'resolved' },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: limit,
    });
    if (conversations.length === 0) return [];
    const ids = conversations.map((conversation) => conversation.id);
    const [messages, contacts] = await Promise.all([
      this.messages.find(workspaceId, {
        where: { conversationId: In(ids) },
        order: { createdAt: 'ASC', id: 'ASC' },
      }),
      this.contacts.find(workspaceId, { where: { id: In([...new Set(conversations.map((c) => c.contactId))]) } }),
    ]);
    const contactById = new Map(contacts.map((contact) => [contact.id, contact]));
    const byConversation = new Map<string, Message[]>();
    for (const message of messages) {
      byConversation.set(message.conversationId, [...(byConversation.get(message.conversationId) ?? []), message]);
    }
    return conversations.flatMap((conversation) => {
      const contact = contactById.get(conversation.contactId);
      if (!contact) return [];
      return [{ conversationId: conversation.id, contact, messages: byConversation.get(conversation.id) ?? [] }];
    });
  }

  /** Marks the contact as having asked for erasure (the first request's time stands); null for an unknown contact. */
  async requestErasure(workspaceId: WorkspaceId, contactId: string): Promise<Date | null> {
    const contact = await this.contacts.findById(workspaceId, contactId);
    if (!contact) return null;
    if (contact.erasureRequestedAt) return contact.erasureRequestedAt;
    const at = new Date();
    await this.contacts.update(workspaceId, contactId, { erasureRequestedAt: at });
    return at;
  }
}
