import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConsoleMessage, ConversationView, TicketView } from '@switchboard/contracts';
import { ConversationNotFoundError } from '@switchboard/conversations';
import {
  ChannelType,
  ConversationOwner,
  Message,
  MessageAuthor,
  Ticket,
  WorkspaceId,
  asWorkspaceId,
  isUuid,
} from '@switchboard/database';
import { DataSource } from 'typeorm';
import { finiteNumber, sourcesOf, toConsoleMessage } from './console-views';

interface ConversationRow {
  id: string;
  owner: ConversationOwner;
  assigneeId: string | null;
  createdAt: Date;
  inboxId: string;
  inboxName: string;
  channel: ChannelType;
  contactId: string;
  contactName: string | null;
  contactEmail: string | null;
}

interface LastMessageRow {
  conversationId: string;
  content: string;
  author: MessageAuthor;
  createdAt: Date;
}

/** Builds the console's read models with a fixed number of queries per request, whatever the number of rows. */
@Injectable()
export class ConsoleViewsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One query each for conversations (with contact and inbox), assignees and last messages. */
  async ticketViews(workspaceId: WorkspaceId, tickets: readonly Ticket[]): Promise<TicketView[]> {
    if (tickets.length === 0) return [];
    const conversationIds = unique(tickets.map((ticket) => ticket.conversationId));
    const [conversations, agentNames, lastMessages] = await Promise.all([
      this.conversationRows(workspaceId, conversationIds),
      this.agentNames(
        workspaceId,
        tickets.map((ticket) => ticket.assigneeId),
      ),
      this.lastMessages(workspaceId, conversationIds),
    ]);
    return tickets.flatMap((ticket): TicketView[] => {
      const conversation = conversations.get(ticket.conversationId);
      if (!conversation) return [];
      const last = lastMessages.get(ticket.conversationId);
      const assigneeName = ticket.assigneeId ? agentNames.get(ticket.assigneeId) : undefined;
      return [
        {
          id: ticket.id,
          status: ticket.status,
          reason: ticket.reason,
          summary: ticket.summary,
          conversationId: ticket.conversationId,
          createdAt: ticket.createdAt.toISOString(),
          firstResponseAt: ticket.firstResponseAt?.toISOString() ?? null,
          resolvedAt: ticket.resolvedAt?.toISOString() ?? null,
          resolution: ticket.status === 'resolved' ? ticket.resolution : null,
          assignee:
            ticket.assigneeId && assigneeName !== undefined ? { id: ticket.assigneeId, name: assigneeName } : null,
          contact: { name: conversation.contactName, email: conversation.contactEmail },
          inbox: { name: conversation.inboxName, channel: conversation.channel },
          lastMessage: last
            ? { content: last.content, author: last.author, createdAt: last.createdAt.toISOString() }
            : null,
          confidence: finiteNumber(ticket.confidenceTrace.confidence),
          confidenceTrace: ticket.confidenceTrace,
          sources: sourcesOf(ticket.sources),
        },
      ];
    });
  }

  async ticketView(workspaceId: WorkspaceId, ticket: Ticket): Promise<TicketView> {
    const [view] = await this.ticketViews(workspaceId, [ticket]);
    if (!view) throw new ConversationNotFoundError(ticket.conversationId);
    return view;
  }

  async conversationView(workspaceId: WorkspaceId, conversationId: string): Promise<ConversationView> {
    const row = (await this.conversationRows(workspaceId, [conversationId])).get(conversationId);
    if (!row) throw new ConversationNotFoundError(conversationId);
    return {
      id: row.id,
      owner: row.owner,
      assigneeId: row.assigneeId,
      inbox: { id: row.inboxId, name: row.inboxName, channel: row.channel },
      contact: { id: row.contactId, name: row.contactName, email: row.contactEmail },
      createdAt: row.createdAt.toISOString(),
    };
  }

  /** Messages with their agents' names, in one query for the names. */
  async consoleMessages(workspaceId: WorkspaceId, messages: readonly Message[]): Promise<ConsoleMessage[]> {
    const names = await this.agentNames(
      workspaceId,
      messages.map((message) => message.agentId),
    );
    return messages.map((message) => toConsoleMessage(message, names));
  }

  /** One stored message (internal notes included: agents see them), or null. */
  async consoleMessage(workspaceId: WorkspaceId, messageId: string): Promise<ConsoleMessage | null> {
    if (!isUuid(messageId)) return null;
    const message = await this.dataSource
      .getRepository(Message)
      .findOne({ where: { id: messageId, workspaceId: asWorkspaceId(workspaceId) } });
    if (!message) return null;
    return (await this.consoleMessages(workspaceId, [message]))[0] ?? null;
  }

  private async conversationRows(
    workspaceId: WorkspaceId,
    conversationIds: readonly string[],
  ): Promise<Map<string, ConversationRow>> {
    const ids = conversationIds.filter(isUuid);
    if (ids.length === 0) return new Map();
    const rows: ConversationRow[] = await this.dataSource.query(
      `SELECT c.id, c.owner, c."assigneeId", c."createdAt",
              i.id AS "inboxId", i.name AS "inboxName", i.channel,
              ct.id AS "contactId", ct.name AS "contactName", ct.email AS "contactEmail"
         FROM conversations c
         JOIN inboxes i ON i.id = c."inboxId" AND i."workspaceId" = c."workspaceId"
         JOIN contacts ct ON ct.id = c."contactId" AND ct."workspaceId" = c."workspaceId"
        WHERE c."workspaceId" = $1 AND c.id = ANY($2::uuid[])`,
      [asWorkspaceId(workspaceId), ids],
    );
    return new Map(rows.map((row) => [row.id, row]));
  }

  private async agentNames(
    workspaceId: WorkspaceId,
    agentIds: ReadonlyArray<string | null>,
  ): Promise<Map<string, string>> {
    const ids = unique(agentIds.filter(isUuid));
    if (ids.length === 0) return new Map();
    const rows: Array<{ id: string; name: string }> = await this.dataSource.query(
      `SELECT id, name FROM agents WHERE "workspaceId" = $1 AND id = ANY($2::uuid[])`,
      [asWorkspaceId(workspaceId), ids],
    );
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  /** The latest message of each conversation the customer could see (activity lines and notes left out). */
  private async lastMessages(
    workspaceId: WorkspaceId,
    conversationIds: readonly string[],
  ): Promise<Map<string, LastMessageRow>> {
    const rows: LastMessageRow[] = await this.dataSource.query(
      // One index probe per conversation (conversationId, createdAt), however long its transcript.
      `SELECT c.id AS "conversationId", m.content, m.author, m."createdAt"
         FROM unnest($2::uuid[]) AS c(id)
         CROSS JOIN LATERAL (
           SELECT content, author, "createdAt" FROM messages
            WHERE "conversationId" = c.id AND "workspaceId" = $1 AND direction <> 'activity' AND NOT private
            ORDER BY "createdAt" DESC, id DESC
            LIMIT 1
         ) m`,
      [asWorkspaceId(workspaceId), conversationIds.filter(isUuid)],
    );
    return new Map(rows.map((row) => [row.conversationId, row]));
  }
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
