import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LlmCall } from '@switchboard/database';
import { DataSource } from 'typeorm';
import { LlmCallLog, LlmCallLogEntry } from './llm-call-log';

/** Every LLM attempt in Postgres, for cost per workspace per day and for replaying a prompt. */
@Injectable()
export class PostgresLlmCallLog implements LlmCallLog {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(entry: LlmCallLogEntry): Promise<void> {
    await this.dataSource.getRepository(LlmCall).insert({
      workspaceId: entry.workspaceId ?? null,
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
