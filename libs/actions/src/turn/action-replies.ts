import { detectInjection, INJECTION_THRESHOLD } from '@switchboard/answers';
import type { ActionDefinitionView } from '../action-definitions.service';
import { renderAnswerTemplate } from '../answer-template';
import type { ActionCallOutcome } from '../calling/call-outcome';

/** What the bot says after a call, or that a person must take over (the call failed in a way words cannot fix). */
export type OutcomeReply = { kind: 'reply'; text: string } | { kind: 'handoff'; why: string };

const MAX_SUMMARY_FIELDS = 12;
const YES =
  /^\s*(yes|yeah|yep|yup|y|sure|ok|okay|confirm(ed)?|go ahead|do it|please do|correct|that's right)\b[\s\S]{0,40}$/i;
const NO = /^\s*(no|nope|nah|n|cancel that|don't|do not|stop|never ?mind|not now)\b/i;
const NEGATION = /\b(no|not|don't|do not|never|stop|wait)\b/i;

/** "cancel_order" → "cancel order". */
export function actionLabel(name: string): string {
  return name.replace(/[_-]+/g, ' ').trim();
}

/** "order_number: NW-10482" as "order number NW-10482", in the schema's order. */
export function argumentsText(args: Readonly<Record<string, string>>): string {
  return Object.entries(args)
    .map(([name, value]) => `${actionLabel(name)} ${value}`)
    .join(', ');
}

/** An explicit yes: a short message that agrees and says nothing against it ("yes please", "ok, go ahead"). */
export function isExplicitYes(text: string): boolean {
  const trimmed = text.trim();
  if (!YES.test(trimmed)) return false;
  return !NEGATION.test(trimmed.replace(/^\s*\S+/, ''));
}

export function isExplicitNo(text: string): boolean {
  return NO.test(text.trim());
}

export function confirmationQuestion(definition: ActionDefinitionView, args: Readonly<Record<string, string>>): string {
  const what = argumentsText(args);
  return `Please confirm: ${actionLabel(definition.name)}${what ? ` (${what})` : ''}. Reply "yes" to go ahead, or "no" to leave it.`;
}

export function declinedReply(definition: ActionDefinitionView): string {
  return `OK, I haven't done anything: ${actionLabel(definition.name)} is not done. Is there anything else I can help with?`;
}

export function signInRequest(definition: ActionDefinitionView): string {
  return (
    `I can only ${actionLabel(definition.name)} for a signed-in customer. Please sign in to your account ` +
    '(or write to us from the e-mail address on your account) and ask again.'
  );
}

export const RATE_LIMITED_REPLY = "I've made too many requests just now. Please try again in a minute.";

function fieldLabel(key: string): string {
  return key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return null;
}

/** The response's plain fields as "label: value" lines; nested objects one level deep, nulls and e-mails left out. */
export function responseSummary(body: unknown): string[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    const text = scalarText(body);
    return text === null ? [] : [text];
  }
  const lines: string[] = [];
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (/e-?mail/i.test(key)) continue;
    const text = scalarText(value);
    if (text !== null) lines.push(`${fieldLabel(key)}: ${text}`);
    else if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, innerValue] of Object.entries(value as Record<string, unknown>)) {
        const innerText = scalarText(innerValue);
        if (innerText !== null && !/e-?mail/i.test(inner)) lines.push(`${fieldLabel(`${key} ${inner}`)}: ${innerText}`);
      }
    }
  }
  return lines.slice(0, MAX_SUMMARY_FIELDS);
}

export const WITHHELD_TEXT = '[withheld]';

/**
 * The response with every text that reads as instructions replaced: a response is untrusted data, and a field such
 * as an order note must not carry "ignore your rules…" into the reply (or into a model's prompt).
 */
