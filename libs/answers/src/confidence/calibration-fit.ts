import { auroc } from '../eval/metrics';
import { CalibrationModel, predictConfidence } from './calibration-model';

export interface LabelledFeatures {
  features: Record<string, number>;
  label: 0 | 1;
}

export interface CalibrationSample extends LabelledFeatures {
  /** Samples of one group (sharing a document or a dialogue) are never split across cross-validation folds. */
  group: string;
}

export interface FitOptions {
  /** Features to use, in this order; by default every feature seen in the samples, sorted by name. */
  featureNames?: string[];
  /** Strength of the L2 penalty on the (standardised) weights; the bias is not penalised. */
  l2?: number;
  /** Merged into `fittedOn` (datasets, sizes). */
  fittedOn?: Record<string, unknown>;
  /** Overrides the fit date recorded in `fittedOn` (for reproducible files). */
  fittedAt?: Date;
}

export interface CalibrationStatistics {
  samples: number;
  positives: number;
  logLoss: number;
  brier: number;
  auroc: number | null;
  /** Equal to observedRate on the training data: the unpenalised bias makes the fit calibrated in the large. */
  meanPredicted: number;
  observedRate: number;
}

export interface CrossValidation extends CalibrationStatistics {
  folds: number;
  groups: number;
  perFold: Array<{
    groups: number;
    samples: number;
    positives: number;
    auroc: number | null;
    brier: number;
    logLoss: number;
  }>;
  /** The held-out prediction of every sample, in the order of the samples given. */
  predictions: number[];
}

const MAX_ITERATIONS = 100;
const EPSILON = 1e-15;

/**
 * Standardised features → L2-regularised logistic regression fitted by Newton's method (IRLS) with a
 * backtracking line search. Deterministic: the same samples give the same model.
 */
export function fitCalibration(samples: readonly LabelledFeatures[], options: FitOptions = {}): CalibrationModel {
  const l2 = options.l2 ?? 1.0;
  if (!(l2 >= 0)) throw new Error('fitCalibration: l2 must be >= 0');
  const positives = samples.filter((s) => s.label === 1).length;
  if (positives === 0 || positives === samples.length) {
    throw new Error(`fitCalibration: needs both labels (got ${positives} positive of ${samples.length})`);
  }
  const names = options.featureNames ?? [...new Set(samples.flatMap((s) => Object.keys(s.features)))].sort();
  const { mean, std, constant } = standardisation(samples, names);
  const rows = samples.map((s) => designRow(s.features, names, mean, std));
  const labels = samples.map((s) => s.label);
  const { theta, iterations, converged } = newton(rows, labels, l2);

  const model: CalibrationModel = {
    version: 1,
    features: names,
    mean,
    std,
    // A constant feature's weight is numerical noise around 0; make it exactly 0.
    weights: theta.slice(1).map((w, j) => (constant[j] ? 0 : w)),
    bias: theta[0],
    fittedOn: {},
  };
  const statistics = evaluateCalibration(model, samples);
  model.fittedOn = {
    ...options.fittedOn,
    fittedAt: (options.fittedAt ?? new Date()).toISOString(),
    method: 'standardised L2 logistic regression (Newton/IRLS)',
    l2,
    iterations,
    converged,
    training: statistics,
  };
  return model;
}

/**
 * The model as written to its JSON file: six significant digits (readable, and no prediction changes measurably),
 * and no figures of the model on its own training data, which are in-sample: only cross-validated ones are kept.
 */
export function compactModel(model: CalibrationModel): CalibrationModel {
  const round = (value: number): number => Number(value.toPrecision(6));
  const { training: _training, ...fittedOn } = model.fittedOn;
  return {
    ...model,
    fittedOn,
    mean: model.mean.map(round),
    std: model.std.map(round),
    weights: model.weights.map(round),
    bias: round(model.bias),
  };
}

/** Log-loss, Brier score and AUROC of a model on samples, predicting exactly as the answer service does. */
export function evaluateCalibration(
  model: CalibrationModel,
  samples: readonly LabelledFeatures[],
): CalibrationStatistics {
  return statistics(
    samples.map((s) => predictConfidence(model, finiteFeatures(s.features))),
    samples.map((s) => s.label),
  );
}

