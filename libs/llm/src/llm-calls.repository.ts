import { Injectable } from '@nestjs/common';
import { LlmCall, WorkspaceId, asWorkspaceId } from '@switchboard/database';
import { DataSource, In, Repository } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/** LLM calls, tokens and cost of one workspace on one day (YYYY-MM-DD). */
export interface DailyLlmUsage {
  day: string;
  llmCalls: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  /** The same day's calls and cost by task (`answer`, `suggest_reply`, `rewrite`, …): only tasks with a call. */
  byTask: Record<string, LlmTaskUsage>;
}

export interface LlmTaskUsage {
  calls: number;
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

  /** The calls made for these conversations, oldest first. */
  ofConversations(workspaceId: WorkspaceId, conversationIds: readonly string[]): Promise<LlmCall[]> {
    if (conversationIds.length === 0) return Promise.resolve([]);
    return this.calls.find({
      where: { workspaceId: asWorkspaceId(workspaceId), conversationId: In([...conversationIds]) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  async deleteOfConversations(workspaceId: WorkspaceId, conversationIds: readonly string[]): Promise<number> {
    if (conversationIds.length === 0) return 0;
    const result = await this.calls.delete({
      workspaceId: asWorkspaceId(workspaceId),
      conversationId: In([...conversationIds]),
    });
    return result.affected ?? 0;
  }

  /** Days in [from, to) with at least one call, oldest first; each day's totals and its split by task. */
  async dailyUsage(workspaceId: WorkspaceId, from: Date, to: Date): Promise<DailyLlmUsage[]> {
    // One pass: the (day) grouping gives the exact day totals, the (day, task) grouping the split.
    const rows: Array<Record<string, string>> = await this.calls.query(
      `SELECT to_char(date_trunc('day', "createdAt"), 'YYYY-MM-DD') AS day, task, GROUPING(task) AS all_tasks,
              count(*) AS llm_calls, sum("promptTokens") AS prompt_tokens,
              sum("completionTokens") AS completion_tokens, sum("costUsd") AS cost
         FROM llm_calls WHERE "workspaceId" = $1 AND "createdAt" >= $2 AND "createdAt" < $3
        GROUP BY GROUPING SETS ((1), (1, task)) ORDER BY 1, 3 DESC, 2`,
      [workspaceId, from, to],
    );
    const days = new Map<string, DailyLlmUsage>();
    for (const row of rows) {
      if (Number(row.all_tasks) === 1) {
        days.set(row.day, {
          day: row.day,
          llmCalls: Number(row.llm_calls),
          promptTokens: Number(row.prompt_tokens),
          completionTokens: Number(row.completion_tokens),
          costUsd: Number(row.cost),
          byTask: {},
        });
      } else {
        const day = days.get(row.day);
        if (day) day.byTask[row.task] = { calls: Number(row.llm_calls), costUsd: Number(row.cost) };
      }
    }
    return [...days.values()];
  }
}
