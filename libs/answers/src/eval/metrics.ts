/**
 * Pure metrics of the eval harness. Definitions of the summary (`summarise`):
 *
 * - Two labels of correctness, each reported with its own figures (`labels.strict`, `labels.cited`):
 *   - strict (the label targets use): the question is answerable, the draft's first citation is one of its gold
 *     `doc_ids`, and the draft holds at least half of the gold answer's tokens (`tokenRecall` >= 0.5);
 *   - cited: the question is answerable and any of the draft's cited documents is a gold document.
 *   Unanswerable questions are never correct.
 * - retrieval.hit_at_k / mrr: over answerable questions, a gold document among the first k distinct
 *   documents retrieved (in retrieval order) / mean of 1 / rank of the first gold document (0 if none).
 * - labels.*.decision, at the run's threshold: answered_rate = answered / questions; resolution_rate =
 *   answered and correct / answerable; false_answer_rate = answered and not correct / answered;
 *   unanswerable_escalation_recall = escalated unanswerable / unanswerable.
 * - labels.*.auroc: of the confidence, over all questions, for "the draft is correct"; reliability: the same
 *   pairs in 10 equal-width confidence bins.
 * - labels.*.threshold_sweep: the decision figures recomputed from the recorded confidences for thresholds
 *   0.05..0.95, so a default threshold can be chosen without re-running.
 * - answer.token_f1: SQuAD-style token F1 of draft vs gold answer, over answered answerable questions.
 * - latency_ms: p50 / p95 of the wall-clock time of one answer.
 * - multi_turn.questions_with_history: questions asked after at least one earlier turn.
 *
 * A rate whose denominator is empty is null.
 */

/** One evaluated question, as written to the records file. */
export interface EvalRecord {
  id: string;
  answerable: boolean;
  goldDocIds: string[];
  goldAnswer: string;
  /** Earlier conversation turns the question was asked with (0 for a first question). */
  historyTurns: number;
  /** The multi-turn sets' `followup` or `topic_shift`; what the follow-up gate is fitted to tell apart. */
  kind?: string;
  /** Dataset document ids in retrieval order, distinct. */
  retrievedDocIds: string[];
  /** Dataset document ids cited by the draft, in citation-index order ([1] first), distinct. */
  citedDocIds: string[];
  draft: string;
  confidence: number;
  decision: 'answer' | 'escalate';
  /** Why the service escalated; an escalation for another reason than low confidence survives any threshold. */
  reason: string | null;
  latencyMs: number;
  features: Record<string, number>;
}

export interface ReliabilityBin {
  from: number;
  to: number;
  n: number;
  /** Mean predicted probability in the bin; null when the bin is empty. */
  predicted: number | null;
  /** Observed rate of positives in the bin; null when the bin is empty. */
  observed: number | null;
}

export interface DecisionFigures {
  answered_rate: number | null;
  resolution_rate: number | null;
  false_answer_rate: number | null;
  unanswerable_escalation_recall: number | null;
}

export interface ThresholdSweepRow extends DecisionFigures {
  threshold: number;
}

export type CorrectnessLabel = 'strict' | 'cited';

/** Strict first: it is the label targets are set on. */
export const CORRECTNESS_LABELS: readonly CorrectnessLabel[] = ['strict', 'cited'];

/** The share of the gold answer's tokens a strictly correct draft must hold. */
export const STRICT_MIN_TOKEN_RECALL = 0.5;

export interface LabelSummary {
  /** Questions whose draft is correct under this label. */
  correct: number;
  auroc: number | null;
  decision: DecisionFigures;
  reliability: ReliabilityBin[];
  threshold_sweep: ThresholdSweepRow[];
}

export interface EvalSummary {
  questions: number;
  answerable: number;
  unanswerable: number;
  threshold: number;
  multi_turn: { questions_with_history: number };
  retrieval: { hit_at_1: number | null; hit_at_5: number | null; mrr: number | null };
  answer: { token_f1: number | null };
  latency_ms: { p50: number | null; p95: number | null };
  labels: Record<CorrectnessLabel, LabelSummary>;
}

/** 1 when a gold document is among the first k ranked ids, else 0. */
export function hitAtK(rankedDocIds: readonly string[], goldIds: readonly string[], k: number): number {
  const gold = new Set(goldIds);
  return rankedDocIds.slice(0, k).some((id) => gold.has(id)) ? 1 : 0;
}

/** 1 / (1-based rank of the first gold document), 0 when none was ranked. */
export function reciprocalRank(rankedDocIds: readonly string[], goldIds: readonly string[]): number {
  const gold = new Set(goldIds);
  const index = rankedDocIds.findIndex((id) => gold.has(id));
  return index < 0 ? 0 : 1 / (index + 1);
}

