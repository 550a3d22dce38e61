import { Injectable } from '@nestjs/common';
import { InjectEntityManager } from '@nestjs/typeorm';
import {
  Ticket,
  TicketSentiment,
  TicketStatus,
  TicketUrgency,
  TenantRepository,
  WorkspaceId,
  asWorkspaceId,
  isUuid,
  presenceCutoff,
} from '@switchboard/database';
import { EntityManager, FindOptionsWhere, In, IsNull, Not } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { TicketNotFoundError } from './ticket.errors';

export interface TicketFilter {
  status?: TicketStatus | TicketStatus[];
  assigneeId?: string;
  unassigned?: boolean;
  conversationId?: string;
  /** One topic, or any of several (a team's topics); an empty list matches nothing. */
  topic?: string | string[];
  urgency?: TicketUrgency;
  sentiment?: TicketSentiment;
  language?: string;
  limit?: number;
}

/** The label columns of a ticket. */
export type TicketLabelColumns = Pick<Ticket, 'topic' | 'urgency' | 'sentiment' | 'language' | 'labelSource'>;

export type NewTicket = Pick<
  Ticket,
  'conversationId' | 'reason' | 'status' | 'assigneeId' | 'answerTraceId' | 'confidenceTrace' | 'summary' | 'sources'
> &
  Partial<TicketLabelColumns>;

export type TicketChanges = Partial<Pick<Ticket, 'status' | 'assigneeId' | 'resolvedAt' | 'resolution'>> &
  Partial<TicketLabelColumns>;

/** Conversations started in a report's window, counted by what happened to them. */
export interface ConversationOutcomes {
  conversations: number;
  answered: number;
  withCustomer: number;
  autoResolved: number;
  handedOff: number;
}

export const ACTIVE_TICKET_STATUSES: readonly TicketStatus[] = ['open', 'assigned', 'pending'];
// Namespace of the two-key advisory lock that serialises round-robin picks within a workspace.
const ROUND_ROBIN_LOCK = 5_110_211;
const LIST_LIMIT = 200;

/** The only TypeORM access to `tickets`. Bind it to a transaction with `withManager`. */
@Injectable()
export class TicketsRepository {
  private readonly tickets: TenantRepository<Ticket>;

  constructor(@InjectEntityManager() private readonly manager: EntityManager) {
    this.tickets = new TenantRepository(manager.getRepository(Ticket));
  }

  withManager(manager: EntityManager): TicketsRepository {
    return new TicketsRepository(manager);
  }

  findById(workspaceId: WorkspaceId, ticketId: string): Promise<Ticket | null> {
    return this.tickets.findById(workspaceId, ticketId);
  }

  /** The queue: oldest first, so the longest-waiting customer is at the top. */
  list(workspaceId: WorkspaceId, filter: TicketFilter = {}): Promise<Ticket[]> {
    return this.tickets.find(workspaceId, {
      where: whereTickets(filter),
      order: { createdAt: 'ASC', id: 'ASC' },
      take: filter.limit ?? LIST_LIMIT,
    });
  }

  /** The ids of the conversations with at least one ticket that matches (every one: `limit` is ignored). */
  async conversationIdsOf(workspaceId: WorkspaceId, filter: TicketFilter): Promise<string[]> {
    const tickets = await this.manager.getRepository(Ticket).find({
      select: { conversationId: true },
      where: this.scope(workspaceId, whereTickets(filter)),
    });
    return [...new Set(tickets.map((ticket) => ticket.conversationId))];
  }

