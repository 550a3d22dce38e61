import type { ArgumentProblem } from '../definition/parameters-schema';

/** Why a call was not made. */
export type CallRefusalReason = 'disabled' | 'identity_missing' | 'host_not_allowed' | 'network_guard' | 'rate_limited';

/** Why a made call failed; `server_error`, `timeout` and `network` are retried once. */
export type CallFailureReason = 'server_error' | 'timeout' | 'network' | 'invalid_json' | 'bad_redirect';

/** What came of an action call, by kind; excerpts are capped and have secrets scrubbed. */
export type ActionCallOutcome =
  | { kind: 'ok'; status: number; body: unknown }
  | { kind: 'not_found'; status: 404; excerpt: string }
  | { kind: 'forbidden'; status: 403; excerpt: string }
  | { kind: 'conflict'; status: 409; excerpt: string }
  | { kind: 'rejected'; status: number; excerpt: string }
  | { kind: 'failed'; reason: CallFailureReason; status: number | null; excerpt: string }
  | { kind: 'response_too_large'; status: number | null; limitBytes: number }
  | { kind: 'invalid_arguments'; problems: ArgumentProblem[] }
  | { kind: 'refused'; reason: CallRefusalReason; message: string; retryAfterSeconds?: number };

export type ActionCallOutcomeKind = ActionCallOutcome['kind'];

/** The outcome of a response that is not 2xx, by status. */
export function outcomeOfStatus(status: number, excerpt: string): ActionCallOutcome {
  if (status === 404) return { kind: 'not_found', status, excerpt };
  if (status === 403) return { kind: 'forbidden', status, excerpt };
  if (status === 409) return { kind: 'conflict', status, excerpt };
  if (status >= 500) return { kind: 'failed', reason: 'server_error', status, excerpt };
  return { kind: 'rejected', status, excerpt };
}

/** Only what may succeed the second time: never a 4xx, which would repeat (or repeat a refused side effect). */
export function isRetryable(outcome: ActionCallOutcome): boolean {
  return (
    outcome.kind === 'failed' &&
    (outcome.reason === 'server_error' || outcome.reason === 'timeout' || outcome.reason === 'network')
  );
}
