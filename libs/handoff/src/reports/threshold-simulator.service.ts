import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorkspaceId } from '@switchboard/database';
import { DataSource } from 'typeorm';

export interface OutcomeCounts {
  count: number;
  /** Customer feedback on the answer. */
  helpful: number;
  notHelpful: number;
  /** Escalations an agent resolved (known once tickets exist). */
  resolvedByAgent: number;
  /** No outcome recorded. */
  unknown: number;
}

export interface ThresholdSimulation {
  threshold: number;
  traces: number;
  from: string | null;
  to: string | null;
  wouldAnswer: OutcomeCounts;
  wouldEscalate: OutcomeCounts;
  /** How many decisions differ from the ones actually taken. */
  changed: number;
}

/** Replays a workspace's stored answer traces against a candidate threshold. */
@Injectable()
export class ThresholdSimulatorService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async simulate(
    workspaceId: WorkspaceId,
    threshold: number,
    range: { from?: Date; to?: Date } = {},
  ): Promise<ThresholdSimulation> {
    const rows: Array<{
      answer: boolean;
      changed: boolean;
      count: string;
      helpful: string;
      not_helpful: string;
      resolved: string;
      unknown: string;
    }> = await this.dataSource.query(
      `SELECT (t.confidence >= $2) AS answer,
                ((t.confidence >= $2) <> (t.decision = 'answer')) AS changed,
                count(*) AS count,
                count(*) FILTER (WHERE t.feedback > 0) AS helpful,
                count(*) FILTER (WHERE t.feedback < 0) AS not_helpful,
                count(*) FILTER (WHERE k.status = 'resolved') AS resolved,
                count(*) FILTER (WHERE t.feedback IS NULL AND (k.status IS NULL OR k.status <> 'resolved')) AS unknown
           FROM answer_traces t
           LEFT JOIN tickets k ON k."answerTraceId" = t.id AND k."workspaceId" = t."workspaceId"
          WHERE t."workspaceId" = $1
            AND ($3::timestamptz IS NULL OR t."createdAt" >= $3)
            AND ($4::timestamptz IS NULL OR t."createdAt" < $4)
          GROUP BY 1, 2`,
      [workspaceId, threshold, range.from ?? null, range.to ?? null],
    );
    const empty = (): OutcomeCounts => ({ count: 0, helpful: 0, notHelpful: 0, resolvedByAgent: 0, unknown: 0 });
    const result: ThresholdSimulation = {
      threshold,
      traces: 0,
      from: range.from?.toISOString() ?? null,
      to: range.to?.toISOString() ?? null,
      wouldAnswer: empty(),
      wouldEscalate: empty(),
      changed: 0,
    };
    for (const row of rows) {
      const group = row.answer ? result.wouldAnswer : result.wouldEscalate;
      group.count += Number(row.count);
      group.helpful += Number(row.helpful);
      group.notHelpful += Number(row.not_helpful);
      group.resolvedByAgent += Number(row.resolved);
      group.unknown += Number(row.unknown);
      result.traces += Number(row.count);
      if (row.changed) result.changed += Number(row.count);
    }
    return result;
  }
}
