import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { OpenAiFineTuningDouble } from './openai-fine-tuning.double';
import { OpenAiAnswerKind, OpenAiEndpoint, OpenAiOpenApiValidator } from './openai-openapi.validator';

/** A message of a chat request as the double reads it (the schema has validated the rest). */
export interface ChatRequestMessage {
  role: string;
  content: unknown;
  tool_calls?: Array<{ id: string; type: string; function?: { name: string; arguments: string } }>;
  tool_call_id?: string;
}

/** A tool of a chat request as the double reads it. */
export interface ChatRequestTool {
  type: string;
  function?: { name: string; description?: string; parameters?: Record<string, unknown> };
}

/** The parts of an OpenAI chat request the double reads; everything else is only validated. */
export interface ChatCompletionRequestBody {
  model: string;
  messages: ChatRequestMessage[];
  tools?: ChatRequestTool[];
  tool_choice?: string | { type: string; function?: { name: string } };
  parallel_tool_calls?: boolean;
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  response_format?: { type: string };
  [parameter: string]: unknown;
}

/** A function call the model makes; `arguments` as an object is sent as its JSON text. */
export interface ScriptedToolCall {
  name: string;
  arguments: string | Record<string, unknown>;
  /** `call_double<n>` unless set. */
  id?: string;
}

/** How the double answers one chat request. */
export interface ScriptedChatReply {
  /** Answer with these function calls (alongside `text`, if any); the finish reason becomes `tool_calls`. */
  toolCalls?: readonly ScriptedToolCall[];
  /** The reply, split into word-sized tokens (`"Hello world"` → `"Hello"`, `" world"`). */
  text?: string;
  /** Exact tokens, instead of splitting `text`. */
  tokens?: readonly string[];
  /** Answer with this error status and OpenAI's error body instead of a completion. */
  status?: number;
  /** `Retry-After` header for an error reply: seconds or an HTTP-date. */
  retryAfter?: string;
  headers?: Record<string, string>;
  errorMessage?: string;
  /** Never answer (until `close()`), to exercise timeouts. */
  hang?: boolean;
  /** Wait before the first chunk of a stream (or before a whole non-streamed reply). */
  firstTokenDelayMs?: number;
  /** Wait between streamed tokens (non-streamed replies wait the sum). */
  tokenIntervalMs?: number;
  /** Destroy the socket once this many tokens were sent (0: right after the headers and the role chunk). */
  breakAfterTokens?: number;
  /** Stop sending, but keep the connection open, once this many tokens were sent. */
  stallAfterTokens?: number;
  finishReason?: 'stop' | 'length' | 'content_filter' | 'tool_calls';
  /** Usage to report; `'omit'` sends none even when the client asked for it. Estimated at ~4 chars/token otherwise. */
  usage?: { promptTokens: number; completionTokens: number } | 'omit';
}

export type ChatResponder = (request: ChatCompletionRequestBody) => ScriptedChatReply;

/** How the double answers one embeddings request: deterministic vectors unless an error or a hang is scripted. */
export interface ScriptedEmbeddingReply {
  status?: number;
  retryAfter?: string;
  errorMessage?: string;
  hang?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** `Date.now()` when the request's body had arrived. */
  receivedAt: number;
  /** `Date.now()` when a streamed completion's first content token was written: the model's time to first token. */
  firstTokenAt?: number;
  /** Ways the request differs from what OpenAI accepts; such requests were answered 400. */
  problems: string[];
}

