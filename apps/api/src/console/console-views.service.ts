import { Injectable } from '@nestjs/common';
import { AgentsService } from '@switchboard/auth';
import { ConsoleMessage, ConversationView, TicketView } from '@switchboard/contracts';
import {
  ConversationMessagesService,
  ConversationNotFoundError,
  MessageAttachmentsService,
} from '@switchboard/conversations';
import { labelsOf } from '@switchboard/handoff';
import type { Message, Ticket, WorkspaceId } from '@switchboard/database';
import {
  ConversationWithParties,
  finiteNumber,
  hasParties,
  sourcesOf,
  toConsoleMessage,
  toConversationView,
} from './console-views';

/** Builds the console's read models with a fixed number of queries per request, whatever the number of rows. */
@Injectable()
export class ConsoleViewsService {
  constructor(
    private readonly messages: ConversationMessagesService,
    private readonly agents: AgentsService,
    private readonly attachments: MessageAttachmentsService,
  ) {}

  /** One query each for conversations (with contact and inbox), assignees and last messages. */
  async ticketViews(workspaceId: WorkspaceId, tickets: readonly Ticket[]): Promise<TicketView[]> {
    if (tickets.length === 0) return [];
    const conversationIds = tickets.map((ticket) => ticket.conversationId);
    const [conversations, agentNames, lastMessages] = await Promise.all([
      this.conversationsWithParties(workspaceId, conversationIds),
      this.agents.names(
        workspaceId,
        tickets.map((ticket) => ticket.assigneeId),
      ),
      this.messages.lastVisibleMessages(workspaceId, conversationIds),
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
          contact: { name: conversation.contact.name, email: conversation.contact.email },
          inbox: { name: conversation.inbox.name, channel: conversation.inbox.channel },
          lastMessage: last
            ? { content: last.content, author: last.author, createdAt: last.createdAt.toISOString() }
            : null,
          confidence: finiteNumber(ticket.confidenceTrace.confidence),
          confidenceTrace: ticket.confidenceTrace,
          sources: sourcesOf(ticket.sources),
          labels: labelsOf(ticket),
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
    const conversation = (await this.conversationsWithParties(workspaceId, [conversationId])).get(conversationId);
    if (!conversation) throw new ConversationNotFoundError(conversationId);
    return toConversationView(conversation);
  }

  /** Messages with their agents' names, in one query for the names. */
  async consoleMessages(workspaceId: WorkspaceId, messages: readonly Message[]): Promise<ConsoleMessage[]> {
    const [names, files] = await Promise.all([
      this.agents.names(
        workspaceId,
        messages.map((message) => message.agentId),
      ),
      this.attachments.viewsOf(workspaceId, messages),
    ]);
    return messages.map((message) => toConsoleMessage(message, names, files.get(message.id)));
  }

  /** One stored message (internal notes included: agents see them), or null. */
  async consoleMessage(workspaceId: WorkspaceId, messageId: string): Promise<ConsoleMessage | null> {
    const message = await this.messages.findMessage(workspaceId, messageId, { includePrivate: true });
    if (!message) return null;
    return (await this.consoleMessages(workspaceId, [message]))[0] ?? null;
  }

  private async conversationsWithParties(
    workspaceId: WorkspaceId,
    conversationIds: readonly string[],
  ): Promise<Map<string, ConversationWithParties>> {
    const conversations = await this.messages.conversationsWithParties(workspaceId, conversationIds);
    return new Map(conversations.filter(hasParties).map((conversation) => [conversation.id, conversation]));
  }
}
