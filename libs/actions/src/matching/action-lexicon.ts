import { tokenize } from '@switchboard/vector-store';

import { ResolverClock } from './date-resolver';
import { MatchableAction } from './matchable-action';
import { identifierPrefix, parameterMatcher, ParameterMatcher } from './parameter-matchers';

// Only the spans of dates are blanked, so the day they resolve to does not matter.
const SPAN_ONLY_CLOCK: ResolverClock = { now: new Date(0), timeZone: 'UTC' };
// The name says what the action does, the examples how customers ask, the description also what it does not do.
const NAME_WEIGHT = 3;
const EXAMPLE_WEIGHT = 2;
const DESCRIPTION_WEIGHT = 0.5;

// Politeness and chat filler: they say how people write, not what they want, and examples use them unevenly.
const FILLER_WORDS = new Set(
  [
    'please',
    'pls',
    'plz',
    'thanks',
    'thank',
    'hi',
    'hello',
    'hey',
    'ok',
    'okay',
    'yes',
    'yeah',
    'sure',
    'just',
    'also',
  ].concat([
    'still',
    'really',
    'any',
    'anything',
    'tell',
    'know',
    'want',
    'need',
    'like',
    'get',
    'help',
    'u',
    'im',
    'right',
  ]),
);

type TermVector = Map<string, number>;

/** What one action's words are: its name, examples and description as one weighted term vector. */
interface ActionVocabulary {
  vector: TermVector;
  /** Words of the action's name that no other action's name has: "cancel" of cancel_order. */
  ownNameTerms: Set<string>;
}

function addTerms(vector: TermVector, terms: readonly string[], weight: number): void {
  for (const term of terms) vector.set(term, (vector.get(term) ?? 0) + weight);
}

function norm(vector: TermVector): number {
  return Math.sqrt([...vector.values()].reduce((sum, value) => sum + value * value, 0));
}

/**
 * The actions' words, weighted by how few actions use them, for lexical evidence. Argument values (ids, dates, towns,
 * model names) are blanked out of every text first: they are evidence through the arguments found, not through words.
 */
export class ActionLexicon {
  private readonly vocabularies = new Map<string, ActionVocabulary>();
  private readonly inverseFrequency = new Map<string, number>();
  private readonly unseenWeight: number;
  private readonly valueMatchers: ParameterMatcher[];
  /** Id prefixes ("nw" of NW-12345): shape, not wording, and look-alike codes ("NW-ANNA-7Q2") carry them too. */
  private readonly identifierPrefixes: Set<string>;

  constructor(actions: readonly MatchableAction[]) {
    this.identifierPrefixes = new Set(
      actions
        .flatMap((action) =>
          Object.values(action.parameters.properties).map((schema) => identifierPrefix(schema.pattern)),
        )
        .filter((prefix) => prefix !== null)
        .map((prefix) => prefix.toLowerCase()),
    );
    this.valueMatchers = actions.flatMap((action) =>
      Object.entries(action.parameters.properties)
        .map(([name, schema]) => parameterMatcher(name, schema, SPAN_ONLY_CLOCK))
        .filter((matcher) => matcher !== null),
    );
    const counts = new Map<string, TermVector>();
    const nameTerms = actions.map((action) => new Set(tokenize(action.name.replace(/[_-]+/g, ' '))));
    for (const [index, action] of actions.entries()) {
      const vector: TermVector = new Map();
      addTerms(vector, tokenize(action.name.replace(/[_-]+/g, ' ')), NAME_WEIGHT);
      for (const example of action.examples) addTerms(vector, this.terms(example), EXAMPLE_WEIGHT);
      addTerms(vector, this.terms(action.description), DESCRIPTION_WEIGHT);
      counts.set(action.name, vector);
      const ownNameTerms = [...nameTerms[index]].filter((term) =>
        nameTerms.every((n, i) => i === index || !n.has(term)),
      );
      this.vocabularies.set(action.name, { vector, ownNameTerms: new Set(ownNameTerms) });
    }
    this.unseenWeight = Math.log(actions.length);
    this.fitInverseFrequency(counts, actions.length);
    for (const vocabulary of this.vocabularies.values()) {
      for (const [term, count] of vocabulary.vector)
        vocabulary.vector.set(term, (1 + Math.log(count)) * this.idf(term));
    }
  }

  /** Stemmed terms of the text with every argument value blanked out. */
  terms(text: string): string[] {
    let blanked = text;
    for (const matcher of this.valueMatchers) {
      for (const { start, end } of matcher(blanked)) {
        blanked = blanked.slice(0, start) + ' '.repeat(end - start) + blanked.slice(end);
      }
    }
    const words = blanked.replace(/[\p{L}']+/gu, (word) => (FILLER_WORDS.has(word.toLowerCase()) ? '' : word));
    return tokenize(words).filter((term) => !this.identifierPrefixes.has(term));
  }

  /** Cosine between the text's terms and the action's weighted vocabulary: 0 to 1. */
  similarity(actionName: string, terms: readonly string[]): number {
    const vocabulary = this.vocabularies.get(actionName);
    const query: TermVector = new Map([...new Set(terms)].map((term) => [term, this.idf(term)]));
    if (!vocabulary || query.size === 0) return 0;
    let dot = 0;
    for (const [term, weight] of query) dot += weight * (vocabulary.vector.get(term) ?? 0);
    return dot / (norm(query) * norm(vocabulary.vector));
  }

  /** Whether the text uses a word of the action's own name. */
  mentionsName(actionName: string, text: string): boolean {
    const ownNameTerms = this.vocabularies.get(actionName)?.ownNameTerms;
    return ownNameTerms !== undefined && tokenize(text).some((term) => ownNameTerms.has(term));
  }

  private fitInverseFrequency(counts: ReadonlyMap<string, TermVector>, actionCount: number): void {
    const documentFrequency = new Map<string, number>();
    for (const vector of counts.values()) {
      for (const term of vector.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    }
    for (const [term, frequency] of documentFrequency) {
      // A word every action uses ("bike" for a bike shop) says nothing about which one is asked for: weight 0.
      this.inverseFrequency.set(term, Math.log(actionCount / frequency));
    }
  }

  /** Terms no action uses weigh as much as the rarest: they are the text's own subject. */
  private idf(term: string): number {
    return this.inverseFrequency.get(term) ?? this.unseenWeight;
  }
}