/**
 * Area under the ROC curve by the Mann-Whitney U statistic, ties given their average rank
 * (so a tied positive/negative pair counts one half). Null when either class is empty.
 */
export function auroc(scores: readonly number[], labels: ReadonlyArray<number | boolean>): number | null {
  if (scores.length !== labels.length) throw new Error('auroc: scores and labels differ in length');
  const order = scores.map((score, i) => ({ score, positive: Boolean(labels[i]) })).sort((a, b) => a.score - b.score);
  const positives = order.filter((item) => item.positive).length;
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return null;
  let positiveRankSum = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && order[end + 1].score === order[start].score) end += 1;
    const averageRank = (start + end) / 2 + 1;
    for (let i = start; i <= end; i += 1) if (order[i].positive) positiveRankSum += averageRank;
    start = end + 1;
  }
  const u = positiveRankSum - (positives * (positives + 1)) / 2;
  return u / (positives * negatives);
}

/** Equal-width bins over [0, 1]; a value of exactly 1 falls in the last bin. Empty bins are kept with n = 0. */
export function reliabilityTable(
  predicted: readonly number[],
  observed: ReadonlyArray<number | boolean>,
  bins = 10,
): ReliabilityBin[] {
  if (predicted.length !== observed.length) throw new Error('reliabilityTable: arrays differ in length');
  const sums = Array.from({ length: bins }, () => ({ n: 0, predicted: 0, observed: 0 }));
  predicted.forEach((p, i) => {
    const bin = Math.min(bins - 1, Math.max(0, Math.floor(p * bins)));
    sums[bin].n += 1;
    sums[bin].predicted += p;
    sums[bin].observed += Number(observed[i]);
  });
  return sums.map((sum, i) => ({
    from: round(i / bins, 10),
    to: round((i + 1) / bins, 10),
    n: sum.n,
    predicted: sum.n === 0 ? null : sum.predicted / sum.n,
    observed: sum.n === 0 ? null : sum.observed / sum.n,
  }));
}

/** SQuAD normalisation: lower case, punctuation removed, articles removed, whitespace tokens. */
export function normaliseAnswerTokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, '')
    .replace(/\b(a|an|the)\b/g, ' ')
    .split(/\s+/)
    .filter((token) => token.length > 0);
}

/** SQuAD-style token F1; when either side has no tokens, 1 if both are empty, else 0. */
export function tokenF1(prediction: string, gold: string): number {
  const predicted = normaliseAnswerTokens(prediction);
  const expected = normaliseAnswerTokens(gold);
  if (predicted.length === 0 || expected.length === 0) return predicted.length === expected.length ? 1 : 0;
  const common = commonTokens(predicted, expected);
  if (common === 0) return 0;
  const precision = common / predicted.length;
  const recall = common / expected.length;
  return (2 * precision * recall) / (precision + recall);
}

/**
 * The share of the gold answer's (SQuAD-normalised) tokens found in the prediction, a repeated gold token counted
 * as often as it occurs in both; 1 when the gold answer has no tokens (nothing is missing).
 */
export function tokenRecall(prediction: string, gold: string): number {
  const expected = normaliseAnswerTokens(gold);
  if (expected.length === 0) return 1;
  return commonTokens(normaliseAnswerTokens(prediction), expected) / expected.length;
}

/** The p-th percentile (0-100) with linear interpolation between closest ranks (numpy's default); null when empty. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

/** Cited: the draft cites a gold document of an answerable question, wherever the citation stands. */
export function isDraftCorrect(record: Pick<EvalRecord, 'answerable' | 'goldDocIds' | 'citedDocIds'>): boolean {
  if (!record.answerable) return false;
  const gold = new Set(record.goldDocIds);
  return record.citedDocIds.some((id) => gold.has(id));
}

/**
 * Strict: what the customer reads first is right. The question is answerable, the first citation is a gold
 * document and the draft holds most of the gold answer.
 */
export function isStrictlyCorrect(
  record: Pick<EvalRecord, 'answerable' | 'goldDocIds' | 'citedDocIds' | 'draft' | 'goldAnswer'>,
): boolean {
  if (!record.answerable || record.citedDocIds.length === 0) return false;
  if (!record.goldDocIds.includes(record.citedDocIds[0])) return false;
  return tokenRecall(record.draft, record.goldAnswer) >= STRICT_MIN_TOKEN_RECALL;
}

export function isCorrect(
  record: Pick<EvalRecord, 'answerable' | 'goldDocIds' | 'citedDocIds' | 'draft' | 'goldAnswer'>,
  label: CorrectnessLabel,
): boolean {
  switch (label) {
    case 'strict':
      return isStrictlyCorrect(record);
    case 'cited':
      return isDraftCorrect(record);
  }
}

