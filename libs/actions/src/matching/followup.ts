import { extractFromMessage } from './argument-extractor';
import { ResolverClock } from './date-resolver';
import { MatchableAction, StringParameterSchema } from './matchable-action';

/** An action waiting for arguments; plain JSON, so the conversation can keep it between messages. */
export interface PendingAction {
  action: string;
  arguments: Record<string, string>;
  /** Required text parameters still without a value, in schema order. */
  missing: string[];
}

export interface PendingCompletion {
  pending: PendingAction;
  /** Parameters the message supplied. */
  filled: string[];
  complete: boolean;
}

const PLACE_WORDS = /\b(area|city|town|region|location|zone)\b/i;

/** "order_number" → "order number". */
function parameterLabel(name: string): string {
  return name.replace(/[_-]+/g, ' ').trim();
}

/** The question that asks for one parameter by name, shaped by its schema. */
export function parameterQuestion(name: string, schema: StringParameterSchema | undefined): string {
  const label = parameterLabel(name);
  if (schema?.format === 'date') return 'Which date would suit you?';
  if (schema?.enum?.length) {
    const isPlace = PLACE_WORDS.test(`${name} ${schema.description ?? ''}`);
    return isPlace ? `Which ${label} are you in?` : `Which ${label} do you mean?`;
  }
  return `What is your ${label}?`;
}

/** One question per missing parameter, in order: "Which area are you in? Which date would suit you?" */
export function followUpQuestion(action: MatchableAction, missing: readonly string[]): string {
  return missing.map((name) => parameterQuestion(name, action.parameters.properties[name])).join(' ');
}

/** Reads the customer's next message for the missing arguments first; the pending action is complete when none is left. */
export function completePendingAction(
  pending: PendingAction,
  action: MatchableAction,
  message: string,
  clock: ResolverClock,
): PendingCompletion {
  const supplied = extractFromMessage(action, pending.missing, message, clock);
  const filled = Object.keys(supplied);
  const missing = pending.missing.filter((name) => !(name in supplied));
  return {
    pending: { action: pending.action, arguments: { ...pending.arguments, ...supplied }, missing },
    filled,
    complete: missing.length === 0,
  };
}
