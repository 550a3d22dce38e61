import type { ActionCallView, ActionConfirmation } from '@switchboard/contracts';

const OUTCOME_LABELS = new Map<string, string>([
  ['ok', 'OK'],
  ['not_found', 'Not found'],
  ['forbidden', 'Forbidden'],
  ['conflict', 'Conflict'],
  ['rejected', 'Rejected'],
  ['failed', 'Failed'],
  ['response_too_large', 'Response too large'],
  ['invalid_arguments', 'Invalid arguments'],
  ['refused', 'Not called'],
]);

/** One action call as the transcript shows it, every part plain text. */
export interface ActionCallText {
  action: string;
  /** `HTTP 200`, or `No response` when none came. */
  status: string;
  outcome: string;
  /** Whether the call got what it asked for: the transcript marks the others. */
  succeeded: boolean;
  latency: string;
  /** `2 attempts` after a retry; null for a single attempt. */
  attempts: string | null;
  /** `name: value` per argument; identity values arrive redacted. */
  arguments: string[];
  /** The response excerpt, shown collapsed; null when there was none. */
  excerpt: string | null;
}

export function outcomeLabel(outcome: string): string {
  return OUTCOME_LABELS.get(outcome) ?? outcome.replace(/_/g, ' ');
}

export function actionCallText(call: ActionCallView): ActionCallText {
  return {
    action: call.action,
    status: call.status === null ? 'No response' : `HTTP ${call.status}`,
    outcome: outcomeLabel(call.outcome),
    succeeded: call.outcome === 'ok',
    latency: `${Math.round(call.latencyMs)} ms`,
    attempts: call.attempts > 1 ? `${call.attempts} attempts` : null,
    arguments: argumentLines(call.arguments),
    excerpt: call.responseExcerpt === null || call.responseExcerpt === '' ? null : call.responseExcerpt,
  };
}

/** "awaiting confirmation: cancel_order", with the arguments the customer is asked to confirm. */
export function confirmationText(confirmation: ActionConfirmation): { title: string; arguments: string[] } {
  return {
    title: `Awaiting confirmation: ${confirmation.action}`,
    arguments: argumentLines(confirmation.arguments),
  };
}

function argumentLines(args: Record<string, unknown>): string[] {
  return Object.entries(args).map(
    ([name, value]) => `${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`,
  );
}
