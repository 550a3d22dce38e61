import { Injectable } from '@nestjs/common';
import { ConversationSearchResults, SearchMessageHit } from '@switchboard/contracts';
import { ConversationSearchResult, ConversationSearchService } from '@switchboard/conversations';
import type { WorkspaceId } from '@switchboard/database';
import { TicketFilter, TicketsService } from '@switchboard/handoff';
import { hasParties, toConversationView } from '../console/console-views';
import { ConversationSearchQueryDto } from './dto/conversation-search-query.dto';

/** Who is searching: agents see internal notes, integrations do not. */
export type SearchAudience = 'agent' | 'integration';

/**
 * Conversation search across two libs without a join across their tables: the ticket filters go to handoff, which
 * answers conversation ids; the text, the conversations' own filters and that id list go to conversations.
 */
@Injectable()
export class SearchService {
  constructor(
    private readonly conversations: ConversationSearchService,
    private readonly tickets: TicketsService,
  ) {}

  async search(
    workspaceId: WorkspaceId,
    query: ConversationSearchQueryDto,
    audience: SearchAudience,
  ): Promise<ConversationSearchResults> {
    const ticketFilter = ticketFilterOf(query);
    const conversationIds = ticketFilter
      ? await this.tickets.conversationIdsWithTickets(workspaceId, ticketFilter)
      : undefined;
    const found = await this.conversations.find(workspaceId, {
      query: query.q,
      includePrivate: audience === 'agent',
      owner: query.status,
      channel: query.channel,
      assigneeId: query.assignee,
      contactId: query.contact,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      conversationIds,
      page: query.page,
      pageSize: query.pageSize,
    });
    return {
      total: found.total,
      page: query.page,
      pageSize: query.pageSize,
      results: found.results.flatMap(toSearchHit),
    };
  }
}

/** The ticket labels asked for, or null when the search does not filter by tickets. */
function ticketFilterOf(query: ConversationSearchQueryDto): TicketFilter | null {
  const filter: TicketFilter = {};
  if (query.topic) filter.topic = query.topic;
  if (query.urgency) filter.urgency = query.urgency;
  if (query.sentiment) filter.sentiment = query.sentiment;
  if (query.language) filter.language = query.language;
  return Object.keys(filter).length > 0 ? filter : null;
}

function toSearchHit(result: ConversationSearchResult): ConversationSearchResults['results'] {
  if (!hasParties(result.conversation)) return [];
  const messages = result.messages.map((message): SearchMessageHit => ({
    id: message.id,
    author: message.author,
    private: message.private,
    createdAt: message.createdAt.toISOString(),
    highlight: message.highlight,
  }));
  return [
    {
      conversation: toConversationView(result.conversation),
      rank: result.rank,
      matchingMessages: result.matchingMessages,
      messages,
    },
  ];
}
