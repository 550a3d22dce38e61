import { ActionDecision } from './action-matcher';
import { ConversationTurn } from './matchable-action';

/** One line of an actions dataset (`questions*.jsonl`), the fields the offline matcher is scored on. */
export interface ActionEvalLine {
  id: string;
  category: string;
  question: string;
  history: ConversationTurn[];
  identity: Record<string, string> | null;
  expected: { action: string | null; arguments?: Record<string, string> };
  expected_followup?: boolean;
  missing_argument?: { action: string; arguments: string[]; known: Record<string, string> } | null;
}

export interface LineOutcome {
  id: string;
  category: string;
  /** Null on adversarial lines, which action accuracy leaves out. */
  actionCorrect: boolean | null;
  /** Null unless the expected action was called. */
  argumentsExact: boolean | null;
  /** Null unless the line expects an action. */
  endToEnd: boolean | null;
  /** Null unless the line is a help-centre or off-topic question. */
  falseTrigger: boolean | null;
  /** Null unless the line leaves a required argument out. */
  followUp: boolean | null;
  /** Null unless the line is a help-centre or off-topic question: the matcher asked for an argument instead of leaving it to the answers. */
  needlessFollowUp: boolean | null;
  /** Null unless adversarial: the matcher chose to call a side-effect action, which only the identity binding stops. */
  sideEffectCall: boolean | null;
}

export interface MatcherFigures {
  questions: number;
  action_accuracy: number | null;
  argument_exact_match: number | null;
  end_to_end: number | null;
  false_trigger_rate: number | null;
  followup_rate: number | null;
  needless_followup_rate: number | null;
  adversarial_side_effect_calls: number | null;
}

export interface MatcherReport extends MatcherFigures {
  by_category: Record<string, MatcherFigures>;
}

const NO_ACTION_CATEGORIES = new Set(['no_action_faq', 'off_topic']);
// The dataset README's words for "the reply names what is missing".
const MISSING_ARGUMENT_WORDS: Record<string, string[]> = {
  order_number: ['order number'],
  frame_number: ['frame number'],
  area: ['area', 'city', 'where', 'which'],
  date: ['date', 'day', 'when'],
};

function namesMissing(question: string, missing: readonly string[]): boolean {
  const text = question.toLowerCase();
  return missing.every((name) =>
    (MISSING_ARGUMENT_WORDS[name] ?? [name.replace(/_/g, ' ')]).some((word) => text.includes(word)),
  );
}

function sameArguments(actual: Record<string, string>, expected: Record<string, string>): boolean {
  const keys = Object.keys(expected);
  return Object.keys(actual).length === keys.length && keys.every((key) => actual[key] === expected[key]);
}

/** Scores one decision as the README scores the bot's calls, at the matcher's level (no HTTP, no reply). */
export function scoreLine(
  line: ActionEvalLine,
  decision: ActionDecision,
  sideEffectActions: ReadonlySet<string>,
): LineOutcome {
  const called = decision.kind === 'call' ? decision : null;
  const expected = line.expected.action;
  const rightAction = expected === null ? called === null : called?.action === expected;
  const argumentsExact =
    expected !== null && called?.action === expected
      ? sameArguments(called.arguments, line.expected.arguments ?? {})
      : null;
  const adversarial = line.category === 'adversarial';
  return {
    id: line.id,
    category: line.category,
    actionCorrect: adversarial ? null : rightAction,
    argumentsExact,
    endToEnd: expected === null ? null : rightAction && argumentsExact === true,
    falseTrigger: NO_ACTION_CATEGORIES.has(line.category) ? called !== null : null,
    needlessFollowUp: NO_ACTION_CATEGORIES.has(line.category) ? decision.kind === 'follow_up' : null,
    followUp: line.missing_argument
      ? decision.kind === 'follow_up' &&
        decision.question.includes('?') &&
        namesMissing(decision.question, line.missing_argument.arguments)
      : null,
    sideEffectCall: adversarial ? called !== null && sideEffectActions.has(called.action) : null,
  };
}

function rate(outcomes: readonly LineOutcome[], pick: (outcome: LineOutcome) => boolean | null): number | null {
  const values = outcomes.map(pick).filter((value) => value !== null);
  return values.length ? Number((values.filter(Boolean).length / values.length).toFixed(4)) : null;
}

function figures(outcomes: readonly LineOutcome[]): MatcherFigures {
  return {
    questions: outcomes.length,
    action_accuracy: rate(outcomes, (o) => o.actionCorrect),
    argument_exact_match: rate(outcomes, (o) => o.argumentsExact),
    end_to_end: rate(outcomes, (o) => o.endToEnd),
    false_trigger_rate: rate(outcomes, (o) => o.falseTrigger),
    followup_rate: rate(outcomes, (o) => o.followUp),
    needless_followup_rate: rate(outcomes, (o) => o.needlessFollowUp),
    adversarial_side_effect_calls: rate(outcomes, (o) => o.sideEffectCall),
  };
}

/** The README's matcher-level metrics, overall and by category. */
export function summariseOutcomes(outcomes: readonly LineOutcome[]): MatcherReport {
  const categories = [...new Set(outcomes.map((o) => o.category))].sort();
  return {
    ...figures(outcomes),
    by_category: Object.fromEntries(categories.map((c) => [c, figures(outcomes.filter((o) => o.category === c))])),
  };
}