/** Would the service answer at this threshold? Escalations for other reasons than confidence stay escalations. */
export function answersAt(record: Pick<EvalRecord, 'confidence' | 'decision' | 'reason'>, threshold: number): boolean {
  if (record.decision === 'escalate' && record.reason !== null && record.reason !== 'low_confidence') return false;
  return record.confidence >= threshold;
}

export const SWEEP_THRESHOLDS: readonly number[] = Array.from({ length: 19 }, (_, i) => round((i + 1) * 0.05, 2));

export function summarise(records: readonly EvalRecord[], threshold: number): EvalSummary {
  const answerable = records.filter((r) => r.answerable);
  const answeredAnswerable = answerable.filter((r) => r.decision === 'answer');
  const latencies = records.map((r) => r.latencyMs);
  return {
    questions: records.length,
    answerable: answerable.length,
    unanswerable: records.length - answerable.length,
    threshold,
    multi_turn: { questions_with_history: records.filter((r) => r.historyTurns > 0).length },
    retrieval: {
      hit_at_1: roundOrNull(mean(answerable.map((r) => hitAtK(r.retrievedDocIds, r.goldDocIds, 1)))),
      hit_at_5: roundOrNull(mean(answerable.map((r) => hitAtK(r.retrievedDocIds, r.goldDocIds, 5)))),
      mrr: roundOrNull(mean(answerable.map((r) => reciprocalRank(r.retrievedDocIds, r.goldDocIds)))),
    },
    answer: { token_f1: roundOrNull(mean(answeredAnswerable.map((r) => tokenF1(r.draft, r.goldAnswer)))) },
    latency_ms: { p50: roundOrNull(percentile(latencies, 50), 1), p95: roundOrNull(percentile(latencies, 95), 1) },
    labels: {
      strict: labelSummary(records, 'strict'),
      cited: labelSummary(records, 'cited'),
    },
  };
}

function labelSummary(records: readonly EvalRecord[], label: CorrectnessLabel): LabelSummary {
  const confidences = records.map((r) => r.confidence);
  const correct = records.map((r) => isCorrect(r, label));
  return {
    correct: correct.filter(Boolean).length,
    auroc: roundOrNull(auroc(confidences, correct)),
    decision: decisionFigures(records, (r) => r.decision === 'answer', label),
    reliability: reliabilityTable(confidences, correct).map((bin) => ({
      ...bin,
      predicted: roundOrNull(bin.predicted),
      observed: roundOrNull(bin.observed),
    })),
    threshold_sweep: SWEEP_THRESHOLDS.map((t) => ({
      threshold: t,
      ...decisionFigures(records, (r) => answersAt(r, t), label),
    })),
  };
}

/** The decision figures (rounded) when `answered` says which records the service answers. */
export function decisionFigures<R extends EvalRecord>(
  records: readonly R[],
  answered: (record: R) => boolean,
  label: CorrectnessLabel,
): DecisionFigures {
  let answeredCount = 0;
  let answeredCorrect = 0;
  let answerable = 0;
  let unanswerable = 0;
  let escalatedUnanswerable = 0;
  for (const record of records) {
    const isAnswered = answered(record);
    if (record.answerable) answerable += 1;
    else {
      unanswerable += 1;
      if (!isAnswered) escalatedUnanswerable += 1;
    }
    if (isAnswered) {
      answeredCount += 1;
      if (isCorrect(record, label)) answeredCorrect += 1;
    }
  }
  return {
    answered_rate: roundOrNull(ratio(answeredCount, records.length)),
    resolution_rate: roundOrNull(ratio(answeredCorrect, answerable)),
    false_answer_rate: roundOrNull(ratio(answeredCount - answeredCorrect, answeredCount)),
    unanswerable_escalation_recall: roundOrNull(ratio(escalatedUnanswerable, unanswerable)),
  };
}

/** Tokens the prediction shares with the gold answer, each at most as often as it occurs in the gold answer. */
function commonTokens(predicted: readonly string[], expected: readonly string[]): number {
  const remaining = new Map<string, number>();
  for (const token of expected) remaining.set(token, (remaining.get(token) ?? 0) + 1);
  let common = 0;
  for (const token of predicted) {
    const left = remaining.get(token) ?? 0;
    if (left > 0) {
      common += 1;
      remaining.set(token, left - 1);
    }
  }
  return common;
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, v) => sum + v, 0) / values.length;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Four decimals are enough to compare runs and keep the JSON readable. */
function roundOrNull(value: number | null, digits = 4): number | null {
  return value === null ? null : round(value, digits);
}