/**
 * Grouped, stratified k-fold cross-validation: no group is split across folds, so a fold is never scored on a
 * document or dialogue its model was fitted on. The held-out predictions of every fold are pooled for the figures.
 */
export function crossValidate(
  samples: readonly CalibrationSample[],
  folds = 5,
  options: Omit<FitOptions, 'fittedOn' | 'fittedAt'> = {},
): CrossValidation {
  const foldOf = groupedFolds(samples, folds);
  const names = options.featureNames ?? [...new Set(samples.flatMap((s) => Object.keys(s.features)))].sort();
  const predicted = new Array<number>(samples.length);
  const perFold: CrossValidation['perFold'] = [];
  for (let fold = 0; fold < folds; fold += 1) {
    const training = samples.filter((_, i) => foldOf[i] !== fold);
    const heldOutIndexes = samples.map((_, i) => i).filter((i) => foldOf[i] === fold);
    const model = fitCalibration(training, { ...options, featureNames: names, fittedAt: new Date(0) });
    for (const i of heldOutIndexes) predicted[i] = predictConfidence(model, finiteFeatures(samples[i].features));
    const figures = statistics(
      heldOutIndexes.map((i) => predicted[i]),
      heldOutIndexes.map((i) => samples[i].label),
    );
    perFold.push({
      groups: new Set(heldOutIndexes.map((i) => samples[i].group)).size,
      samples: figures.samples,
      positives: figures.positives,
      auroc: figures.auroc,
      brier: figures.brier,
      logLoss: figures.logLoss,
    });
  }
  return {
    folds,
    groups: new Set(samples.map((s) => s.group)).size,
    ...statistics(
      predicted,
      samples.map((s) => s.label),
    ),
    perFold,
    predictions: predicted,
  };
}

/**
 * The fold (0..folds-1) of every sample, whole groups at a time. Groups are dealt largest first (ties by name, so
 * the order of the samples does not matter), each to the fold where it least unbalances the per-label counts:
 * adding it to fold f raises the variance across folds of label c's share by a term in g_c · n_fc / N_c², so the
 * fold with the smallest sum of those terms wins (ties: the smaller fold, then the lower index). Balancing both
 * labels balances the fold sizes too.
 */
