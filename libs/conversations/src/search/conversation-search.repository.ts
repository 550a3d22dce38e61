import { Injectable } from '@nestjs/common';
import { InjectEntityManager } from '@nestjs/typeorm';
import { ChannelType, ConversationOwner, MessageAuthor, WorkspaceId, asWorkspaceId } from '@switchboard/database';
import { EntityManager } from 'typeorm';
import { SEARCH_HIGHLIGHT } from '@switchboard/contracts';

/** What a search looks for, and in which conversations: every filter given must hold. */
export interface ConversationSearchCriteria {
  /** Lower-cased letters-and-digits words (`searchTerms`); each must match a word of the message. */
  terms: string[];
  /** Internal notes are searched for agents only. */
  includePrivate: boolean;
  owners?: ConversationOwner[];
  channel?: ChannelType;
  assigneeId?: string;
  contactId?: string;
  /** Messages written at or after `from`, before `to`. */
  from?: Date;
  to?: Date;
  /** Only these conversations (a filter another lib computed, e.g. by ticket labels). */
  conversationIds?: string[];
  offset: number;
  limit: number;
}

/** A conversation that matched, ranked by its best message. */
export interface ConversationHit {
  conversationId: string;
  rank: number;
  matchingMessages: number;
}

/** A matching message with its matches between the sentinel markers. */
export interface MessageHit {
  id: string;
  conversationId: string;
  author: MessageAuthor;
  private: boolean;
  createdAt: Date;
  rank: number;
  highlight: string;
}

const PREFIX_MIN_LENGTH = 3;
const HEADLINE_OPTIONS = `StartSel=${SEARCH_HIGHLIGHT.start}, StopSel=${SEARCH_HIGHLIGHT.stop}, MaxWords=35, MinWords=15`;

/** The FROM ... WHERE of the messages a search matches (`m`, the query `q`), with its parameters ($1 the workspace). */
interface MessageCondition {
  sql: string;
  params: unknown[];
}

/**
 * Full-text search over `messages` (the generated `searchVector`, GIN-indexed), filtered by the lib's own
 * `conversations` and `inboxes`. Filters on other libs' tables come in as `conversationIds`.
 */
@Injectable()
export class ConversationSearchRepository {
  constructor(@InjectEntityManager() private readonly manager: EntityManager) {}

  /** One page of matching conversations, best first, and how many matched in all. */
  async rankConversations(
    workspaceId: WorkspaceId,
    criteria: ConversationSearchCriteria,
  ): Promise<{ total: number; hits: ConversationHit[] }> {
    const condition = matchingMessages(workspaceId, criteria);
    const page = condition.params.length;
    const rows: Array<{ conversationId: string; rank: number; matches: number; total: number }> =
      await this.manager.query(
        `WITH matched AS (
           SELECT m."conversationId", max(ts_rank_cd(m."searchVector", q.query, 1)) AS rank, count(*)::int AS matches
           FROM ${condition.sql}
           GROUP BY m."conversationId"
         )
         SELECT "conversationId", rank, matches, (count(*) OVER ())::int AS total
         FROM matched ORDER BY rank DESC, "conversationId" LIMIT $${page + 1} OFFSET $${page + 2}`,
        [...condition.params, criteria.limit, criteria.offset],
      );
    return {
      total: rows[0]?.total ?? (criteria.offset > 0 ? await this.countConversations(condition) : 0),
      hits: rows.map((row) => ({
        conversationId: row.conversationId,
        rank: Number(row.rank),
        matchingMessages: row.matches,
      })),
    };
  }

