import type { LlmCallLog, LlmCallLogEntry } from './llm-call-log';

/** Keeps entries in memory, for tests and the offline demo. */
export class InMemoryLlmCallLog implements LlmCallLog {
  readonly entries: LlmCallLogEntry[] = [];

  async record(entry: LlmCallLogEntry): Promise<void> {
    this.entries.push({ ...entry });
  }

  clear(): void {
    this.entries.length = 0;
  }
}
