import { Injectable } from '@nestjs/common';
import { WorkspaceId } from '@switchboard/database';
import { DailyLlmUsage, LlmTaskUsage, LlmUsageService } from '@switchboard/llm';
import { AnswerTracesService } from '../traces/answer-traces.service';
import { DailyAnswerCounts } from '../traces/answer-traces.repository';

export interface DailyUsage {
  day: string;
  answers: number;
  escalations: number;
  cacheHits: number;
  actionCalls: number;
  actionCallsFailed: number;
  llmCalls: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  /** LLM calls and cost by task (answer, suggest_reply, rewrite, summarize, classify, action, …). */
  byTask: Record<string, LlmTaskUsage>;
}

const NO_ANSWERS: Omit<DailyAnswerCounts, 'day'> = {
  answers: 0,
  escalations: 0,
  cacheHits: 0,
  actionCalls: 0,
  actionCallsFailed: 0,
};
const NO_CALLS: Omit<DailyLlmUsage, 'day'> = {
  llmCalls: 0,
  promptTokens: 0,
  completionTokens: 0,
  costUsd: 0,
  byTask: {},
};

/** Tokens and estimated cost per workspace per day, from the answer traces and the LLM call log. */
@Injectable()
export class UsageService {
  constructor(
    private readonly traces: AnswerTracesService,
    private readonly llmUsage: LlmUsageService,
  ) {}

  /** Every day in [from, to) with answers or LLM calls, oldest first. */
  async daily(workspaceId: WorkspaceId, from: Date, to: Date): Promise<DailyUsage[]> {
    const [answers, calls] = await Promise.all([
      this.traces.dailyCounts(workspaceId, from, to),
      this.llmUsage.daily(workspaceId, from, to),
    ]);
    const answersByDay = new Map(answers.map((row) => [row.day, row]));
    const callsByDay = new Map(calls.map((row) => [row.day, row]));
    const days = [...new Set([...answersByDay.keys(), ...callsByDay.keys()])].sort();
    return days.map((day) => ({
      day,
      ...NO_ANSWERS,
      ...NO_CALLS,
      ...answersByDay.get(day),
      ...callsByDay.get(day),
    }));
  }
}
