import { ResolverClock } from './date-resolver';
import { ConversationTurn, identityParameters, MatchableAction, requiredTextParameters } from './matchable-action';
import { parameterMatcher, ParameterValue } from './parameter-matchers';

/** Where an argument was read: the question, or a history turn counted back from the latest (1 = the last turn). */
export interface ArgumentSource extends ParameterValue {
  turnsBack: number;
}

export interface ExtractedArguments {
  /** Normalised values by parameter name; identity parameters never appear. */
  arguments: Record<string, string>;
  sources: Record<string, ArgumentSource>;
  /** Required text parameters with no value, in schema order. */
  missing: string[];
}

export interface ExtractionInput {
  question: string;
  /** Earlier turns, oldest first. */
  history?: readonly ConversationTurn[];
  clock: ResolverClock;
}

/** The texts to read, the question first and then the history from the latest turn back. */
function textsInReadingOrder(input: ExtractionInput): string[] {
  return [input.question, ...[...(input.history ?? [])].reverse().map((turn) => turn.text)];
}

/** Reads every text parameter of the action by the rules its schema gives, the first text that names it winning. */
export function extractArguments(action: MatchableAction, input: ExtractionInput): ExtractedArguments {
  const identity = new Set(identityParameters(action));
  const texts = textsInReadingOrder(input);
  const extracted: ExtractedArguments = { arguments: {}, sources: {}, missing: [] };
  for (const [name, schema] of Object.entries(action.parameters.properties)) {
    if (identity.has(name)) continue;
    const matcher = parameterMatcher(name, schema, input.clock);
    if (!matcher) continue;
    for (const [turnsBack, text] of texts.entries()) {
      const [first] = matcher(text);
      if (!first) continue;
      extracted.arguments[name] = first.value;
      extracted.sources[name] = { ...first, turnsBack };
      break;
    }
  }
  extracted.missing = requiredTextParameters(action).filter((name) => !(name in extracted.arguments));
  return extracted;
}

/** Reads only the named parameters from one message: how a follow-up answer completes a pending action. */
export function extractFromMessage(
  action: MatchableAction,
  parameterNames: readonly string[],
  message: string,
  clock: ResolverClock,
): Record<string, string> {
  const values: Record<string, string> = {};
  const identity = new Set(identityParameters(action));
  for (const name of parameterNames) {
    const schema = action.parameters.properties[name];
    const matcher = schema && !identity.has(name) ? parameterMatcher(name, schema, clock) : null;
    const [first] = matcher ? matcher(message) : [];
    if (first) values[name] = first.value;
  }
  return values;
}
