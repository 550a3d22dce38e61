import { Injectable } from '@nestjs/common';
import { LlmCallLog, LlmCallLogEntry } from './llm-call-log';
import { LlmCallsRepository } from './llm-calls.repository';

/** Every LLM attempt in Postgres, for cost per workspace per day and for replaying a prompt. */
@Injectable()
export class PostgresLlmCallLog implements LlmCallLog {
  constructor(private readonly calls: LlmCallsRepository) {}

  async record(entry: LlmCallLogEntry): Promise<void> {
    await this.calls.insert({
      workspaceId: entry.workspaceId ?? null,
      conversationId: entry.conversationId ?? null,
      task: entry.task,
      provider: entry.provider,
      model: entry.model,
      prompt: entry.prompt,
      completion: entry.completion,
      promptTokens: entry.promptTokens,
      completionTokens: entry.completionTokens,
      costUsd: entry.costUsd.toFixed(6),
      latencyMs: Math.round(entry.latencyMs),
      status: entry.status,
      error: entry.error ?? null,
      attempt: entry.attempt,
    });
  }
}
