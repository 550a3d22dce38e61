import { Injectable } from '@nestjs/common';
import { LlmCall, WorkspaceId } from '@switchboard/database';
import { DataSource, Repository } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/** LLM calls, tokens and cost of one workspace on one day (YYYY-MM-DD). */
export interface DailyLlmUsage {
  day: string;
  llmCalls: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

/** The `llm_calls` table: written once per attempt, read only as daily totals. */
@Injectable()
export class LlmCallsRepository {
  private readonly calls: Repository<LlmCall>;

  constructor(dataSource: DataSource) {
    this.calls = dataSource.getRepository(LlmCall);
  }

  async insert(call: QueryDeepPartialEntity<LlmCall>): Promise<void> {
    await this.calls.insert(call);
  }

  /** Days in [from, to) with at least one call, oldest first. */
  async dailyUsage(workspaceId: WorkspaceId, from: Date, to: Date): Promise<DailyLlmUsage[]> {
    const rows: Array<Record<string, string>> = await this.calls.query(
      `SELECT to_char(date_trunc('day', "createdAt"), 'YYYY-MM-DD') AS day, count(*) AS llm_calls,
              sum("promptTokens") AS prompt_tokens, sum("completionTokens") AS completion_tokens, sum("costUsd") AS cost
         FROM llm_calls WHERE "workspaceId" = $1 AND "createdAt" >= $2 AND "createdAt" < $3
        GROUP BY 1 ORDER BY 1`,
      [workspaceId, from, to],
    );
    return rows.map((row) => ({
      day: row.day,
      llmCalls: Number(row.llm_calls),
      promptTokens: Number(row.prompt_tokens),
      completionTokens: Number(row.completion_tokens),
      costUsd: Number(row.cost),
    }));
  }
}
