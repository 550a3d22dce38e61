import { Injectable } from '@nestjs/common';
import { AnswerTrace, TenantRepository, TurnRoute, WorkspaceId, asWorkspaceId } from '@switchboard/database';
import { DataSource, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

export type NewTrace = Omit<AnswerTrace, 'id' | 'createdAt' | 'updatedAt' | 'workspace' | 'feedback' | 'route'> & {
  /** The path the turn took (documents or an action) and why; absent outside a conversation's turn. */
  route?: TurnRoute | null;
};

/** Answers, escalations and cache hits of one workspace on one day (YYYY-MM-DD). */
export interface DailyAnswerCounts {
  day: string;
  answers: number;
  escalations: number;
  cacheHits: number;
  /** Calls of the workspace's actions made in the bot's turns. */
  actionCalls: number;
  /** Of those, the ones that failed or were refused (a handoff followed or the bot explained). */
  actionCallsFailed: number;
}

export interface TraceRange {
  from?: Date;
  to?: Date;
}

/** Traces on one side of a candidate threshold, with the outcomes known for them. */
export interface ThresholdReplayGroup {
  /** Whether the candidate threshold would have answered these traces. */
  wouldAnswer: boolean;
  /** Whether that differs from the decision actually taken. */
  changed: boolean;
  count: number;
  helpful: number;
  notHelpful: number;
  /** Traces in the `resolved` set given to the replay. */
  resolved: number;
  /** Neither feedback nor in the `resolved` set. */
  unknown: number;
}

/** The `answer_traces` table. */
@Injectable()
export class AnswerTracesRepository extends TenantRepository<AnswerTrace> {
  constructor(private readonly dataSource: DataSource) {
    super(dataSource.getRepository(AnswerTrace));
  }

  /** The traces of these conversations, oldest first. */
  ofConversations(workspaceId: WorkspaceId, conversationIds: readonly string[]): Promise<AnswerTrace[]> {
    if (conversationIds.length === 0) return Promise.resolve([]);
    return this.find(workspaceId, {
      where: { conversationId: In([...conversationIds]) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  deleteOfConversations(workspaceId: WorkspaceId, conversationIds: readonly string[]): Promise<number> {
    if (conversationIds.length === 0) return Promise.resolve(0);
    return this.deleteWhere(workspaceId, { conversationId: In([...conversationIds]) });
  }

  async insert({ workspaceId, ...trace }: NewTrace): Promise<string> {
    // A trace per answer: one INSERT, not save()'s transaction and read-back.
    // The route's free-form JSON (arguments, plan) is beyond TypeORM's partial-entity typing: it is stored as given.
    const values = { ...trace, route: trace.route ?? null } as QueryDeepPartialEntity<AnswerTrace>;
    return this.insertReturningId(workspaceId, values);
  }

  /** Days in [from, to) with at least one trace, oldest first. */
  async dailyCounts(workspaceId: WorkspaceId, from: Date, to: Date): Promise<DailyAnswerCounts[]> {
    const rows: Array<Record<string, string>> = await this.dataSource.query(
      `SELECT to_char(date_trunc('day', "createdAt"), 'YYYY-MM-DD') AS day, count(*) AS answers,
              count(*) FILTER (WHERE decision = 'escalate') AS escalations,
              count(*) FILTER (WHERE "cacheHit") AS cache_hits,
              coalesce(sum(calls.made), 0) AS action_calls, coalesce(sum(calls.failed), 0) AS action_calls_failed
         FROM answer_traces
         LEFT JOIN LATERAL (
           SELECT count(*) AS made,
                  count(*) FILTER (WHERE call->>'outcome' IN ('failed', 'response_too_large', 'refused')) AS failed
             FROM jsonb_array_elements(coalesce(route->'calls', '[]'::jsonb)) AS call
         ) AS calls ON true WHERE "workspaceId" = $1 AND "createdAt" >= $2 AND "createdAt" < $3
        GROUP BY 1 ORDER BY 1`,
      [asWorkspaceId(workspaceId), from, to],
    );
    return rows.map((row) => ({
      day: row.day,
      answers: Number(row.answers),
      escalations: Number(row.escalations),
      cacheHits: Number(row.cache_hits),
      actionCalls: Number(row.action_calls),
      actionCallsFailed: Number(row.action_calls_failed),
    }));
  }

  /**
   * The workspace's traces in the range, split by what `threshold` would have decided. `resolvedIds` are traces
   * whose outcome is known from elsewhere (an agent resolved the escalation): answers does not read tickets.
   */
  async replayThreshold(
    workspaceId: WorkspaceId,
    threshold: number,
    range: TraceRange,
    resolvedIds: readonly string[],
  ): Promise<ThresholdReplayGroup[]> {
    const rows: Array<Record<string, string | boolean>> = await this.dataSource.query(
      `SELECT (t.confidence >= $2) AS would_answer,
              ((t.confidence >= $2) <> (t.decision = 'answer')) AS changed,
              count(*) AS count,
              count(*) FILTER (WHERE t.feedback > 0) AS helpful,
              count(*) FILTER (WHERE t.feedback < 0) AS not_helpful,
              count(*) FILTER (WHERE t.id = ANY($5::uuid[])) AS resolved,
              count(*) FILTER (WHERE t.feedback IS NULL AND NOT (t.id = ANY($5::uuid[]))) AS unknown
         FROM answer_traces t
        WHERE t."workspaceId" = $1
          AND ($3::timestamptz IS NULL OR t."createdAt" >= $3)
          AND ($4::timestamptz IS NULL OR t."createdAt" < $4)
        GROUP BY 1, 2`,
      [asWorkspaceId(workspaceId), threshold, range.from ?? null, range.to ?? null, resolvedIds],
    );
    return rows.map((row) => ({
      wouldAnswer: row.would_answer === true,
      changed: row.changed === true,
      count: Number(row.count),
      helpful: Number(row.helpful),
      notHelpful: Number(row.not_helpful),
      resolved: Number(row.resolved),
      unknown: Number(row.unknown),
    }));
  }
}
