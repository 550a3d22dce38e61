import type { LlmProviderError } from './llm.errors';

export interface RetryPolicyOptions {
  /** Retries on the same provider after its first attempt. */
  retriesPerProvider?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A longer Retry-After is cut to this. */
  retryAfterCapMs?: number;
  /** Injectable for deterministic jitter in tests. */
  random?: () => number;
}

export const DEFAULT_RETRIES_PER_PROVIDER = 2;
export const DEFAULT_BASE_DELAY_MS = 250;
export const DEFAULT_MAX_DELAY_MS = 4_000;
export const DEFAULT_RETRY_AFTER_CAP_MS = 10_000;

/** 408 and 409 are transient per OpenAI's own SDK; other 4xx mean the request itself is wrong for that provider. */
const RETRYABLE_STATUSES = new Set([408, 409, 429]);

export class RetryPolicy {
  readonly retriesPerProvider: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly retryAfterCapMs: number;
  private readonly random: () => number;

  constructor(options: RetryPolicyOptions = {}) {
    this.retriesPerProvider = nonNegativeInteger(
      'retriesPerProvider',
      options.retriesPerProvider ?? DEFAULT_RETRIES_PER_PROVIDER,
    );
    this.baseDelayMs = nonNegativeInteger('baseDelayMs', options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS);
    this.maxDelayMs = nonNegativeInteger('maxDelayMs', options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS);
    this.retryAfterCapMs = nonNegativeInteger('retryAfterCapMs', options.retryAfterCapMs ?? DEFAULT_RETRY_AFTER_CAP_MS);
    this.random = options.random ?? Math.random;
  }

  isRetryable(error: LlmProviderError): boolean {
    switch (error.kind) {
      case 'timeout':
      case 'network':
      case 'protocol':
        return true;
      case 'http':
        return error.status === undefined || error.status >= 500 || RETRYABLE_STATUSES.has(error.status);
    }
  }

  /** Retry-After when the server sent one (capped), else exponential backoff with equal jitter. */
  delayMs(error: LlmProviderError, retryIndex: number): number {
    if (error.retryAfterMs !== undefined) return Math.min(error.retryAfterMs, this.retryAfterCapMs);
    const exponential = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** retryIndex);
    return Math.round(exponential / 2 + (exponential / 2) * this.random());
  }
}

function nonNegativeInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new Error(`RetryPolicy: ${name} must be a non-negative integer`);
  return value;
}
