import type { FineTuningJobEventRecord } from '@switchboard/database';
import OpenAI, { APIError, toFile } from 'openai';
import { FineTuningProviderError } from '../fine-tuning.errors';
import type { FineTuningProvider, ProviderFineTuningJob, StartFineTuningInput } from '../fine-tuning-provider.port';

export interface OpenAiFineTuningOptions {
  apiKey: string;
  baseUrl?: string;
  defaultBaseModel: string;
  timeoutMs: number;
}

const EVENTS_PAGE = 100;

/** OpenAI's files and fine-tuning endpoints through the `openai` package. */
export class OpenAiFineTuningAdapter implements FineTuningProvider {
  readonly defaultBaseModel: string;
  private readonly client: OpenAI;

  constructor(options: OpenAiFineTuningOptions) {
    this.defaultBaseModel = options.defaultBaseModel;
    // Every option the SDK would otherwise read from the environment is passed explicitly (config owns it).
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseUrl ?? 'https://api.openai.com/v1',
      organization: null,
      project: null,
      adminAPIKey: null,
      webhookSecret: null,
      logLevel: 'off',
      timeout: options.timeoutMs,
      maxRetries: 1,
    });
  }

  async uploadDataset(filename: string, jsonl: string): Promise<string> {
    const upload = await toFile(Buffer.from(jsonl, 'utf8'), filename, { type: 'application/jsonl' });
    const file = await this.call(() => this.client.files.create({ file: upload, purpose: 'fine-tune' }));
    return file.id;
  }

  async startJob(input: StartFineTuningInput): Promise<ProviderFineTuningJob> {
    const job = await this.call(() =>
      this.client.fineTuning.jobs.create({
        model: input.model,
        training_file: input.trainingFileId,
        ...(input.validationFileId ? { validation_file: input.validationFileId } : {}),
        ...(input.suffix ? { suffix: input.suffix } : {}),
        seed: input.seed,
      }),
    );
    return jobOf(job);
  }

  async job(id: string): Promise<ProviderFineTuningJob> {
    return jobOf(await this.call(() => this.client.fineTuning.jobs.retrieve(id)));
  }

  async events(id: string): Promise<FineTuningJobEventRecord[]> {
    const page = await this.call(() => this.client.fineTuning.jobs.listEvents(id, { limit: EVENTS_PAGE }));
    // OpenAI lists the newest first.
    return page.data
      .map((event) => ({
        id: event.id,
        createdAt: new Date(event.created_at * 1000).toISOString(),
        level: event.level,
        message: event.message,
      }))
      .reverse();
  }

  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      if (error instanceof APIError) {
        const status: unknown = error.status;
        throw new FineTuningProviderError(error.message, typeof status === 'number' ? status : null);
      }
      throw new FineTuningProviderError(error instanceof Error ? error.message : String(error), null);
    }
  }
}

function jobOf(job: OpenAI.FineTuning.FineTuningJob): ProviderFineTuningJob {
  return {
    id: job.id,
    status: job.status,
    fineTunedModel: job.fine_tuned_model,
    error: job.error ? `${job.error.code}: ${job.error.message}` : null,
    finishedAt: job.finished_at ? new Date(job.finished_at * 1000) : null,
  };
}