export interface OpenAiDoubleOptions {
  /** Answers chat requests once the scripted queue is empty; by default echoes the last user message. */
  respond?: ChatResponder;
  /** Defaults for replies that do not set their own pacing. */
  firstTokenDelayMs?: number;
  tokenIntervalMs?: number;
  embeddingDimension?: number;
  /** When set, requests must carry `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
}

/**
 * An OpenAI-compatible HTTP server on 127.0.0.1 for tests and benchmarks: `/v1/chat/completions` (plain and SSE
 * streaming, in OpenAI's exact chunk format, text or tool calls) and `/v1/embeddings`, scriptable per request. Requests are checked
 * against OpenAI's own OpenAPI document (openai-openapi.validator.ts) and refused with a 400 and OpenAI's error body
 * as the real API refuses them; every answer the double gives (JSON, each SSE chunk, errors) is checked against the
 * documented shape too, and any difference lands in `violations`.
 */
export class OpenAiDouble {
  readonly requests: RecordedRequest[] = [];
  /** Answers of the double that differ from the shapes OpenAI's document gives them. */
  readonly violations: string[] = [];
  /** Requests being answered right now, and the most seen at once. */
  inFlight = 0;
  maxInFlight = 0;
  /** Open TCP connections right now, and the most seen at once. */
  openConnections = 0;
  maxOpenConnections = 0;

  private readonly chatScript: ScriptedChatReply[] = [];
  private readonly embeddingScript: ScriptedEmbeddingReply[] = [];
  private readonly respond: ChatResponder;
  private readonly events = new EventEmitter();
  private readonly sockets = new Set<Socket>();
  private readonly pending = new Map<NodeJS.Timeout, () => void>();
  private closed = false;
  private completionCounter = 0;
  private toolCallCounter = 0;
  private readonly spec = OpenAiOpenApiValidator.load();
  /** Files and fine-tuning jobs (openai-fine-tuning.double.ts): script jobs and errors there. */
  readonly fineTuning = new OpenAiFineTuningDouble(this.spec, this.violations, this.options.apiKey);

