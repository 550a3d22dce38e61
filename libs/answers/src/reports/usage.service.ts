import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorkspaceId } from '@switchboard/database';
import { DataSource } from 'typeorm';

export interface DailyUsage {
  day: string;
  answers: number;
  escalations: number;
  cacheHits: number;
  llmCalls: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

/** Tokens and estimated cost per workspace per day, from the answer traces and the LLM call log. */
@Injectable()
export class UsageService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async daily(workspaceId: WorkspaceId, from: Date, to: Date): Promise<DailyUsage[]> {
    const rows: Array<Record<string, string>> = await this.dataSource.query(
      `WITH answers AS (
         SELECT date_trunc('day', "createdAt") AS day, count(*) AS answers,
                count(*) FILTER (WHERE decision = 'escalate') AS escalations,
                count(*) FILTER (WHERE "cacheHit") AS cache_hits
           FROM answer_traces WHERE "workspaceId" = $1 AND "createdAt" >= $2 AND "createdAt" < $3 GROUP BY 1),
       calls AS (
         SELECT date_trunc('day', "createdAt") AS day, count(*) AS llm_calls, sum("promptTokens") AS prompt_tokens,
                sum("completionTokens") AS completion_tokens, sum("costUsd") AS cost
           FROM llm_calls WHERE "workspaceId" = $1 AND "createdAt" >= $2 AND "createdAt" < $3 GROUP BY 1)
       SELECT to_char(coalesce(a.day, c.day), 'YYYY-MM-DD') AS day,
              coalesce(a.answers, 0) AS answers, coalesce(a.escalations, 0) AS escalations, coalesce(a.cache_hits, 0) AS cache_hits,
              coalesce(c.llm_calls, 0) AS llm_calls, coalesce(c.prompt_tokens, 0) AS prompt_tokens,
              coalesce(c.completion_tokens, 0) AS completion_tokens, coalesce(c.cost, 0) AS cost
         FROM answers a FULL OUTER JOIN calls c ON a.day = c.day
        ORDER BY 1`,
      [workspaceId, from, to],
    );
    return rows.map((row) => ({
      day: row.day,
      answers: Number(row.answers),
      escalations: Number(row.escalations),
      cacheHits: Number(row.cache_hits),
      llmCalls: Number(row.llm_calls),
      promptTokens: Number(row.prompt_tokens),
      completionTokens: Number(row.completion_tokens),
      costUsd: Number(row.cost),
    }));
  }
}
