import {
  Contact,
  Conversation,
  Inbox,
  Message,
  WorkspaceId,
  asWorkspaceId,
  dataSourceOptions,
} from '@switchboard/database';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

/** One line of a seeded transcript. */
export type SeededLine =
  | { customer: string }
  | { bot: string; feedback?: 'up' | 'down'; cites?: boolean }
  | { agent: string; private?: boolean }
  | { resolved: true };

export interface SeededConversation {
  contact?: { name?: string; email?: string; attributes?: Record<string, unknown>; erasureRequested?: boolean };
  lines: SeededLine[];
}

/**
 * Stores resolved conversations as the product leaves them (customer messages, bot answers with feedback and
 * citations, agent replies, the ticket-closing transcript line) straight into a workspace's tables.
 */
export async function seedResolvedConversations(
  databaseUrl: string,
  workspaceId: string,
  conversations: SeededConversation[],
): Promise<Array<{ conversationId: string; contactId: string }>> {
  const dataSource = await new DataSource(dataSourceOptions(databaseUrl, false)).initialize();
  try {
    const ws: WorkspaceId = asWorkspaceId(workspaceId);
    const inbox = await dataSource.getRepository(Inbox).save({
      workspaceId: ws,
      name: `seeded ${randomBytes(3).toString('hex')}`,
      channel: 'widget',
      publicKey: randomBytes(16).toString('hex'),
      settings: {},
    });
    const ids: Array<{ conversationId: string; contactId: string }> = [];
    let clock = Date.now() - 86_400_000;
    for (const seeded of conversations) {
      const contact = await dataSource.getRepository(Contact).save({
        workspaceId: ws,
        name: seeded.contact?.name ?? null,
        email: seeded.contact?.email ?? null,
        externalId: null,
        attributes: seeded.contact?.attributes ?? {},
        erasureRequestedAt: seeded.contact?.erasureRequested ? new Date() : null,
      });
      const conversation = await dataSource.getRepository(Conversation).save({
        workspaceId: ws,
        inboxId: inbox.id,
        contactId: contact.id,
        owner: 'resolved',
      });
      ids.push({ conversationId: conversation.id, contactId: contact.id });
      const rows = seeded.lines.map((line) => ({
        ...messageOf(line),
        workspaceId: ws,
        conversationId: conversation.id,
      }));
      for (const row of rows) {
        clock += 1000;
        await dataSource.getRepository(Message).insert({ ...row, createdAt: new Date(clock) });
      }
    }
    return ids;
  } finally {
    await dataSource.destroy();
  }
}

type MessageRow = Pick<Message, 'direction' | 'author' | 'content' | 'kind'> &
  Partial<Pick<Message, 'feedback' | 'metadata' | 'private'>>;

function messageOf(line: SeededLine): MessageRow {
  if ('customer' in line) return { direction: 'incoming', author: 'contact', content: line.customer, kind: 'message' };
  if ('bot' in line) {
    const citations = line.cites ? [{ index: 1, title: 'Help', url: null, documentId: 'doc-1' }] : [];
    return {
      direction: 'outgoing',
      author: 'bot',
      content: line.bot,
      kind: 'answer',
      feedback: line.feedback ?? null,
      metadata: { citations },
    };
  }
  if ('agent' in line) {
    return {
      direction: 'outgoing',
      author: 'agent',
      content: line.agent,
      kind: 'message',
      private: line.private ?? false,
    };
  }
  return {
    direction: 'activity',
    author: 'system',
    content: 'Robin resolved the conversation',
    kind: 'activity',
    metadata: { resolution: 'resolved' },
  };
}
