import { setTimeout as sleep } from 'node:timers/promises';

import { type LlmCallLog, serializeCompletion, serializePrompt } from './llm-call-log';
import {
  type LlmAttempt,
  LlmAbortedError,
  LlmProviderError,
  LlmStreamInterruptedError,
  LlmUnavailableError,
} from './llm.errors';
import type { LlmClient, LlmCompletion, LlmProvider, LlmRequest, LlmStreamEvent } from './llm.port';
import { RetryPolicy, type RetryPolicyOptions } from './retry-policy';
import { estimatePromptTokens, estimateTokens } from './usage-estimate';

export const LLM_DEFAULT_DEADLINE_MS = 30_000;

export interface FallbackLlmClientOptions extends RetryPolicyOptions {
  /** Tried in order: the primary first, then each fallback once the previous one is exhausted. */
  providers: readonly LlmProvider[];
  /** Budget for a whole call (for a stream: until its first token), retries and fallbacks included. */
  deadlineMs?: number;
  /** Receives every attempt, successful or not. */
  callLog?: LlmCallLog;
  /** A failing call log never fails the call; its errors go here. */
  onCallLogError?: (error: unknown) => void;
}

interface StartedStream {
  provider: LlmProvider;
  iterator: AsyncIterator<LlmStreamEvent>;
  first: LlmStreamEvent;
  attempt: number;
  attemptStartedAt: number;
}

/** Why an attempt loop ended without a result. */
type Stop = { kind: 'aborted' } | { kind: 'deadline' };

/**
 * The LLM port over an ordered list of providers: per-attempt timeouts (in the providers), retries with backoff on
 * transient failures, then the next provider, all within one deadline per call.
 */
export class FallbackLlmClient implements LlmClient {
  private readonly providers: readonly LlmProvider[];
  private readonly policy: RetryPolicy;
  private readonly deadlineMs: number;
  private readonly callLog: LlmCallLog | undefined;
  private readonly onCallLogError: (error: unknown) => void;

  constructor(options: FallbackLlmClientOptions) {
    if (options.providers.length === 0) throw new Error('FallbackLlmClient: at least one provider is required');
    this.providers = [...options.providers];
    this.policy = new RetryPolicy(options);
    this.deadlineMs = options.deadlineMs ?? LLM_DEFAULT_DEADLINE_MS;
    if (!Number.isInteger(this.deadlineMs) || this.deadlineMs < 1) {
      throw new Error('FallbackLlmClient: deadlineMs must be a positive integer');
    }
    this.callLog = options.callLog;
    this.onCallLogError = options.onCallLogError ?? (() => undefined);
  }

  async complete(tunedRequest: LlmRequest): Promise<LlmCompletion> {
    const { request, providers } = this.route(tunedRequest);
    const scope = new CallScope(request.signal, this.deadlineMs);
    try {
      const { result } = await this.attempt(request, providers, scope, async (provider, signal, attempt) => {
        const attemptStartedAt = performance.now();
        const completion = await provider.complete({ ...request, signal });
        await this.log(request, provider, attempt, attemptStartedAt, { completion });
        return completion;
      });
      return { ...result, latencyMs: scope.elapsedMs() };
    } finally {
      scope.dispose();
    }
  }

  async *stream(tunedRequest: LlmRequest): AsyncGenerator<LlmStreamEvent, void, undefined> {
    const { request, providers } = this.route(tunedRequest);
    const scope = new CallScope(request.signal, this.deadlineMs);
    let started: StartedStream | undefined;
    let attempts: LlmAttempt[] = [];
    try {
      // Retrying is only invisible to the customer until the first token is out.
      const outcome = await this.attempt(request, providers, scope, async (provider, signal, attempt) => {
        const attemptStartedAt = performance.now();
        const iterator = provider.stream({ ...request, signal })[Symbol.asyncIterator]();
        const first = await iterator.next();
        if (first.done) {
          throw new LlmProviderError(provider.name, provider.modelFor(request.task), 'protocol', 'empty stream');
        }
        return { provider, iterator, first: first.value, attempt, attemptStartedAt };
      });
      started = outcome.result;
      attempts = outcome.attempts;
      // Once text flows, a stall is the provider's idle timeout's business, not the call deadline's.
      scope.clearDeadline();
      yield* this.relay(request, scope, started, attempts);
    } finally {
      scope.dispose();
      // Cancels the provider's HTTP request when the consumer stops early; a no-op once it has finished.
      await started?.iterator.return?.();
    }
  }

