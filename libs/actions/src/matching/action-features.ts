import { ActionLexicon } from './action-lexicon';
import { ExtractedArguments } from './argument-extractor';
import { ConversationTurn, MatchableAction, requiredTextParameters } from './matchable-action';

/** Precomputed sentence vectors (e.g. from UseLiteEmbedder), so the matcher stays pure. */
export interface EmbeddingEvidence {
  question: readonly number[];
  /** Per action name: vectors of its description and each example. */
  actions: Readonly<Record<string, ReadonlyArray<readonly number[]>>>;
}

export interface FeatureInput {
  question: string;
  history: readonly ConversationTurn[];
  embeddings?: EmbeddingEvidence;
}

/** Every feature the calibration may use, by name; a model uses the subset it was fitted on. */
export type ActionFeatures = Record<string, number>;

/** The features of the lexical model; the embedding model adds EMBEDDING_FEATURES. */
export const LEXICAL_FEATURES = [
  'question_similarity',
  'context_similarity_margin',
  'arguments_found',
  'identifier_in_question_margin',
  'side_effect',
  'information_question',
];
export const EMBEDDING_FEATURES = ['embedding_similarity', 'embedding_similarity_margin'];

/** An action with no word of it in the conversation and no identifier of its own in the question is not asked for. */
export function hasIntentEvidence(features: Readonly<ActionFeatures>): boolean {
  return features.question_similarity > 0 || features.history_similarity > 0 || features.identifier_in_question > 0;
}

// Help-centre question forms: prices, how-tos and where-to-find questions are answered by documents, not by a call.
const INFORMATION_QUESTION =
  /\b(how (much|many|often|do i|do you|does|can i|long does)|where (can|do) i (find|get|see)|what happens|can i (change|put|use|add|pause|switch|move|take|bring|ride|return|keep)|cost|costs|price|prices|fee|fees|charged?|discount|refund)\b/i;
// History turns further back count for less, by this factor per turn.
const HISTORY_DECAY = 0.5;

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i += 1) {
    dot += a[i] * b[i];
    normA += a[i] * a[i];
    normB += b[i] * b[i];
  }
  return normA > 0 && normB > 0 ? dot / Math.sqrt(normA * normB) : 0;
}

function embeddingSimilarity(actionName: string, embeddings: EmbeddingEvidence): number {
  const vectors = embeddings.actions[actionName] ?? [];
  return vectors.reduce((best, vector) => Math.max(best, cosine(embeddings.question, vector)), 0);
}

/** The best of a per-turn measure over the history, each turn further back counting HISTORY_DECAY less. */
function bestInHistory(history: readonly ConversationTurn[], measure: (text: string) => number): number {
  let best = 0;
  [...history].reverse().forEach((turn, index) => {
    best = Math.max(best, measure(turn.text) * HISTORY_DECAY ** (index + 1));
  });
  return best;
}

function argumentFeatures(action: MatchableAction, extracted: ExtractedArguments): ActionFeatures {
  const required = requiredTextParameters(action);
  const identifiersInQuestion = required.filter(
    (name) => action.parameters.properties[name]?.pattern !== undefined && extracted.sources[name]?.turnsBack === 0,
  );
  return {
    arguments_found: required.length ? (required.length - extracted.missing.length) / required.length : 1,
    identifier_in_question: identifiersInQuestion.length ? 1 : 0,
  };
}

/** The evidence for one action, before the margins against the other actions are added. */
export function actionFeatures(
  lexicon: ActionLexicon,
  action: MatchableAction,
  input: FeatureInput,
  extracted: ExtractedArguments,
): ActionFeatures {
  const questionSimilarity = lexicon.similarity(action.name, lexicon.terms(input.question));
  const history = bestInHistory(input.history, (text) => lexicon.similarity(action.name, lexicon.terms(text)));
  const features: ActionFeatures = {
    question_similarity: questionSimilarity,
    history_similarity: history,
    // Noisy-or: a short reply ("Yes, go ahead.") asks for what the conversation was about, and the question adds to it.
    context_similarity: 1 - (1 - questionSimilarity) * (1 - history),
    name_mentioned: [input.question, ...input.history.map((turn) => turn.text)].some((text) =>
      lexicon.mentionsName(action.name, text),
    )
      ? 1
      : 0,
    ...argumentFeatures(action, extracted),
    side_effect: action.side_effect ? 1 : 0,
    information_question: INFORMATION_QUESTION.test(input.question) ? 1 : 0,
  };
  if (input.embeddings) features.embedding_similarity = embeddingSimilarity(action.name, input.embeddings);
  return features;
}

/** How far each action's lexical (and embedding) evidence leads the best other action's. */
export function addMargins(featuresByAction: ReadonlyArray<ActionFeatures>): void {
  for (const name of ['context_similarity', 'identifier_in_question', 'embedding_similarity']) {
    if (featuresByAction.some((features) => features[name] === undefined)) continue;
    featuresByAction.forEach((features, i) => {
      const others = featuresByAction.filter((_, j) => j !== i).map((other) => other[name]);
      features[`${name}_margin`] = features[name] - Math.max(0, ...others);
    });
  }
}