export function withoutInstructions(value: unknown): unknown {
  if (typeof value === 'string') return detectInjection(value).score >= INJECTION_THRESHOLD ? WITHHELD_TEXT : value;
  if (Array.isArray(value)) return value.map(withoutInstructions);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutInstructions(item)]));
  }
  return value;
}

/** The reply rendered from a successful call: the action's template, else its response's fields. */
export function answerFromResponse(
  definition: ActionDefinitionView,
  args: Readonly<Record<string, string>>,
  response: unknown,
): string {
  const body = withoutInstructions(response);
  if (definition.answerTemplate) {
    const rendered = renderAnswerTemplate(definition.answerTemplate, body);
    if (rendered.text.trim() !== '') return rendered.text.trim();
  }
  const lines = responseSummary(body);
  const what = argumentsText(args);
  const intro = `Here is what I found${what ? ` for ${what}` : ''}:`;
  return lines.length
    ? `${intro}\n${lines.map((line) => `- ${line}`).join('\n')}`
    : `Done: ${actionLabel(definition.name)}.`;
}

/** "not_cancellable (status: shipped)" from a refusal body such as {"error": "not_cancellable", "status": "shipped"}. */
export function refusalDetail(excerpt: string): string {
  try {
    const body: unknown = JSON.parse(excerpt);
    if (body && typeof body === 'object' && !Array.isArray(body)) {
      const { error, message, ...rest } = body as Record<string, unknown>;
      const head = scalarText(message) ?? (typeof error === 'string' ? fieldLabel(error) : null);
      const details = responseSummary(rest).join(', ');
      return [head, details ? `(${details})` : null].filter(Boolean).join(' ');
    }
  } catch {
    // Not JSON: nothing from it is repeated to the customer.
  }
  return '';
}

function withDetail(sentence: string, excerpt: string): string {
  const detail = refusalDetail(excerpt);
  return detail ? `${sentence}: ${detail}.` : `${sentence}.`;
}

/** What the customer is told for each outcome; failures that retrying did not fix go to a person. */
export function replyForOutcome(
  definition: ActionDefinitionView,
  args: Readonly<Record<string, string>>,
  outcome: ActionCallOutcome,
): OutcomeReply {
  const what = argumentsText(args) || actionLabel(definition.name);
  switch (outcome.kind) {
    case 'ok':
      return { kind: 'reply', text: answerFromResponse(definition, args, outcome.body) };
    case 'not_found':
      return { kind: 'reply', text: `I can't find ${what}. Could you check it and try again?` };
    case 'forbidden':
      return {
        kind: 'reply',
        text: `I can't ${actionLabel(definition.name)} for ${what}: it isn't linked to your account, so I haven't changed anything.`,
      };
    case 'conflict':
      return {
        kind: 'reply',
        text: withDetail(`I can't ${actionLabel(definition.name)} for ${what} right now`, outcome.excerpt),
      };
    case 'rejected':
      return {
        kind: 'reply',
        text: withDetail(`I couldn't ${actionLabel(definition.name)} for ${what}`, outcome.excerpt),
      };
    case 'refused':
      if (outcome.reason === 'rate_limited') return { kind: 'reply', text: RATE_LIMITED_REPLY };
      if (outcome.reason === 'identity_missing') return { kind: 'reply', text: signInRequest(definition) };
      return { kind: 'handoff', why: `call refused: ${outcome.reason}` };
    case 'failed':
      return { kind: 'handoff', why: `call failed: ${outcome.reason}${outcome.status ? ` (${outcome.status})` : ''}` };
    case 'response_too_large':
      return { kind: 'handoff', why: `response larger than ${outcome.limitBytes} bytes` };
    case 'invalid_arguments': {
      const names = [...new Set(outcome.problems.map((problem) => problem.parameter).filter((name) => name !== null))];
      const which = names.length ? names.map(actionLabel).join(' and ') : 'the details';
      return { kind: 'reply', text: `That doesn't look right to me. Could you check ${which} and send it again?` };
    }
  }
}