  private async *relay(
    request: LlmRequest,
    scope: CallScope,
    started: StartedStream,
    attempts: LlmAttempt[],
  ): AsyncGenerator<LlmStreamEvent, void, undefined> {
    const { provider, iterator, attempt, attemptStartedAt } = started;
    let event = started.first;
    let partial = '';
    let firstTokenMs: number | undefined;
    let logged = false;
    const logPartial = async (error: string): Promise<void> => {
      logged = true;
      const model = provider.modelFor(request.task);
      const promptTokens = estimatePromptTokens(request.messages);
      const completionTokens = estimateTokens(partial);
      await this.log(request, provider, attempt, attemptStartedAt, {
        error,
        model,
        partialText: partial,
        promptTokens,
        completionTokens,
        // The provider bills the text it produced before the stream ended.
        costUsd: provider.costOf(model, promptTokens, completionTokens),
      });
    };
    try {
      for (;;) {
        if (event.type === 'done') {
          logged = true;
          await this.log(request, provider, attempt, attemptStartedAt, { completion: event.completion });
          const completion: LlmCompletion = { ...event.completion, latencyMs: scope.elapsedMs() };
          if (firstTokenMs !== undefined) completion.firstTokenMs = firstTokenMs;
          yield { type: 'done', completion };
          return;
        }
        partial += event.text;
        firstTokenMs ??= scope.elapsedMs();
        yield event;
        const next = await iterator.next();
        if (next.done) {
          throw new LlmProviderError(provider.name, provider.modelFor(request.task), 'protocol', 'stream ended early');
        }
        event = next.value;
      }
    } catch (error) {
      const aborted = scope.userAborted() || error instanceof LlmAbortedError;
      await logPartial(aborted ? 'aborted' : describe(error));
      if (aborted) throw new LlmAbortedError({ cause: error });
      const failed: LlmAttempt = {
        provider: provider.name,
        model: provider.modelFor(request.task),
        attempt,
        outcome: 'error',
        error: describe(error),
        latencyMs: ms(attemptStartedAt),
        ...(error instanceof LlmProviderError && error.status !== undefined ? { status: error.status } : {}),
      };
      // The attempt that started the stream was listed as ok; it ends as this failure instead.
      const history = [...attempts.filter((a) => a.attempt !== attempt), failed];
      throw new LlmStreamInterruptedError(partial, provider.name, failed.model, history, {
        cause: error,
      });
    } finally {
      // The consumer stopped reading before the end.
      if (!logged) await logPartial('abandoned by the caller');
    }
  }

  /**
   * The providers to try for a request: a tuned model first (on the primary provider), then the configured chain.
   * The request the chain sees no longer names the tuned model, so each provider falls back to its own.
   */
  private route(request: LlmRequest): { request: LlmRequest; providers: readonly LlmProvider[] } {
    const { tunedModel, ...base } = request;
    if (tunedModel === undefined || tunedModel.trim() === '') return { request: base, providers: this.providers };
    return { request: base, providers: [new TunedModelProvider(this.providers[0], tunedModel), ...this.providers] };
  }

  /** Runs `run` against each provider in turn, with retries, until one succeeds or the call must give up. */
  private async attempt<T>(
    request: LlmRequest,
    providers: readonly LlmProvider[],
    scope: CallScope,
    run: (provider: LlmProvider, signal: AbortSignal, attempt: number) => Promise<T>,
  ): Promise<{ result: T; attempts: LlmAttempt[] }> {
    const attempts: LlmAttempt[] = [];
    const giveUp = (stop: Stop, cause?: unknown): Error =>
      stop.kind === 'aborted'
        ? new LlmAbortedError({ cause })
        : new LlmUnavailableError('deadline', attempts, { deadlineMs: this.deadlineMs, cause });
    let lastError: unknown;

    for (const [index, provider] of providers.entries()) {
      const model = provider.modelFor(request.task);
      const hasNextProvider = index < providers.length - 1;
      for (let retry = 0; retry <= this.policy.retriesPerProvider; retry++) {
        const stopped = scope.stopped();
        if (stopped) throw giveUp(stopped, lastError);
        const number = attempts.length + 1;
        const startedAt = performance.now();
        try {
          const result = await run(provider, scope.signal, number);
          attempts.push({ provider: provider.name, model, attempt: number, outcome: 'ok', latencyMs: ms(startedAt) });
          return { result, attempts };
        } catch (error) {
          lastError = error;
          const stop = scope.stopped();
          const failure =
            stop?.kind === 'aborted'
              ? 'aborted'
              : stop?.kind === 'deadline'
                ? `deadline of ${this.deadlineMs} ms exceeded`
                : describe(error);
          attempts.push({
            provider: provider.name,
            model,
            attempt: number,
            outcome: 'error',
            error: failure,
            latencyMs: ms(startedAt),
            ...(error instanceof LlmProviderError && error.status !== undefined ? { status: error.status } : {}),
          });
          await this.log(request, provider, number, startedAt, { error: failure, model });
          if (stop) throw giveUp(stop, error);
          if (error instanceof LlmAbortedError) throw error;
          if (!(error instanceof LlmProviderError)) throw error;
          if (!this.policy.isRetryable(error) || retry === this.policy.retriesPerProvider) break;

          const delay = this.policy.delayMs(error, retry);
          // Sleeping past the deadline is pointless: move on to the next provider, or give up now.
          if (delay >= scope.remainingMs()) {
            if (hasNextProvider) break;
            throw new LlmUnavailableError('deadline', attempts, { deadlineMs: this.deadlineMs, cause: error });
          }
          try {
            await sleep(delay, undefined, { signal: scope.signal });
          } catch (sleepError) {
            throw giveUp(scope.stopped() ?? { kind: 'aborted' }, sleepError);
          }
        }
      }
    }
    throw new LlmUnavailableError('exhausted', attempts, { cause: lastError });
  }

