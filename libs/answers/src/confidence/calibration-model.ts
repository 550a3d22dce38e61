/**
 * A fitted confidence model: standardised features → logistic regression → probability.
 * Written by `npm run calibrate` to calibration.json beside this file.
 */
export interface CalibrationModel {
  version: 1;
  /** Feature names, in the order of mean / std / weights. */
  features: string[];
  mean: number[];
  std: number[];
  weights: number[];
  bias: number;
  /** What it was fitted on, for the record (datasets, sizes, date, fit statistics). */
  fittedOn: Record<string, unknown>;
}

/**
 * How far, in standard deviations, a feature may pull: a value far outside what the model was fitted on (a
 * workspace of three chunks, where the eval always retrieves thirty) counts as this far out, not as a certainty.
 */
export const MAX_STANDARD_SCORE = 5;

export function predictConfidence(model: CalibrationModel, features: Record<string, number>): number {
  let z = model.bias;
  model.features.forEach((name, i) => {
    const value = features[name] ?? model.mean[i];
    const std = model.std[i] || 1;
    const standard = (value - model.mean[i]) / std;
    z += model.weights[i] * Math.min(MAX_STANDARD_SCORE, Math.max(-MAX_STANDARD_SCORE, standard));
  });
  return 1 / (1 + Math.exp(-z));
}
