import calibrationFile from './matcher-calibration.json';

/** A standardised logistic model over named features, as `npm run eval:action-matcher -- --fit` writes it. */
export interface ActionScoreModel {
  features: string[];
  mean: number[];
  std: number[];
  weights: number[];
  bias: number;
}

export interface ActionCalibration {
  version: 1;
  /** An action with all its arguments is called only when its score reaches this. */
  threshold: number;
  /** An action that lacks an argument is asked about when its score reaches this (default: threshold): asking costs less than calling. */
  followUpThreshold?: number;
  /** Without embeddings, and with them when the caller supplies vectors. */
  models: { lexical: ActionScoreModel; embedding?: ActionScoreModel };
  fittedOn: Record<string, unknown>;
}

/** How far, in standard deviations, a feature may pull, so a value unlike any seen in the fit is no certainty. */
const MAX_STANDARD_SCORE = 5;

export const DEFAULT_ACTION_CALIBRATION = calibrationFile as ActionCalibration;

export function actionScore(model: ActionScoreModel, features: Readonly<Record<string, number>>): number {
  let z = model.bias;
  model.features.forEach((name, i) => {
    const standard = ((features[name] ?? model.mean[i]) - model.mean[i]) / (model.std[i] || 1);
    z += model.weights[i] * Math.min(MAX_STANDARD_SCORE, Math.max(-MAX_STANDARD_SCORE, standard));
  });
  return 1 / (1 + Math.exp(-z));
}
