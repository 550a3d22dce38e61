import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { HANDOFF_REASONS, HandoffReason, WorkspaceId, asWorkspaceId } from '@switchboard/database';
import { DataSource } from 'typeorm';

export const REPORT_MAX_DAYS = 365;

export interface SupportReport {
  days: number;
  /** Conversations started in the window. */
  conversations: number;
  /** Of those, conversations with at least one bot answer (message metadata.kind = 'answer'). */
  answeredByBot: number;
  /** Conversations with a customer message and a bot answer but no ticket, over conversations with a customer message. */
  autoResolutionRate: number;
  /** Conversations with a customer message and a ticket, over conversations with a customer message. */
  handoffRate: number;
  /** Tickets opened in the window, by reason (every reason listed, zero included). */
  handoffsByReason: Record<HandoffReason, number>;
  /** Median of firstResponseAt - createdAt over tickets opened in the window that got a response; null if none. */
  medianFirstResponseSeconds: number | null;
  /** Ratings (message metadata.feedback) on messages written in the window. */
  feedback: { up: number; down: number };
}

export class InvalidReportWindowError extends Error {
  constructor(readonly days: number) {
    super(`days must be a whole number from 1 to ${REPORT_MAX_DAYS}`);
    this.name = 'InvalidReportWindowError';
  }
}

interface ConversationCounts {
  conversations: number;
  answered: number;
  with_customer: number;
  auto_resolved: number;
  handed_off: number;
}

/** Support numbers for the console and the API: how much the bot handles and how fast people pick up the rest. */
@Injectable()
export class SupportReportsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async report(workspaceId: WorkspaceId, days: number, now = new Date()): Promise<SupportReport> {
    asWorkspaceId(workspaceId);
    if (!Number.isInteger(days) || days < 1 || days > REPORT_MAX_DAYS) throw new InvalidReportWindowError(days);
    const since = new Date(now.getTime() - days * 24 * 3600 * 1000);
    const parameters = [workspaceId, since];
    const [counts, reasons, median, feedback] = await Promise.all([
      // A conversation's messages and tickets are never older than the conversation: the window bounds them too.
      this.dataSource.query<ConversationCounts[]>(
        `WITH recent AS (
           SELECT id FROM conversations WHERE "workspaceId" = $1 AND "createdAt" >= $2
         ), customer AS (
           SELECT DISTINCT "conversationId" AS id FROM messages
            WHERE "workspaceId" = $1 AND "createdAt" >= $2 AND author = 'contact'
         ), answered AS (
           SELECT DISTINCT "conversationId" AS id FROM messages
            WHERE "workspaceId" = $1 AND "createdAt" >= $2 AND author = 'bot' AND metadata->>'kind' = 'answer'
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
        parameters,
      ),
      this.dataSource.query<Array<{ reason: string; count: number }>>(
        `SELECT reason, count(*)::int AS count FROM tickets
          WHERE "workspaceId" = $1 AND "createdAt" >= $2
          GROUP BY reason`,
        parameters,
      ),
      this.dataSource.query<Array<{ median: number | null }>>(
        `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "firstResponseAt" - "createdAt"))::float8
                AS median
           FROM tickets
          WHERE "workspaceId" = $1 AND "createdAt" >= $2 AND "firstResponseAt" IS NOT NULL`,
        parameters,
      ),
      this.dataSource.query<Array<{ up: number; down: number }>>(
        `SELECT count(*) FILTER (WHERE metadata->>'feedback' = 'up')::int AS up,
                count(*) FILTER (WHERE metadata->>'feedback' = 'down')::int AS down
           FROM messages
          WHERE "workspaceId" = $1 AND "createdAt" >= $2 AND metadata ? 'feedback'`,
        parameters,
      ),
    ]);
    const row = counts[0];
    const handoffsByReason = Object.fromEntries(HANDOFF_REASONS.map((reason) => [reason, 0])) as Record<
      HandoffReason,
      number
    >;
    for (const { reason, count } of reasons) {
      if ((HANDOFF_REASONS as readonly string[]).includes(reason)) handoffsByReason[reason as HandoffReason] = count;
    }
    const medianSeconds = median[0]?.median;
    return {
      days,
      conversations: row?.conversations ?? 0,
      answeredByBot: row?.answered ?? 0,
      autoResolutionRate: rate(row?.auto_resolved ?? 0, row?.with_customer ?? 0),
      handoffRate: rate(row?.handed_off ?? 0, row?.with_customer ?? 0),
      handoffsByReason,
      medianFirstResponseSeconds:
        typeof medianSeconds === 'number' && Number.isFinite(medianSeconds) ? Math.round(medianSeconds) : null,
      feedback: { up: feedback[0]?.up ?? 0, down: feedback[0]?.down ?? 0 },
    };
  }
}

/** A share rounded to four decimals; 0 when there is nothing to divide by. */
export function rate(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0;
}