  private constructor(
    private readonly server: Server,
    private readonly options: OpenAiDoubleOptions,
  ) {
    this.respond = options.respond ?? echoLastUserMessage;
    this.events.setMaxListeners(0);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      // A client that vanishes mid-request must not become an unhandled rejection.
      this.handle(request, response).catch(() => response.destroy());
    });
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      this.openConnections++;
      this.maxOpenConnections = Math.max(this.maxOpenConnections, this.openConnections);
      socket.on('close', () => {
        this.sockets.delete(socket);
        this.openConnections--;
        this.changed();
      });
    });
  }

  static async start(options: OpenAiDoubleOptions = {}): Promise<OpenAiDouble> {
    OpenAiOpenApiValidator.load().precompile();
    const double = new OpenAiDouble(createServer(), options);
    await new Promise<void>((resolve, reject) => {
      double.server.once('error', reject);
      double.server.listen(0, '127.0.0.1', () => resolve());
    });
    return double;
  }

  /** Includes `/v1`, as the OpenAI SDK's `baseURL` expects. */
  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  /** Scripts the next chat requests, in order; then `respond` takes over. */
  enqueue(...replies: ScriptedChatReply[]): this {
    this.chatScript.push(...replies);
    return this;
  }

  enqueueEmbeddings(...replies: ScriptedEmbeddingReply[]): this {
    this.embeddingScript.push(...replies);
    return this;
  }

  get chatRequests(): Array<RecordedRequest & { body: ChatCompletionRequestBody }> {
    return this.requests.filter((r): r is RecordedRequest & { body: ChatCompletionRequestBody } => {
      return r.path === '/v1/chat/completions';
    });
  }

  /**
   * Every problem found in any request, and any answer of the double off OpenAI's documented shape: a test
   * asserting `[]` proves the client spoke OpenAI's dialect to a server that answered in it.
   */
  get problems(): string[] {
    return [...this.requests.flatMap((r) => r.problems.map((p) => `${r.method} ${r.path}: ${p}`)), ...this.violations];
  }

  /** Resolves once `condition` holds, re-checked whenever a request arrives or ends. */
  async waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
    if (condition()) return;
    await new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (!condition()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`OpenAiDouble.waitFor: condition still false after ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.events.off('change', check);
      };
      this.events.on('change', check);
    });
  }

  /** Ends hanging and paced replies too, so the test process can exit. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const [timer, release] of this.pending) {
      clearTimeout(timer);
      release();
    }
    this.pending.clear();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private changed(): void {
    this.events.emit('change');
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    response.on('close', () => {
      this.inFlight--;
      this.changed();
    });

    const raw = await readBody(request);
    const path = (request.url ?? '').split('?')[0] ?? '';
    const recorded: RecordedRequest = {
      method: request.method ?? '',
      path,
      headers: request.headers,
      body: undefined,
      receivedAt: Date.now(),
      problems: [],
    };
    this.requests.push(recorded);
    if (this.fineTuning.serves(recorded.method, path)) {
      this.fineTuning.handle(request, path, raw, response, recorded);
      this.changed();
      return;
    }
    try {
      recorded.body = JSON.parse(raw) as unknown;
    } catch {
      recorded.problems.push('the body is not JSON');
    }
    recorded.problems.push(...this.headerProblems(request.headers));
    this.changed();

    const endpoint = ENDPOINTS[path];
    if (request.method !== 'POST' || !endpoint) {
      this.sendError(response, '/chat/completions', 404, `Unknown request URL: ${request.method} ${path}`);
      return;
    }
    if (recorded.body !== undefined) recorded.problems.push(...this.requestProblems(endpoint, recorded.body));
    if (recorded.problems.length > 0) return this.sendError(response, endpoint, 400, recorded.problems.join('; '));
    if (endpoint === '/embeddings') {
      return this.answerEmbeddings(recorded.body as EmbeddingsRequestBody, response);
    }
    const body = recorded.body as ChatCompletionRequestBody;
    const reply = this.chatScript.shift() ?? this.respond(body);
    await this.answerChat(body, reply, response, recorded);
  }

  /** What OpenAI's schema refuses, then the rules its descriptions state that a schema cannot express. */
  private requestProblems(endpoint: OpenAiEndpoint, body: unknown): string[] {
    const problems = this.spec.requestProblems(endpoint, body);
    if (typeof body !== 'object' || body === null) return problems;
    const rules =
      endpoint === '/embeddings'
        ? embeddingRules(body as EmbeddingsRequestBody)
        : chatRules(body as ChatCompletionRequestBody);
    return [...problems, ...rules];
  }

  /** Records how an answer differs from the shape OpenAI's document gives it. */
  private checkAnswer(endpoint: OpenAiEndpoint, kind: OpenAiAnswerKind, body: unknown): void {
    const problems = this.spec.answerProblems(endpoint, kind, body);
    this.violations.push(...problems.map((problem) => `the double's ${endpoint} ${problem}`));
  }

  private sendError(
    response: ServerResponse,
    endpoint: OpenAiEndpoint,
    status: number,
    message: string,
    headers: Record<string, string> = {},
  ): void {
    const code = status === 429 ? 'rate_limit_exceeded' : null;
    const body = { error: { message, type: errorType(status), param: null, code } };
    this.checkAnswer(endpoint, 'error', body);
    sendJson(response, status, body, headers);
  }

  private headerProblems(headers: IncomingHttpHeaders): string[] {
    const problems: string[] = [];
    if (!headers['content-type']?.startsWith('application/json')) problems.push('content-type is not application/json');
    const authorization = headers.authorization;
    if (!authorization?.startsWith('Bearer ')) problems.push('no Bearer authorization');
    else if (this.options.apiKey !== undefined && authorization !== `Bearer ${this.options.apiKey}`) {
      problems.push('wrong API key');
    }
    return problems;
  }

  private async answerChat(
    body: ChatCompletionRequestBody,
    reply: ScriptedChatReply,
    response: ServerResponse,
    recorded: RecordedRequest,
  ): Promise<void> {
    if (reply.hang) return;
    if (reply.status !== undefined && reply.status !== 200) {
      const headers: Record<string, string> = { ...reply.headers };
      if (reply.retryAfter !== undefined) headers['retry-after'] = reply.retryAfter;
      return this.sendError(
        response,
        '/chat/completions',
        reply.status,
        reply.errorMessage ?? defaultMessage(reply.status),
        headers,
      );
    }

    const tokens = reply.tokens ? [...reply.tokens] : splitTokens(reply.text ?? '');
    const firstDelay = reply.firstTokenDelayMs ?? this.options.firstTokenDelayMs ?? 0;
    const interval = reply.tokenIntervalMs ?? this.options.tokenIntervalMs ?? 0;
    const toolCalls = (reply.toolCalls ?? []).map((call) => this.toolCall(call));
    const finishReason = reply.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop');
    const usage = reply.usage === 'omit' ? undefined : usageFor(body, tokens, reply.usage);
    const id = `chatcmpl-double${++this.completionCounter}`;
    const created = Math.floor(Date.now() / 1000);

    if (!body.stream) {
      if (!(await this.pause(firstDelay + interval * Math.max(0, tokens.length - 1), response))) return;
      if (reply.breakAfterTokens !== undefined) return void response.socket?.destroy();
      if (reply.stallAfterTokens !== undefined) return;
      const completion = {
        id,
        object: 'chat.completion',
        created,
        model: body.model,
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              // OpenAI sends null content beside tool calls when the model wrote no text.
              content: toolCalls.length > 0 && tokens.length === 0 ? null : tokens.join(''),
              refusal: null,
              annotations: [],
              ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
            },
            logprobs: null,
            finish_reason: finishReason,
          },
        ],
        ...(usage ? { usage } : {}),
        service_tier: 'default',
        system_fingerprint: 'fp_double',
      };
      this.checkAnswer('/chat/completions', 'json', completion);
      return sendJson(response, 200, completion, reply.headers);
    }

    const includeUsage = body.stream_options?.include_usage === true;
    const chunk = (choices: unknown[], chunkUsage?: unknown): string => {
      const data = {
        id,
        object: 'chat.completion.chunk',
        created,
        model: body.model,
        service_tier: 'default',
        system_fingerprint: 'fp_double',
        choices,
        // OpenAI puts `usage: null` on every chunk but the last when usage was asked for.
        ...(includeUsage ? { usage: chunkUsage ?? null } : {}),
      };
      this.checkAnswer('/chat/completions', 'chunk', data);
      return `data: ${JSON.stringify(data)}\n\n`;
    };
    const delta = (content: Record<string, unknown>, finish: string | null = null): unknown => ({
      index: 0,
      delta: content,
      logprobs: null,
      finish_reason: finish,
    });

    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      ...reply.headers,
    });
    response.flushHeaders();
    if (!(await this.pause(firstDelay, response))) return;
    await flushed(response, chunk([delta({ role: 'assistant', content: '', refusal: null })]));
    for (const [index, token] of tokens.entries()) {
      if (reply.breakAfterTokens === index) return void response.socket?.destroy();
      if (reply.stallAfterTokens === index) return;
      if (index > 0 && !(await this.pause(interval, response))) return;
      await flushed(response, chunk([delta({ content: token })]));
      recorded.firstTokenAt ??= Date.now();
    }
    if (reply.breakAfterTokens !== undefined) return void response.socket?.destroy();
    if (reply.stallAfterTokens !== undefined) return;
    if (toolCalls.length > 0) {
      // OpenAI streams each call's id and name first, then its arguments; one chunk per call keeps that order.
      const deltas = toolCalls.map((call, index) => ({ index, ...call }));
      await flushed(response, chunk([delta({ tool_calls: deltas })]));
    }
    response.write(chunk([delta({}, finishReason)]));
    if (includeUsage && usage) response.write(chunk([], usage));
    response.end('data: [DONE]\n\n');
  }

  private toolCall(call: ScriptedToolCall): {
    id: string;
    type: 'function';
    function: { name: string; arguments: string };
  } {
    const args = typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
    return {
      id: call.id ?? `call_double${++this.toolCallCounter}`,
      type: 'function',
      function: { name: call.name, arguments: args },
    };
  }

  private async answerEmbeddings(body: EmbeddingsRequestBody, response: ServerResponse): Promise<void> {
    const reply = this.embeddingScript.shift() ?? {};
    if (reply.hang) return;
    if (reply.status !== undefined && reply.status !== 200) {
      const headers: Record<string, string> = reply.retryAfter !== undefined ? { 'retry-after': reply.retryAfter } : {};
      return this.sendError(
        response,
        '/embeddings',
        reply.status,
        reply.errorMessage ?? defaultMessage(reply.status),
        headers,
      );
    }
    const inputs = typeof body.input === 'string' ? [body.input] : body.input;
    const dimension = body.dimensions ?? this.options.embeddingDimension ?? 8;
    const base64 = body.encoding_format !== 'float';
    const data = inputs.map((text, index) => {
      const vector = deterministicVector(text, dimension);
      const embedding = base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
      return { object: 'embedding', index, embedding };
    });
    const promptTokens = inputs.reduce((sum, text) => sum + Math.ceil(text.length / 4), 0);
    const answer = {
      object: 'list',
      data,
      model: body.model,
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
    };
    // The document types `embedding` as floats only; base64 (the SDK's default) is the same floats, encoded.
    const asFloats = data.map((item, index) => ({ ...item, embedding: deterministicVector(inputs[index], dimension) }));
    this.checkAnswer('/embeddings', 'json', { ...answer, data: asFloats });
    sendJson(response, 200, answer);
  }

  /** Waits `ms`; false when the double closed or the client went away meanwhile. */
  private async pause(ms: number, response: ServerResponse): Promise<boolean> {
    if (ms > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.pending.delete(timer);
          resolve();
        }, ms);
        this.pending.set(timer, resolve);
      });
    }
    return !this.closed && !response.destroyed && !response.writableEnded;
  }
}

