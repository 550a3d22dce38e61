import { UnrecoverableError } from 'bullmq';

/**
 * What a failed job may say about retrying, read by duck typing so that adapters need not import the queue:
 * `retryAfterMs` (a provider's Retry-After) replaces the backoff for that retry; `permanent` (a revoked token, a
 * refused address) fails the job at once, since retrying cannot help.
 */
export interface RetryHint {
  retryAfterMs?: number | null;
  permanent?: boolean;
}

function hintOf(error: unknown): RetryHint {
  return typeof error === 'object' && error !== null ? error : {};
}

export function isPermanentFailure(error: unknown): boolean {
  return hintOf(error).permanent === true;
}

// A provider asking for more than an hour is treated as down: the usual backoff applies.
const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

/** The delay before retry `attemptsMade` (1 after the first failure): the error's Retry-After, else exponential. */
export function retryDelayMs(attemptsMade: number, baseDelayMs: number, error: unknown): number {
  const hinted = hintOf(error).retryAfterMs;
  if (typeof hinted === 'number' && Number.isFinite(hinted) && hinted > 0 && hinted <= MAX_RETRY_AFTER_MS) {
    return Math.ceil(hinted);
  }
  return baseDelayMs * 2 ** Math.max(0, attemptsMade - 1);
}

/** Turns a permanent failure into BullMQ's UnrecoverableError, which fails the job without further attempts. */
export function asQueueFailure(error: unknown): unknown {
  if (!isPermanentFailure(error)) return error;
  return new UnrecoverableError(error instanceof Error ? error.message : String(error));
}