export function groupedFolds(samples: readonly CalibrationSample[], folds: number): number[] {
  if (!Number.isInteger(folds) || folds < 2) throw new Error('crossValidate: folds must be an integer >= 2');
  const groups = new Map<string, { name: string; counts: [number, number] }>();
  for (const sample of samples) {
    let group = groups.get(sample.group);
    if (!group) {
      group = { name: sample.group, counts: [0, 0] };
      groups.set(sample.group, group);
    }
    group.counts[sample.label] += 1;
  }
  if (groups.size < folds) {
    throw new Error(`crossValidate: ${groups.size} groups of ${samples.length} samples cannot fill ${folds} folds`);
  }
  const totals = [0, 1].map((label) => samples.filter((s) => s.label === label).length);
  const size = (counts: readonly number[]): number => counts[0] + counts[1];
  const order = [...groups.values()].sort(
    (a, b) => size(b.counts) - size(a.counts) || b.counts[1] - a.counts[1] || compareStrings(a.name, b.name),
  );
  const foldCounts = Array.from({ length: folds }, () => [0, 0]);
  const foldOfGroup = new Map<string, number>();
  for (const group of order) {
    let best = 0;
    let bestCost = Infinity;
    for (let fold = 0; fold < folds; fold += 1) {
      const cost = [0, 1].reduce(
        (sum, label) =>
          totals[label] === 0 ? sum : sum + (group.counts[label] * foldCounts[fold][label]) / totals[label] ** 2,
        0,
      );
      if (cost < bestCost || (cost === bestCost && size(foldCounts[fold]) < size(foldCounts[best]))) {
        best = fold;
        bestCost = cost;
      }
    }
    foldCounts[best][0] += group.counts[0];
    foldCounts[best][1] += group.counts[1];
    foldOfGroup.set(group.name, best);
  }
  return samples.map((sample) => foldOfGroup.get(sample.group) ?? 0);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** doc2dial, doc2dial-multiturn and doc2dial-topicshift share documents and dialogue ids: one family. */
export function datasetFamily(dataset: string): string {
  return dataset === 'doc2dial' || dataset.startsWith('doc2dial-') ? 'doc2dial' : dataset;
}

/**
 * What a question shares with others: `doc:<id>` for each gold document and `dialogue:<family>:<dialogue>`, the
 * dialogue being the id before its last '_' (doc2dial ids are `<dialogue>_<turn>`) or the whole id (clapnq).
 */
export function groupKeys(dataset: string, question: { id: string; goldDocIds: readonly string[] }): string[] {
  const cut = question.id.lastIndexOf('_');
  const dialogue = cut < 0 ? question.id : question.id.slice(0, cut);
  return [`dialogue:${datasetFamily(dataset)}:${dialogue}`, ...question.goldDocIds.map((id) => `doc:${id}`)];
}

/**
 * Union-find: samples that share a key, directly or through other samples, get the same group, named by the
 * smallest key of the component (so the names do not depend on the order of the samples). A sample without keys
 * is a group of its own.
 */
export function connectedGroups(keysPerSample: ReadonlyArray<readonly string[]>): string[] {
  const parent = new Map<string, string>();
  const find = (key: string): string => {
    let root = key;
    for (let up = parent.get(root); up !== undefined && up !== root; up = parent.get(root)) root = up;
    let node = key;
    while (node !== root) {
      const next = parent.get(node) ?? root;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  for (const keys of keysPerSample) {
    for (const key of keys) if (!parent.has(key)) parent.set(key, key);
    for (const key of keys.slice(1)) {
      const [a, b] = [find(keys[0]), find(key)];
      if (a !== b) parent.set(a < b ? b : a, a < b ? a : b);
    }
  }
  return keysPerSample.map((keys, i) => (keys.length === 0 ? `sample:${i}` : find(keys[0])));
}

function statistics(predicted: readonly number[], labels: ReadonlyArray<0 | 1>): CalibrationStatistics {
  const n = predicted.length;
  let logLoss = 0;
  let brier = 0;
  predicted.forEach((p, i) => {
    const clamped = Math.min(1 - EPSILON, Math.max(EPSILON, p));
    logLoss -= labels[i] === 1 ? Math.log(clamped) : Math.log(1 - clamped);
    brier += (p - labels[i]) ** 2;
  });
  const positives = labels.filter((label) => label === 1).length;
  return {
    samples: n,
    positives,
    logLoss: n === 0 ? 0 : logLoss / n,
    brier: n === 0 ? 0 : brier / n,
    auroc: auroc(predicted, labels),
    meanPredicted: n === 0 ? 0 : predicted.reduce((sum, p) => sum + p, 0) / n,
    observedRate: n === 0 ? 0 : positives / n,
  };
}

/** A missing or non-finite value counts as the mean, as predictConfidence does for a missing one. */
function finiteFeatures(features: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(features).filter(([, value]) => Number.isFinite(value)));
}

function standardisation(
  samples: readonly LabelledFeatures[],
  names: readonly string[],
): { mean: number[]; std: number[]; constant: boolean[] } {
  const mean: number[] = [];
  const std: number[] = [];
  const constant: boolean[] = [];
  for (const name of names) {
    const values = samples.map((s) => s.features[name]).filter((v): v is number => Number.isFinite(v));
    const m = values.length === 0 ? 0 : values.reduce((sum, v) => sum + v, 0) / values.length;
    const variance = values.length === 0 ? 0 : values.reduce((sum, v) => sum + (v - m) ** 2, 0) / values.length;
    mean.push(m);
    // A constant feature carries no evidence; std 1 keeps its standardised value at 0.
    std.push(variance > 1e-24 ? Math.sqrt(variance) : 1);
    constant.push(variance <= 1e-24);
  }
  return { mean, std, constant };
}

/** [1, standardised features...]; a missing value standardises to 0 (the mean). */
function designRow(
  features: Record<string, number>,
  names: readonly string[],
  mean: readonly number[],
  std: readonly number[],
): number[] {
  return [
    1,
    ...names.map((name, j) => {
      const value = features[name];
      return Number.isFinite(value) ? (value - mean[j]) / std[j] : 0;
    }),
  ];
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Penalised negative log-likelihood; computed from the logit so that it stays finite on separable data. */
function objective(rows: readonly number[][], labels: readonly number[], theta: readonly number[], l2: number): number {
  let value = 0;
  rows.forEach((row, i) => {
    const z = dot(row, theta);
    // log(1 + e^z) - y z, stably.
    value += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - labels[i] * z;
  });
  for (let j = 1; j < theta.length; j += 1) value += (l2 / 2) * theta[j] ** 2;
  return value;
}

function newton(
  rows: readonly number[][],
  labels: readonly number[],
  l2: number,
): { theta: number[]; iterations: number; converged: boolean } {
  const d = rows[0].length;
  const rate = labels.reduce((sum, y) => sum + y, 0) / labels.length;
  let theta = new Array<number>(d).fill(0);
  theta[0] = Math.log(rate / (1 - rate));
  let current = objective(rows, labels, theta, l2);
  for (let iteration = 1; iteration <= MAX_ITERATIONS; iteration += 1) {
    const gradient = new Array<number>(d).fill(0);
    const hessian = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    rows.forEach((row, i) => {
      const p = sigmoid(dot(row, theta));
      const w = p * (1 - p);
      for (let a = 0; a < d; a += 1) {
        gradient[a] += (p - labels[i]) * row[a];
        for (let b = a; b < d; b += 1) hessian[a][b] += w * row[a] * row[b];
      }
    });
    for (let a = 0; a < d; a += 1) {
      for (let b = 0; b < a; b += 1) hessian[a][b] = hessian[b][a];
      // A tiny ridge on every entry keeps the system solvable when l2 = 0 or a column is all zero.
      hessian[a][a] += (a === 0 ? 0 : l2) + 1e-10;
      if (a > 0) gradient[a] += l2 * theta[a];
    }
    const step = solve(hessian, gradient);
    let scale = 1;
    let next = theta.map((t, a) => t - step[a]);
    let value = objective(rows, labels, next, l2);
    while (value > current && scale > 1e-10) {
      scale /= 2;
      next = theta.map((t, a) => t - scale * step[a]);
      value = objective(rows, labels, next, l2);
    }
    const largestStep = Math.max(...step.map((s) => Math.abs(s * scale)));
    const improvement = current - value;
    if (value <= current) {
      theta = next;
      current = value;
    }
    if (largestStep < 1e-10 || improvement <= 1e-13 * (1 + Math.abs(current))) {
      return { theta, iterations: iteration, converged: true };
    }
  }
  return { theta, iterations: MAX_ITERATIONS, converged: false };
}

/** Gaussian elimination with partial pivoting (the systems are tiny: one row per feature). */
function solve(matrix: readonly number[][], vector: readonly number[]): number[] {
  const n = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i]]);
  for (let column = 0; column < n; column += 1) {
    let pivot = column;
    for (let r = column + 1; r < n; r += 1) if (Math.abs(a[r][column]) > Math.abs(a[pivot][column])) pivot = r;
    [a[column], a[pivot]] = [a[pivot], a[column]];
    const head = a[column][column];
    if (Math.abs(head) < 1e-300) throw new Error('fitCalibration: singular system');
    for (let r = column + 1; r < n; r += 1) {
      const factor = a[r][column] / head;
      if (factor === 0) continue;
      for (let c = column; c <= n; c += 1) a[r][c] -= factor * a[column][c];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r -= 1) {
    let sum = a[r][n];
    for (let c = r + 1; c < n; c += 1) sum -= a[r][c] * x[c];
    x[r] = sum / a[r][r];
  }
  return x;
}

function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += a[i] * b[i];
  return sum;
}
