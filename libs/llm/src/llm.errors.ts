/** What went wrong in one attempt, which decides whether it is worth retrying. */
export type LlmFailureKind = 'http' | 'timeout' | 'network' | 'protocol';

/** One failed attempt against one provider. */
export class LlmProviderError extends Error {
  override readonly name = 'LlmProviderError';
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly provider: string,
    readonly model: string,
    readonly kind: LlmFailureKind,
    message: string,
    options: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
}

export interface LlmAttempt {
  provider: string;
  model: string;
  /** 1-based position of the attempt within the call, across providers. */
  attempt: number;
  outcome: 'ok' | 'error';
  status?: number;
  error?: string;
  latencyMs: number;
}

/** Every provider failed, or the call's deadline passed, before an answer started. */
export class LlmUnavailableError extends Error {
  override readonly name = 'LlmUnavailableError';

  constructor(
    readonly reason: 'exhausted' | 'deadline',
    readonly attempts: readonly LlmAttempt[],
    options: { deadlineMs?: number; cause?: unknown } = {},
  ) {
    const why =
      reason === 'deadline' ? `deadline of ${options.deadlineMs ?? '?'} ms exceeded` : 'every provider failed';
    const tried = attempts.map((a) => `${a.provider}/${a.model}: ${a.error ?? a.outcome}`).join('; ');
    super(`LLM unavailable (${why}) after ${attempts.length} attempt(s)${tried ? `: ${tried}` : ''}`, {
      cause: options.cause,
    });
  }
}

/** A stream broke after the caller had already shown tokens, so it cannot be restarted silently. */
export class LlmStreamInterruptedError extends Error {
  override readonly name = 'LlmStreamInterruptedError';

  constructor(
    readonly partialText: string,
    readonly provider: string,
    readonly model: string,
    readonly attempts: readonly LlmAttempt[],
    options: { cause?: unknown } = {},
  ) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(`LLM stream from ${provider}/${model} broke after ${partialText.length} characters: ${reason}`, {
      cause: options.cause,
    });
  }
}

/** The caller's signal aborted the call. */
export class LlmAbortedError extends Error {
  override readonly name = 'LlmAbortedError';

  constructor(options: { cause?: unknown } = {}) {
    super('LLM call aborted', { cause: options.cause });
  }
}
