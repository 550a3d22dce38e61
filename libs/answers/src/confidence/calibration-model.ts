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

export function predictConfidence(model: CalibrationModel, features: Record<string, number>): number {
  let z = model.bias;
  model.features.forEach((name, i) => {
    const value = features[name] ?? model.mean[i];
    const std = model.std[i] || 1;
    z += model.weights[i] * ((value - model.mean[i]) / std);
  });
  return 1 / (1 + Math.exp(-z));
}
