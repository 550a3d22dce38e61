import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';

import { LlmAbortedError, LlmProviderError } from '../llm.errors';
import type {
  LlmCompletion,
  LlmFinishReason,
  LlmMessage,
  LlmProvider,
  LlmRequest,
  LlmStreamEvent,
  LlmTask,
  LlmToolCall,
  LlmToolChoice,
} from '../llm.port';
import { parseRetryAfterMs } from '../retry-after';
import { type ModelTier, TaskRouter, type TierModels } from '../task-router';
import { estimatePromptTokens, estimateTokens } from '../usage-estimate';
import { type ModelPriceTable, ModelPricing } from './model-pricing';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const LLM_DEFAULT_TIMEOUT_MS = 20_000;

export interface OpenAiCompatibleProviderOptions {
  /** Shown in logs, attempts and completions (`openai`, `azure-eu`, `ollama`…). */
  name: string;
  /** Any OpenAI-compatible endpoint, including the `/v1` suffix; OpenAI's when omitted. */
  baseUrl?: string;
  apiKey: string;
  models: TierModels;
  /** Per attempt: for `complete` the whole response, for `stream` the wait for each chunk (the first included). */
  timeoutMs?: number;
  /** USD per 1M input/output tokens, merged over the built-in OpenAI prices. */
  pricing?: ModelPriceTable;
  /** Task → model tier, merged over `DEFAULT_TASK_TIERS`. */
  routing?: Partial<Record<LlmTask, ModelTier>>;
  /** OpenAI's o-series and gpt-5 want `max_completion_tokens`; most compatible servers only know `max_tokens`. */
  maxTokensParameter?: 'max_tokens' | 'max_completion_tokens';
  /** Ask for a final usage chunk (`stream_options.include_usage`); turn off for servers that reject it. */
  streamUsage?: boolean;
}

type ChatParams = OpenAI.Chat.ChatCompletionCreateParamsNonStreaming;

interface Usage {
  promptTokens: number;
  completionTokens: number;
  estimated: boolean;
}

/** One OpenAI-compatible upstream; one HTTP request per call, no retries (the fallback chain owns retrying). */
export class OpenAiCompatibleAdapter implements LlmProvider {
  readonly name: string;
  private readonly client: OpenAI;
  private readonly router: TaskRouter;
  private readonly pricing: ModelPricing;
  private readonly timeoutMs: number;
  private readonly maxTokensParameter: 'max_tokens' | 'max_completion_tokens';
  private readonly streamUsage: boolean;

