import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CalibrationModel, predictConfidence } from './calibration-model';

/** Used until `npm run calibrate` has written calibration.json: hand-set, monotone in the evidence. */
const UNCALIBRATED: CalibrationModel = {
  version: 1,
  features: ['top_cosine', 'cosine_margin', 'top_coverage', 'answer_coverage', 'agreement', 'score_margin'],
  mean: [0.5, 0.05, 0.5, 0.4, 0.5, 0.1],
  std: [0.15, 0.05, 0.25, 0.25, 0.5, 0.1],
  weights: [1, 0.5, 1, 0.5, 0.3, 0.3],
  bias: 0,
  fittedOn: { note: 'uncalibrated defaults' },
};

export const CALIBRATION_FILE = join(__dirname, 'calibration.json');

export function loadCalibrationModel(file = CALIBRATION_FILE): CalibrationModel {
  if (!existsSync(file)) return UNCALIBRATED;
  return JSON.parse(readFileSync(file, 'utf8')) as CalibrationModel;
}

export class ConfidenceModel {
  constructor(readonly model: CalibrationModel = loadCalibrationModel()) {}

  predict(features: Record<string, number>): number {
    return predictConfidence(this.model, features);
  }
}
