import type { LlmCompletion, LlmMessage, LlmRequest, LlmTask } from './llm.port';

/** One attempt of one LLM call, successful or not. */
export interface LlmCallLogEntry {
  workspaceId?: string;
  conversationId?: string;
  task: LlmTask;
  provider: string;
  model: string;
  /** The messages as JSON (with the tools, when the call offered some), so the exact prompt can be replayed. */
  prompt: string;
  /** The text produced, partial when a stream broke; with the tool calls as JSON when the model made some. */
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

/** A JSON array of the messages; `{ messages, tools, toolChoice }` when the call offered tools. */
export function serializePrompt(
  messages: readonly LlmMessage[],
  request: Pick<LlmRequest, 'tools' | 'toolChoice'> = {},
): string {
  const listed = messages.map(loggedMessage);
  if (!request.tools?.length) return JSON.stringify(listed);
  return JSON.stringify({ messages: listed, tools: request.tools, toolChoice: request.toolChoice ?? 'auto' });
}

/** The completion's text, or `{ text, toolCalls }` as JSON when the model called tools. */
export function serializeCompletion(completion: Pick<LlmCompletion, 'text' | 'toolCalls'>): string {
  if (!completion.toolCalls?.length) return completion.text;
  return JSON.stringify({ text: completion.text, toolCalls: completion.toolCalls });
}

function loggedMessage(message: LlmMessage): Record<string, unknown> {
  const { role, content } = message;
  if (message.role === 'tool') return { role, content, toolCallId: message.toolCallId };
  if (message.role === 'assistant' && message.toolCalls?.length) return { role, content, toolCalls: message.toolCalls };
  return { role, content };
}
