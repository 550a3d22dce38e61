import { Injectable } from '@nestjs/common';
import { WorkspaceId } from '@switchboard/database';
import { DailyLlmUsage, LlmCallsRepository } from './llm-calls.repository';

/** What the LLM call log says a workspace spent, for the usage report of the libs that call models. */
@Injectable()
export class LlmUsageService {
  constructor(private readonly calls: LlmCallsRepository) {}

  daily(workspaceId: WorkspaceId, from: Date, to: Date): Promise<DailyLlmUsage[]> {
    return this.calls.dailyUsage(workspaceId, from, to);
  }
}