  constructor(options: OpenAiCompatibleProviderOptions) {
    if (options.name.trim() === '') throw new Error('OpenAiCompatibleAdapter: name must not be empty');
    if (options.apiKey.trim() === '') throw new Error(`OpenAiCompatibleAdapter ${options.name}: apiKey is empty`);
    this.name = options.name;
    this.timeoutMs = options.timeoutMs ?? LLM_DEFAULT_TIMEOUT_MS;
    if (!Number.isInteger(this.timeoutMs) || this.timeoutMs < 1) {
      throw new Error(`OpenAiCompatibleAdapter ${options.name}: timeoutMs must be a positive integer`);
    }
    this.router = new TaskRouter(options.models, options.routing);
    this.pricing = new ModelPricing(options.pricing);
    this.maxTokensParameter = options.maxTokensParameter ?? 'max_tokens';
    this.streamUsage = options.streamUsage ?? true;
    // Every option the SDK would otherwise read from the environment is passed explicitly (config owns the environment).
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseUrl ?? OPENAI_DEFAULT_BASE_URL,
      organization: null,
      project: null,
      adminAPIKey: null,
      webhookSecret: null,
      logLevel: 'off',
      timeout: this.timeoutMs,
      maxRetries: 0,
    });
  }

  modelFor(task: LlmTask): string {
    return this.router.modelFor(task);
  }

  costOf(model: string, promptTokens: number, completionTokens: number): number {
    return this.pricing.cost(model, promptTokens, completionTokens).costUsd;
  }

  async complete(request: LlmRequest): Promise<LlmCompletion> {
    const model = request.tunedModel ?? this.modelFor(request.task);
    const timer = new AttemptTimer(request.signal, this.timeoutMs);
    try {
      const response = await this.client.chat.completions.create(
        { ...this.params(request, model), stream: false },
        { signal: timer.signal, maxRetries: 0, timeout: this.timeoutMs },
      );
      const choice = response.choices[0];
      if (!choice) throw new LlmProviderError(this.name, model, 'protocol', 'the response has no choices');
      const text = choice.message.content ?? '';
      const toolCalls = toolCallsOf(choice.message.tool_calls);
      const produced = text + toolCalls.map((call) => call.name + call.arguments).join('');
      const usage = this.usageOf(request, produced, response.usage);
      const completion = this.completion(model, text, usage, finishReasonOf(choice.finish_reason), timer.elapsedMs());
      return toolCalls.length > 0 ? { ...completion, toolCalls } : completion;
    } catch (error) {
      throw this.failure(error, request, model, timer);
    } finally {
      timer.stop();
    }
  }

  async *stream(request: LlmRequest): AsyncGenerator<LlmStreamEvent, void, undefined> {
    // A stream yields text only; tool calls arrive as fragments that `complete` assembles.
    if (request.tools?.length)
      throw new Error(`OpenAiCompatibleAdapter ${this.name}: tools need complete(), not stream()`);
    const model = request.tunedModel ?? this.modelFor(request.task);
    const timer = new AttemptTimer(request.signal, this.timeoutMs);
    let text = '';
    let finishReason: LlmFinishReason | undefined;
    let serverUsage: OpenAI.CompletionUsage | undefined;
    let firstTokenMs: number | undefined;
    try {
      try {
        const chunks = await this.client.chat.completions.create(
          {
            ...this.params(request, model),
            stream: true,
            ...(this.streamUsage ? { stream_options: { include_usage: true } } : {}),
          },
          { signal: timer.signal, maxRetries: 0, timeout: this.timeoutMs },
        );
        for await (const chunk of chunks) {
          timer.pause();
          if (chunk.usage) serverUsage = chunk.usage;
          const choice = chunk.choices[0];
          const content = choice?.delta?.content;
          if (content) {
            text += content;
            firstTokenMs ??= timer.elapsedMs();
            yield { type: 'token', text: content };
          }
          if (choice?.finish_reason) finishReason = finishReasonOf(choice.finish_reason);
          timer.resume();
        }
        // The SDK ends iteration quietly when its request is aborted, so an abort has to be looked for here.
        if (request.signal?.aborted || timer.timedOut) throw new Error('stream aborted');
        if (finishReason === undefined) {
          throw new LlmProviderError(this.name, model, 'protocol', 'the stream ended without a finish reason');
        }
      } catch (error) {
        const failure = this.failure(error, request, model, timer);
        // Once the finish reason is in, only the usage chunk can be missing: finish with estimated usage.
        if (finishReason === undefined || !(failure instanceof LlmProviderError)) throw failure;
      }
      const usage = this.usageOf(request, text, serverUsage);
      const completion = this.completion(model, text, usage, finishReason ?? 'other', timer.elapsedMs());
      yield { type: 'done', completion: firstTokenMs === undefined ? completion : { ...completion, firstTokenMs } };
    } finally {
      // Also reached when the consumer stops iterating early: cancel the HTTP request.
      timer.stop({ abort: true });
    }
  }

  private params(request: LlmRequest, model: string): ChatParams {
    const params: ChatParams = { model, messages: request.messages.map(chatMessage) };
    if (request.maxTokens !== undefined) params[this.maxTokensParameter] = request.maxTokens;
    if (request.temperature !== undefined) params.temperature = request.temperature;
    if (request.responseFormat === 'json') params.response_format = { type: 'json_object' };
    if (request.tools?.length) {
      params.tools = request.tools.map(({ name, description, parameters }) => ({
        type: 'function',
        function: { name, description, parameters },
      }));
      params.tool_choice = toolChoiceParam(request.toolChoice ?? 'auto');
    }
    return params;
  }

  private usageOf(request: LlmRequest, text: string, usage: OpenAI.CompletionUsage | null | undefined): Usage {
    if (usage && Number.isFinite(usage.prompt_tokens) && Number.isFinite(usage.completion_tokens)) {
      return { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens, estimated: false };
    }
    return {
      promptTokens: estimatePromptTokens(request.messages),
      completionTokens: estimateTokens(text),
      estimated: true,
    };
  }

  private completion(
    model: string,
    text: string,
    usage: Usage,
    finishReason: LlmFinishReason,
    latencyMs: number,
  ): LlmCompletion {
    const cost = this.pricing.cost(model, usage.promptTokens, usage.completionTokens);
    return {
      text,
      model,
      provider: this.name,
      promptTokens: usage.promptTokens,
      completionTokens: usage.completionTokens,
      costUsd: cost.costUsd,
      latencyMs,
      finishReason,
      ...(usage.estimated ? { estimatedUsage: true } : {}),
      ...(cost.known ? {} : { costUnknown: true }),
    };
  }

  /** Maps whatever the SDK or the socket threw to an abort or a classified provider failure. */
  private failure(error: unknown, request: LlmRequest, model: string, timer: AttemptTimer): Error {
    if (request.signal?.aborted) return new LlmAbortedError({ cause: request.signal.reason });
    if (timer.timedOut) {
      return new LlmProviderError(this.name, model, 'timeout', `no response within ${this.timeoutMs} ms`, {
        cause: error,
      });
    }
    if (error instanceof LlmProviderError) return error;
    if (error instanceof APIConnectionTimeoutError) {
      return new LlmProviderError(this.name, model, 'timeout', `no response within ${this.timeoutMs} ms`, {
        cause: error,
      });
    }
    if (error instanceof APIConnectionError) {
      return new LlmProviderError(this.name, model, 'network', `connection failed: ${describe(error)}`, {
        cause: error,
      });
    }
    if (error instanceof APIError && typeof error.status === 'number') {
      return new LlmProviderError(this.name, model, 'http', `HTTP ${error.status}: ${error.message}`, {
        status: error.status,
        retryAfterMs: parseRetryAfterMs(headersOf(error.headers)),
        cause: error,
      });
    }
    if (error instanceof APIError || error instanceof SyntaxError) {
      // An error event inside the stream, or a body that is not JSON.
      return new LlmProviderError(this.name, model, 'protocol', error.message, { cause: error });
    }
    // Undici reports a socket closed mid-body as `TypeError: terminated`.
    return new LlmProviderError(this.name, model, 'network', `connection broke: ${describe(error)}`, { cause: error });
  }
}