  /** Every ticket of these conversations, oldest first. */
  ofConversations(workspaceId: WorkspaceId, conversationIds: readonly string[]): Promise<Ticket[]> {
    if (conversationIds.length === 0) return Promise.resolve([]);
    return this.tickets.find(workspaceId, {
      where: { conversationId: In([...conversationIds]) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** Deletes every ticket of these conversations (their Slack threads go with them); returns how many went. */
  deleteOfConversations(workspaceId: WorkspaceId, conversationIds: readonly string[]): Promise<number> {
    if (conversationIds.length === 0) return Promise.resolve(0);
    return this.tickets.deleteWhere(workspaceId, { conversationId: In([...conversationIds]) });
  }

  /** The conversation's newest open, assigned or pending ticket. */
  findActiveOfConversation(workspaceId: WorkspaceId, conversationId: string): Promise<Ticket | null> {
    if (!isUuid(conversationId)) return Promise.resolve(null);
    return this.manager.getRepository(Ticket).findOne({
      where: this.scope(workspaceId, { conversationId, status: In([...ACTIVE_TICKET_STATUSES]) }),
      order: { createdAt: 'DESC', id: 'DESC' },
    });
  }

  /** Row-locks the ticket for the rest of the transaction. */
  lockById(workspaceId: WorkspaceId, ticketId: string): Promise<Ticket | null> {
    if (!isUuid(ticketId)) return Promise.resolve(null);
    return this.manager.getRepository(Ticket).findOne({
      where: this.scope(workspaceId, { id: ticketId }),
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** Row-locks and returns the conversation's newest ticket, whatever its status. */
  lockLatestOfConversation(workspaceId: WorkspaceId, conversationId: string): Promise<Ticket | null> {
    return this.manager.getRepository(Ticket).findOne({
      where: this.scope(workspaceId, { conversationId }),
      order: { createdAt: 'DESC', id: 'DESC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  async insert(workspaceId: WorkspaceId, values: NewTicket): Promise<Ticket> {
    const inserted = await this.manager
      .createQueryBuilder()
      .insert()
      .into(Ticket)
      .values({
        ...values,
        workspaceId: asWorkspaceId(workspaceId),
        // Real time, not the transaction's start: rotation orders agents by their latest ticket.
        createdAt: () => 'clock_timestamp()',
      } as QueryDeepPartialEntity<Ticket>)
      .returning('id')
      .execute();
    return this.reload(workspaceId, (inserted.identifiers[0] as { id: string }).id);
  }

  /** Writes the changes and returns the ticket as stored. */
  async update(workspaceId: WorkspaceId, ticketId: string, changes: TicketChanges): Promise<Ticket> {
    await this.tickets.update(workspaceId, ticketId, changes);
    return this.reload(workspaceId, ticketId);
  }

  /** Serialises round-robin picks within the workspace until the transaction ends. */
  async lockRoundRobin(workspaceId: WorkspaceId): Promise<void> {
    await this.manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
      ROUND_ROBIN_LOCK,
      asWorkspaceId(workspaceId),
    ]);
  }

  /**
   * The online agent whose latest ticket (other than `ticketId`) is oldest, never-assigned agents first; with
   * `among`, only those agents (a team). Take `lockRoundRobin` first in the same transaction, so racing tickets rotate.
   */
  async nextRoundRobinAgent(
    workspaceId: WorkspaceId,
    ticketId: string,
    among: readonly string[] | null = null,
  ): Promise<string | null> {
    const rows: Array<{ id: string }> = await this.manager.query(
      `SELECT a.id
         FROM agents a
         LEFT JOIN LATERAL (
           SELECT max(t."createdAt") AS last
             FROM tickets t
            WHERE t."workspaceId" = a."workspaceId" AND t."assigneeId" = a.id AND t.id <> $2
         ) l ON true
        WHERE a."workspaceId" = $1 AND a.availability = 'online' AND a."lastSeenAt" > $3
          AND ($4::uuid[] IS NULL OR a.id = ANY($4::uuid[]))
        ORDER BY l.last ASC NULLS FIRST, a."createdAt" ASC, a.id ASC
        LIMIT 1`,
      [asWorkspaceId(workspaceId), ticketId, presenceCutoff(), among === null ? null : [...among]],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * Sets the first response time of the conversation's active tickets opened by `at` that have none yet, and
   * returns them. One statement, guarded by "IS NULL": a repeated or concurrent reply cannot move the time.
   */
  async recordFirstResponse(workspaceId: WorkspaceId, conversationId: string, at: Date): Promise<Ticket[]> {
    // An UPDATE answers [rows, affected count].
    const [rows]: [Array<{ id: string }>, number] = await this.manager.query(
      `UPDATE tickets SET "firstResponseAt" = $3, "updatedAt" = now()
        WHERE "workspaceId" = $1 AND "conversationId" = $2 AND "firstResponseAt" IS NULL
          AND status = ANY($4) AND "createdAt" <= $3
        RETURNING id`,
      [asWorkspaceId(workspaceId), conversationId, at, [...ACTIVE_TICKET_STATUSES]],
    );
    if (rows.length === 0) return [];
    return this.tickets.find(workspaceId, { where: { id: In(rows.map((row) => row.id)) } });
  }

  /** Tickets opened since `since`, counted by handoff reason (reasons with none are left out). */
  reasonCountsSince(workspaceId: WorkspaceId, since: Date): Promise<Array<{ reason: string; count: number }>> {
    return this.manager.query(
      `SELECT reason, count(*)::int AS count FROM tickets
        WHERE "workspaceId" = $1 AND "createdAt" >= $2
        GROUP BY reason`,
      [asWorkspaceId(workspaceId), since],
    );
  }

  /** Median seconds from opening to first response over tickets opened since `since` that got one; null if none. */
  async medianFirstResponseSecondsSince(workspaceId: WorkspaceId, since: Date): Promise<number | null> {
    const rows: Array<{ median: number | null }> = await this.manager.query(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "firstResponseAt" - "createdAt"))::float8
              AS median
         FROM tickets
        WHERE "workspaceId" = $1 AND "createdAt" >= $2 AND "firstResponseAt" IS NOT NULL`,
      [asWorkspaceId(workspaceId), since],
    );
    const median = rows[0]?.median;
    return typeof median === 'number' && Number.isFinite(median) ? median : null;
  }

  /**
   * Conversations started since `since`: how many had a customer message, a bot answer (message kind 'answer'),
   * a ticket, and both a customer message and an answer but no ticket. It reads `conversations` and `messages`
   * too, in one statement, until their owner offers these counts.
   */
  async conversationOutcomesSince(workspaceId: WorkspaceId, since: Date): Promise<ConversationOutcomes> {
    // A conversation's messages and tickets are never older than the conversation: the window bounds them too.
    const rows: Array<Record<'conversations' | 'answered' | 'with_customer' | 'auto_resolved' | 'handed_off', number>> =
      await this.manager.query(
        `WITH recent AS (
           SELECT id FROM conversations WHERE "workspaceId" = $1 AND "createdAt" >= $2
         ), customer AS (
           SELECT DISTINCT "conversationId" AS id FROM messages
            WHERE "workspaceId" = $1 AND "createdAt" >= $2 AND author = 'contact'
         ), answered AS (
           SELECT DISTINCT "conversationId" AS id FROM messages
            WHERE "workspaceId" = $1 AND "createdAt" >= $2 AND author = 'bot' AND kind = 'answer'
         ), ticketed AS (
           SELECT DISTINCT "conversationId" AS id FROM tickets WHERE "workspaceId" = $1 AND "createdAt" >= $2
         ), flags AS (
           SELECT cu.id IS NOT NULL AS customer, an.id IS NOT NULL AS answered, ti.id IS NOT NULL AS ticketed
             FROM recent r
             LEFT JOIN customer cu ON cu.id = r.id
             LEFT JOIN answered an ON an.id = r.id
             LEFT JOIN ticketed ti ON ti.id = r.id
         )
         SELECT count(*)::int AS conversations,
                count(*) FILTER (WHERE answered)::int AS answered,
                count(*) FILTER (WHERE customer)::int AS with_customer,
                count(*) FILTER (WHERE customer AND answered AND NOT ticketed)::int AS auto_resolved,
                count(*) FILTER (WHERE customer AND ticketed)::int AS handed_off
           FROM flags`,
        [asWorkspaceId(workspaceId), since],
      );
    const row = rows[0];
    return {
      conversations: row?.conversations ?? 0,
      answered: row?.answered ?? 0,
      withCustomer: row?.with_customer ?? 0,
      autoResolved: row?.auto_resolved ?? 0,
      handedOff: row?.handed_off ?? 0,
    };
  }

  /** The answer traces whose escalation an agent resolved, for the threshold simulator. */
  async resolvedAnswerTraceIds(workspaceId: WorkspaceId): Promise<string[]> {
    const rows = await this.manager.getRepository(Ticket).find({
      select: { answerTraceId: true },
      where: this.scope(workspaceId, { status: 'resolved', answerTraceId: Not(IsNull()) }),
    });
    return [...new Set(rows.map((row) => row.answerTraceId).filter((id): id is string => id !== null))];
  }

  private async reload(workspaceId: WorkspaceId, ticketId: string): Promise<Ticket> {
    const ticket = await this.tickets.findById(workspaceId, ticketId);
    if (!ticket) throw new TicketNotFoundError(ticketId);
    return ticket;
  }

  private scope(workspaceId: WorkspaceId, where: FindOptionsWhere<Ticket>): FindOptionsWhere<Ticket> {
    return { ...where, workspaceId: asWorkspaceId(workspaceId) };
  }
}

function whereTickets(filter: TicketFilter): FindOptionsWhere<Ticket> {
  const status =
    filter.status === undefined ? undefined : Array.isArray(filter.status) ? In(filter.status) : filter.status;
  return {
    ...(status !== undefined ? { status } : {}),
    ...(filter.unassigned ? { assigneeId: IsNull() } : filter.assigneeId ? { assigneeId: filter.assigneeId } : {}),
    ...(filter.conversationId ? { conversationId: filter.conversationId } : {}),
    ...(filter.topic !== undefined ? { topic: Array.isArray(filter.topic) ? In(filter.topic) : filter.topic } : {}),
    ...(filter.urgency ? { urgency: filter.urgency } : {}),
    ...(filter.sentiment ? { sentiment: filter.sentiment } : {}),
    ...(filter.language ? { language: filter.language } : {}),
  };
}
