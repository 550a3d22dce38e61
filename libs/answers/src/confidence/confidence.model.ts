import calibration from './calibration.json';
import { CalibrationModel, predictConfidence } from './calibration-model';

/** The model fitted by `npm run calibrate` on the dev splits (imported, so the build ships it). */
export const CALIBRATED_MODEL = calibration as CalibrationModel;

export class ConfidenceModel {
  constructor(readonly model: CalibrationModel = CALIBRATED_MODEL) {}

  predict(features: Record<string, number>): number {
    return predictConfidence(this.model, features);
  }
}