/** One attempt's own deadline, linked to the caller's signal, pausable while the consumer holds a token. */
class AttemptTimer {
  readonly signal: AbortSignal;
  timedOut = false;
  private readonly controller = new AbortController();
  private readonly startedAt = performance.now();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    external: AbortSignal | undefined,
    private readonly timeoutMs: number,
  ) {
    this.signal = external ? AbortSignal.any([external, this.controller.signal]) : this.controller.signal;
    this.resume();
  }

  elapsedMs(): number {
    return Math.round(performance.now() - this.startedAt);
  }

  pause(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  resume(): void {
    this.pause();
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort(new Error(`attempt timed out after ${this.timeoutMs} ms`));
    }, this.timeoutMs);
  }

  stop(options: { abort?: boolean } = {}): void {
    this.pause();
    if (options.abort && !this.controller.signal.aborted) this.controller.abort(new Error('attempt finished'));
  }
}

const FINISH_REASONS: ReadonlySet<string> = new Set<LlmFinishReason>([
  'stop',
  'length',
  'content_filter',
  'tool_calls',
]);

function finishReasonOf(reason: string | null | undefined): LlmFinishReason {
  if (reason === 'function_call') return 'tool_calls';
  return reason && FINISH_REASONS.has(reason) ? (reason as LlmFinishReason) : 'other';
}

function chatMessage(message: LlmMessage): OpenAI.Chat.ChatCompletionMessageParam {
  switch (message.role) {
    case 'system':
    case 'user':
      return { role: message.role, content: message.content };
    case 'tool':
      return { role: 'tool', content: message.content, tool_call_id: message.toolCallId };
    case 'assistant': {
      if (!message.toolCalls?.length) return { role: 'assistant', content: message.content };
      return {
        role: 'assistant',
        // OpenAI takes null content beside tool calls; an empty string is refused by some compatible servers.
        content: message.content === '' ? null : message.content,
        tool_calls: message.toolCalls.map(({ id, name, arguments: args }) => ({
          id,
          type: 'function',
          function: { name, arguments: args },
        })),
      };
    }
  }
}

function toolChoiceParam(choice: LlmToolChoice): OpenAI.Chat.ChatCompletionToolChoiceOption {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
}

/** Function calls only: the chat API's custom (free-text) tools are never offered, so never expected back. */
function toolCallsOf(calls: readonly OpenAI.Chat.ChatCompletionMessageToolCall[] | undefined): LlmToolCall[] {
  return (calls ?? []).flatMap((call) =>
    call.type === 'function' ? [{ id: call.id, name: call.function.name, arguments: call.function.arguments }] : [],
  );
}

function headersOf(headers: unknown): Headers | undefined {
  return headers instanceof Headers ? headers : undefined;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}
