import type { LlmMessage, LlmTask } from './llm.port';

/** One attempt of one LLM call, successful or not. */
export interface LlmCallLogEntry {
  workspaceId?: string;
  task: LlmTask;
  provider: string;
  model: string;
  /** The messages as JSON, so the exact prompt can be replayed. */
  prompt: string;
  /** The text produced, partial when a stream broke. */
  completion: string;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  latencyMs: number;
  status: 'ok' | 'error';
  error?: string;
  /** 1-based position of the attempt within the call, across providers. */
  attempt: number;
}

export interface LlmCallLog {
  record(entry: LlmCallLogEntry): Promise<void>;
}

export const LLM_CALL_LOG = Symbol('LLM_CALL_LOG');

export function serializePrompt(messages: readonly LlmMessage[]): string {
  return JSON.stringify(messages.map(({ role, content }) => ({ role, content })));
}