  /** The best `perConversation` matching messages of each of these conversations, highlighted. */
  async bestMessages(
    workspaceId: WorkspaceId,
    criteria: ConversationSearchCriteria,
    conversationIds: string[],
    perConversation: number,
  ): Promise<MessageHit[]> {
    if (conversationIds.length === 0) return [];
    const condition = matchingMessages(workspaceId, { ...criteria, conversationIds });
    const next = condition.params.length;
    // ts_headline re-parses the text: run it on the few rows returned, never on every match.
    const rows: Array<MessageHit & { rank: string }> = await this.manager.query(
      `SELECT best.id, best."conversationId", best.author, best.private, best."createdAt", best.rank,
              ts_headline('simple', best.content, best.query, $${next + 2}) AS highlight
       FROM (
         SELECT m.id, m."conversationId", m.author, m.private, m."createdAt", m.content, q.query,
                ts_rank_cd(m."searchVector", q.query, 1) AS rank,
                row_number() OVER (PARTITION BY m."conversationId"
                                   ORDER BY ts_rank_cd(m."searchVector", q.query, 1) DESC, m."createdAt", m.id) AS place
         FROM ${condition.sql}
       ) best
       WHERE best.place <= $${next + 1}
       ORDER BY best."conversationId", best.place`,
      [...condition.params, perConversation, HEADLINE_OPTIONS],
    );
    return rows.map((row) => ({ ...row, rank: Number(row.rank) }));
  }

  private async countConversations(condition: MessageCondition): Promise<number> {
    const rows: Array<{ total: number }> = await this.manager.query(
      `SELECT count(DISTINCT m."conversationId")::int AS total FROM ${condition.sql}`,
      condition.params,
    );
    return rows[0]?.total ?? 0;
  }
}

/** `messages m` and the query `q` (and the conversation `c` when a filter needs it), with the criteria's conditions. */
function matchingMessages(workspaceId: WorkspaceId, criteria: ConversationSearchCriteria): MessageCondition {
  const params: unknown[] = [asWorkspaceId(workspaceId)];
  const query = termsQuery(criteria.terms, params);
  const where = ['m."workspaceId" = $1', 'm."searchVector" @@ q.query'];
  const add = (sql: (placeholder: string) => string, value: unknown): void => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (!criteria.includePrivate) where.push('NOT m.private');
  if (criteria.from) add((p) => `m."createdAt" >= ${p}`, criteria.from);
  if (criteria.to) add((p) => `m."createdAt" < ${p}`, criteria.to);
  if (criteria.conversationIds) add((p) => `m."conversationId" = ANY(${p}::uuid[])`, criteria.conversationIds);
  const byConversation = where.length;
  if (criteria.owners?.length) add((p) => `c.owner = ANY(${p})`, criteria.owners);
  if (criteria.assigneeId) add((p) => `c."assigneeId" = ${p}`, criteria.assigneeId);
  if (criteria.contactId) add((p) => `c."contactId" = ${p}`, criteria.contactId);
  if (criteria.channel) {
    add((p) => `EXISTS (SELECT 1 FROM inboxes i WHERE i.id = c."inboxId" AND i.channel = ${p})`, criteria.channel);
  }
  // A message's conversation is in its workspace: the join is only for the conversation's own filters.
  const conversations = where.length > byConversation ? 'JOIN conversations c ON c.id = m."conversationId"' : '';
  return {
    sql: `messages m CROSS JOIN (SELECT ${query} AS query) AS q ${conversations}
          WHERE ${where.join(' AND ')}`,
    params,
  };
}

/**
 * The tsquery of the terms, its parameters appended to `params`. Each term matches a word as written that starts with
 * the term (refund finds refunded, Rückerstattung finds Rückerstattungen, in any language) or with its English stem
 * (refunds finds refund, policies finds policy through polici); under 3 characters, only the whole word (a 1-letter
 * prefix would scan most of the index). An English stop word keeps its written form (the stem side is empty, and `||`
 * keeps the other). Only immutable functions of parameters: the planner folds it into a constant and estimates the
 * scan from it. Terms are letters and digits only (`searchTerms`), so none can break the tsquery syntax.
 */
function termsQuery(terms: string[], params: unknown[]): string {
  return terms
    .map((term) => {
      params.push(term.length >= PREFIX_MIN_LENGTH ? `${term}:*` : term);
      const placeholder = `$${params.length}::text`;
      return `(to_tsquery('english', ${placeholder}) || to_tsquery('simple', ${placeholder}))`;
    })
    .join(' && ');
}
