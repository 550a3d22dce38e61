import { Injectable } from '@nestjs/common';
import type { ChannelType, Conversation, ConversationOwner, WorkspaceId } from '@switchboard/database';
import { ConversationsRepository } from '../conversations.repository';
import { ConversationSearchCriteria, ConversationSearchRepository, MessageHit } from './conversation-search.repository';

/** A search of one workspace's conversations: words, filters and the page wanted. */
export interface ConversationSearchRequest {
  query: string;
  /** True for agents; integrations never see internal notes. */
  includePrivate: boolean;
  owner?: ConversationOwner;
  channel?: ChannelType;
  assigneeId?: string;
  contactId?: string;
  from?: Date;
  to?: Date;
  /** Only these conversations: a filter computed by the lib that owns it (ticket labels). */
  conversationIds?: string[];
  /** From 1. */
  page: number;
  pageSize: number;
}

/** A conversation that matched, with its inbox and contact and its best matching messages. */
export interface ConversationSearchResult {
  conversation: Conversation;
  rank: number;
  matchingMessages: number;
  messages: MessageHit[];
}

export interface ConversationSearchPage {
  total: number;
  results: ConversationSearchResult[];
}

/** Matching messages shown under each conversation. */
const MESSAGES_PER_CONVERSATION = 3;

/** The words of a search query, lower-cased: runs of letters and digits, in any script. */
export function searchTerms(query: string): string[] {
  return [...new Set(query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])];
}

/** Full-text search of conversations by their messages, best match first. */
@Injectable()
export class ConversationSearchService {
  constructor(
    private readonly search: ConversationSearchRepository,
    private readonly conversations: ConversationsRepository,
  ) {}

  async find(workspaceId: WorkspaceId, request: ConversationSearchRequest): Promise<ConversationSearchPage> {
    const criteria = criteriaOf(request);
    if (criteria.terms.length === 0 || criteria.conversationIds?.length === 0) return { total: 0, results: [] };
    const ranked = await this.search.rankConversations(workspaceId, criteria);
    const ids = ranked.hits.map((hit) => hit.conversationId);
    const [messages, conversations] = await Promise.all([
      this.search.bestMessages(workspaceId, criteria, ids, MESSAGES_PER_CONVERSATION),
      this.conversations.withParties(workspaceId, ids),
    ]);
    const conversationsById = new Map(conversations.map((conversation) => [conversation.id, conversation]));
    const results = ranked.hits.flatMap((hit): ConversationSearchResult[] => {
      const conversation = conversationsById.get(hit.conversationId);
      if (!conversation) return [];
      const best = messages.filter((message) => message.conversationId === hit.conversationId);
      return [{ conversation, rank: hit.rank, matchingMessages: hit.matchingMessages, messages: best }];
    });
    return { total: ranked.total, results };
  }
}

function criteriaOf(request: ConversationSearchRequest): ConversationSearchCriteria {
  return {
    terms: searchTerms(request.query),
    includePrivate: request.includePrivate,
    owners: request.owner ? [request.owner] : undefined,
    channel: request.channel,
    assigneeId: request.assigneeId,
    contactId: request.contactId,
    from: request.from,
    to: request.to,
    conversationIds: request.conversationIds,
    offset: (request.page - 1) * request.pageSize,
    limit: request.pageSize,
  };
}
