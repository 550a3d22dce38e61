import type { FineTuningJobEventRecord, FineTuningJobStatus } from '@switchboard/database';

/** A job as the provider reports it. */
export interface ProviderFineTuningJob {
  id: string;
  status: FineTuningJobStatus;
  fineTunedModel: string | null;
  error: string | null;
  finishedAt: Date | null;
}

export interface StartFineTuningInput {
  model: string;
  trainingFileId: string;
  validationFileId?: string;
  suffix?: string;
  seed: number;
}

/** A fine-tuning API (OpenAI's or a compatible one): upload a dataset, start a job, read its status and events. */
export interface FineTuningProvider {
  /** The model jobs tune unless told otherwise: the configured main model. */
  readonly defaultBaseModel: string;
  uploadDataset(filename: string, jsonl: string): Promise<string>;
  startJob(input: StartFineTuningInput): Promise<ProviderFineTuningJob>;
  job(id: string): Promise<ProviderFineTuningJob>;
  /** Oldest first. */
  events(id: string): Promise<FineTuningJobEventRecord[]>;
}

/** Null when no OpenAI-compatible provider is configured (offline). */
export const FINE_TUNING_PROVIDER = Symbol('FINE_TUNING_PROVIDER');
