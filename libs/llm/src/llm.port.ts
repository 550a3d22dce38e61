/** What a call is for: the task picks the model tier, and usage is reported by it. */
export type LlmTask =
  | 'answer'
  | 'suggest_reply'
  /** An agent's draft rewritten on request. */
  | 'rewrite'
  /** A customer's follow-up made a standalone search query. */
  | 'query_rewrite'
  | 'classify'
  | 'summarize'
  | 'grounding'
  | 'action';

export const LLM_TASKS: readonly LlmTask[] = [
  'answer',
  'suggest_reply',
  'rewrite',
  'query_rewrite',
  'classify',
  'summarize',
  'grounding',
  'action',
];

export type LlmRole = 'system' | 'user' | 'assistant' | 'tool';

/** A function the model may call: OpenAI's function tool, its parameters a JSON Schema object. */
export interface LlmTool {
  /** `^[a-zA-Z0-9_-]{1,64}$`, as OpenAI requires. */
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** `auto`: the model picks a reply or calls; `none`: it only replies; `required`: it must call; `{ name }`: that tool. */
export type LlmToolChoice = 'auto' | 'none' | 'required' | { name: string };

/** One call the model asked for; `arguments` is the model's JSON text, unvalidated (it may not even parse). */
export interface LlmToolCall {
  id: string;
  name: string;
  arguments: string;
}

export type LlmMessage =
  | { role: 'system' | 'user'; content: string }
  /** `toolCalls`: the calls the model made in that turn, each answered by a later `tool` message. */
  | { role: 'assistant'; content: string; toolCalls?: readonly LlmToolCall[] }
  | { role: 'tool'; content: string; toolCallId: string };

export interface LlmRequest {
  task: LlmTask;
  messages: LlmMessage[];
  maxTokens?: number;
  temperature?: number;
  /** Aborting stops the call, its retries and any open stream; the call then rejects with `LlmAbortedError`. */
  signal?: AbortSignal;
  /** `json` asks for a JSON object; OpenAI then requires the word "json" somewhere in the messages. */
  responseFormat?: 'text' | 'json';
  /** The tenant the call is made for, copied into the call log. */
  workspaceId?: string;
  /** The conversation the call is made for, copied into the call log (erasure and retention find the call by it). */
  conversationId?: string;
  /** Functions the model may call (`complete` only: a stream carries text). */
  tools?: readonly LlmTool[];
  /** Defaults to `auto` when tools are given. */
  toolChoice?: LlmToolChoice;
  /**
   * A fine-tuned model of the primary provider to try first (a workspace's tuned model for the task); when it fails,
   * the call goes on with the task's configured model.
   */
  tunedModel?: string;
}

export type LlmFinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls' | 'other';

export interface LlmCompletion {
  text: string;
  model: string;
  provider: string;
  promptTokens: number;
  completionTokens: number;
  /** 0 when the model has no known price; `costUnknown` then says so. */
  costUsd: number;
  /** Wall time of the whole call as the caller saw it, retries and fallbacks included. */
  latencyMs: number;
  finishReason: LlmFinishReason;
  /** Streams only: time from the call's start to the first token. */
  firstTokenMs?: number;
  /** True when the server sent no usage and tokens were estimated at ~4 characters each. */
  estimatedUsage?: boolean;
  /** True when the model is missing from the price table, so `costUsd` is 0 rather than a real cost. */
  costUnknown?: boolean;
  /** The calls the model asked for, in order; absent when it only wrote text. */
  toolCalls?: LlmToolCall[];
}

export type LlmStreamEvent = { type: 'token'; text: string } | { type: 'done'; completion: LlmCompletion };

/** Answers from a language model; a stream yields tokens in order and then exactly one `done`. */
export interface LlmClient {
  complete(request: LlmRequest): Promise<LlmCompletion>;
  stream(request: LlmRequest): AsyncIterable<LlmStreamEvent>;
}

/**
 * One upstream (OpenAI, Azure, Ollama, vLLM…) making exactly one attempt per call: no retries, its own
 * per-request timeout. Failures are `LlmProviderError`; an aborted `signal` gives `LlmAbortedError`.
 */
export interface LlmProvider extends LlmClient {
  readonly name: string;
  modelFor(task: LlmTask): string;
  /** USD for that usage of one of this provider's models; 0 when unpriced. */
  costOf(model: string, promptTokens: number, completionTokens: number): number;
}

export const LLM_CLIENT = Symbol('LLM_CLIENT');