  private async log(
    request: LlmRequest,
    provider: LlmProvider,
    attempt: number,
    startedAt: number,
    outcome:
      | { completion: LlmCompletion }
      | {
          error: string;
          model?: string;
          partialText?: string;
          promptTokens?: number;
          completionTokens?: number;
          costUsd?: number;
        },
  ): Promise<void> {
    if (!this.callLog) return;
    const common = {
      ...(request.workspaceId !== undefined ? { workspaceId: request.workspaceId } : {}),
      ...(request.conversationId !== undefined ? { conversationId: request.conversationId } : {}),
      task: request.task,
      provider: provider.name,
      prompt: serializePrompt(request.messages, request),
      latencyMs: ms(startedAt),
      attempt,
    };
    try {
      if ('completion' in outcome) {
        const { completion } = outcome;
        await this.callLog.record({
          ...common,
          model: completion.model,
          completion: serializeCompletion(completion),
          promptTokens: completion.promptTokens,
          completionTokens: completion.completionTokens,
          costUsd: completion.costUsd,
          status: 'ok',
        });
      } else {
        await this.callLog.record({
          ...common,
          model: outcome.model ?? provider.modelFor(request.task),
          completion: outcome.partialText ?? '',
          promptTokens: outcome.promptTokens ?? 0,
          completionTokens: outcome.completionTokens ?? 0,
          costUsd: outcome.costUsd ?? 0,
          status: 'error',
          error: outcome.error,
        });
      }
    } catch (error) {
      this.onCallLogError(error);
    }
  }
}

/** A provider's fine-tuned model, tried before the provider's own model for the task. */
class TunedModelProvider implements LlmProvider {
  readonly name: string;

  constructor(
    private readonly inner: LlmProvider,
    private readonly model: string,
  ) {
    this.name = `${inner.name}-tuned`;
  }

  modelFor(): string {
    return this.model;
  }

  costOf(model: string, promptTokens: number, completionTokens: number): number {
    return this.inner.costOf(model, promptTokens, completionTokens);
  }

  complete(request: LlmRequest): Promise<LlmCompletion> {
    return this.inner.complete({ ...request, tunedModel: this.model });
  }

  stream(request: LlmRequest): AsyncIterable<LlmStreamEvent> {
    return this.inner.stream({ ...request, tunedModel: this.model });
  }
}

/** The caller's signal and the call deadline, combined into the one signal every attempt and sleep listens to. */
class CallScope {
  readonly signal: AbortSignal;
  private readonly deadline = new AbortController();
  private readonly startedAt = performance.now();
  private readonly deadlineAt: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly external: AbortSignal | undefined,
    deadlineMs: number,
  ) {
    this.deadlineAt = this.startedAt + deadlineMs;
    this.signal = external ? AbortSignal.any([external, this.deadline.signal]) : this.deadline.signal;
    this.timer = setTimeout(() => this.deadline.abort(new Error('deadline exceeded')), deadlineMs);
  }

  userAborted(): boolean {
    return this.external?.aborted ?? false;
  }

  stopped(): Stop | undefined {
    if (this.userAborted()) return { kind: 'aborted' };
    if (this.deadline.signal.aborted) return { kind: 'deadline' };
    return undefined;
  }

  remainingMs(): number {
    return this.timer === undefined ? Infinity : this.deadlineAt - performance.now();
  }

  elapsedMs(): number {
    return ms(this.startedAt);
  }

  clearDeadline(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.clearDeadline();
  }
}

function ms(since: number): number {
  return Math.round(performance.now() - since);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