interface EmbeddingsRequestBody {
  model: string;
  input: string | string[];
  encoding_format?: 'float' | 'base64';
  dimensions?: number;
}

function echoLastUserMessage(request: ChatCompletionRequestBody): ScriptedChatReply {
  const last = [...request.messages].reverse().find((m) => m.role === 'user');
  return { text: `You said: ${typeof last?.content === 'string' ? last.content : ''}` };
}

/** Word-sized pieces whose concatenation is exactly `text`. */
export function splitTokens(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}

function usageFor(
  body: ChatCompletionRequestBody,
  tokens: readonly string[],
  scripted: { promptTokens: number; completionTokens: number } | undefined,
): Record<string, unknown> {
  const promptChars = body.messages.reduce((sum, m) => sum + (typeof m.content === 'string' ? m.content.length : 0), 0);
  const promptTokens = scripted?.promptTokens ?? Math.ceil(promptChars / 4) + 4 * body.messages.length;
  const completionTokens = scripted?.completionTokens ?? tokens.length;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

const ENDPOINTS: Record<string, OpenAiEndpoint | undefined> = {
  '/v1/chat/completions': '/chat/completions',
  '/v1/embeddings': '/embeddings',
};

/** Rules OpenAI enforces that its document states in words (descriptions), not in the schema. */
function chatRules(body: ChatCompletionRequestBody): string[] {
  const problems: string[] = [];
  if (body.model === '') problems.push('you must provide a model parameter');
  if (body.stream_options !== undefined && body.stream_options !== null && body.stream !== true) {
    problems.push("The 'stream_options' parameter is only allowed when 'stream' is enabled");
  }
  if (body.max_tokens != null && body.max_completion_tokens != null) {
    problems.push('max_tokens and max_completion_tokens cannot both be set');
  }
  if (body.response_format?.type === 'json_object' && !JSON.stringify(body.messages).toLowerCase().includes('json')) {
    problems.push(
      "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'",
    );
  }
  return [...problems, ...toolRules(body), ...toolMessageRules(body.messages)];
}

/** FunctionObject.name: "Must be a-z, A-Z, 0-9, or contain underscores and dashes, with a maximum length of 64." */
const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** What OpenAI refuses in `tools`, `tool_choice` and `parallel_tool_calls` beyond their schemas. */
function toolRules(body: ChatCompletionRequestBody): string[] {
  const problems: string[] = [];
  const tools = objectsIn<ChatRequestTool>(body.tools);
  const names = tools.flatMap((tool) => (tool.type === 'function' && tool.function ? [tool.function.name] : []));
  for (const [index, tool] of tools.entries()) {
    const name = tool.function?.name;
    if (typeof name === 'string' && !FUNCTION_NAME.test(name)) {
      problems.push(`Invalid 'tools[${index}].function.name': string does not match pattern ${FUNCTION_NAME.source}`);
    }
    const parameters = tool.function?.parameters;
    if (parameters && parameters.type !== 'object') {
      problems.push(`Invalid schema for function '${name}': schema must be a JSON Schema of 'type: "object"'`);
    }
  }
  if (tools.length === 0) {
    if (body.tool_choice != null) {
      problems.push("Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.");
    }
    if (body.parallel_tool_calls != null) {
      problems.push("Invalid value for 'parallel_tool_calls': only allowed when 'tools' are specified.");
    }
  }
  const chosen = typeof body.tool_choice === 'object' ? body.tool_choice?.function?.name : undefined;
  if (chosen !== undefined && tools.length > 0 && !names.includes(chosen)) {
    problems.push(`Invalid 'tool_choice': function '${chosen}' is not one of the 'tools'`);
  }
  return problems;
}

/** Every tool message answers a call of the assistant message before it, and every call gets its answer. */
function toolMessageRules(value: unknown): string[] {
  const messages = objectsIn<ChatRequestMessage>(value);
  const problems: string[] = [];
  let open = new Set<string>();
  for (const [index, message] of messages.entries()) {
    if (message.role === 'tool') {
      if (typeof message.tool_call_id === 'string' && !open.delete(message.tool_call_id)) {
        problems.push(
          `Invalid parameter: messages[${index}] with role 'tool' must be a response to a preceding message with 'tool_calls'.`,
        );
      }
      continue;
    }
    if (open.size > 0) problems.push(unansweredCalls(open));
    open = new Set(
      message.role === 'assistant' ? objectsIn<{ id: string }>(message.tool_calls).map((call) => call.id) : [],
    );
  }
  if (open.size > 0) problems.push(unansweredCalls(open));
  return problems;
}

/** The objects of a list the schema may have refused (rules run on such bodies too, to report every problem). */
function objectsIn<T>(value: unknown): T[] {
  return Array.isArray(value) ? value.filter((item): item is T => typeof item === 'object' && item !== null) : [];
}

function unansweredCalls(open: ReadonlySet<string>): string {
  return (
    "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. " +
    `The following tool_call_ids did not have response messages: ${[...open].join(', ')}`
  );
}

/** "cannot be an empty string": the input rule of the document's description. */
function embeddingRules(body: EmbeddingsRequestBody): string[] {
  const problems: string[] = [];
  if (body.model === '') problems.push('you must provide a model parameter');
  const inputs: unknown[] = typeof body.input === 'string' ? [body.input] : Array.isArray(body.input) ? body.input : [];
  if (inputs.some((text) => text === '')) problems.push("'input' cannot contain an empty string");
  return problems;
}

/** A unit vector derived from the text's SHA-256, so equal texts always embed equally. */
function deterministicVector(text: string, dimension: number): number[] {
  const values: number[] = [];
  for (let block = 0; values.length < dimension; block++) {
    const digest = createHash('sha256').update(`${block}:${text}`).digest();
    for (let i = 0; i + 1 < digest.length && values.length < dimension; i += 2) {
      values.push(digest.readUInt16LE(i) / 32_768 - 1);
    }
  }
  const norm = Math.sqrt(values.reduce((sum, v) => sum + v * v, 0)) || 1;
  return values.map((v) => v / norm);
}

/** Resolves once the chunk reached the socket, so a following `destroy()` cannot swallow it. */
async function flushed(response: ServerResponse, data: string): Promise<void> {
  if (response.destroyed) return;
  await new Promise<void>((resolve) => {
    // A client that hung up never gets the write's callback; 'close' ends the wait instead.
    response.once('close', resolve);
    response.write(data, () => {
      response.off('close', resolve);
      resolve();
    });
  });
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function errorType(status: number): string {
  if (status === 429) return 'requests';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

function defaultMessage(status: number): string {
  if (status === 429) return 'Rate limit reached for requests';
  if (status >= 500) return 'The server had an error while processing your request.';
  return 'Invalid request';
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}
