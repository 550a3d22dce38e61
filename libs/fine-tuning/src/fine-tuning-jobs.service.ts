import { Inject, Injectable, Optional } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { WorkspacesService } from '@switchboard/conversations';
import {
  FineTuningJob,
  FineTuningJobEventRecord,
  FineTuningJobStatus,
  TunedModels,
  UnitOfWork,
  WorkspaceId,
} from '@switchboard/database';
import { OutboxService, QueueProducer } from '@switchboard/queue';
import { FineTuningExportsService } from './fine-tuning-exports.service';
import { FineTuningNotFoundError, FineTuningProviderMissingError } from './fine-tuning.errors';
import { FINE_TUNING_PROVIDER, FineTuningProvider, ProviderFineTuningJob } from './fine-tuning-provider.port';
import { FineTuningJobsRepository } from './fine-tuning-jobs.repository';

/** The tasks a tuned model can serve (WorkspaceSettings.tunedModels). */
export type TunableTask = keyof Required<TunedModels>;
export const TUNABLE_TASKS: readonly TunableTask[] = ['answer'];

export interface StartJobInput {
  exportId: string;
  task?: TunableTask;
  /** The base model to tune; the configured main model by default. */
  model?: string;
  suffix?: string;
}

const FINISHED: ReadonlySet<FineTuningJobStatus> = new Set(['succeeded', 'failed', 'cancelled']);

/** Starts fine-tuning jobs at the provider, follows them from the worker, and routes the task to the tuned model. */
@Injectable()
export class FineTuningJobsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(FINE_TUNING_PROVIDER) private readonly provider: FineTuningProvider | null,
    private readonly exports: FineTuningExportsService,
    private readonly jobs: FineTuningJobsRepository,
    private readonly workspaces: WorkspacesService,
    private readonly unitOfWork: UnitOfWork,
    private readonly outbox: OutboxService,
    private readonly producer: QueueProducer,
  ) {}

  /** Uploads the export's files, starts the job, and has the worker follow it (in the same transaction). */
  async start(workspaceId: WorkspaceId, input: StartJobInput): Promise<FineTuningJob> {
    const provider = this.requireProvider();
    const dataset = await this.exports.get(workspaceId, input.exportId);
    const trainingFileId = await provider.uploadDataset(`${dataset.id}-train.jsonl`, dataset.trainJsonl);
    const validationFileId = dataset.validationJsonl
      ? await provider.uploadDataset(`${dataset.id}-validation.jsonl`, dataset.validationJsonl)
      : undefined;
    const baseModel = input.model ?? provider.defaultBaseModel;
    const started = await provider.startJob({
      model: baseModel,
      trainingFileId,
      ...(validationFileId ? { validationFileId } : {}),
      ...(input.suffix ? { suffix: input.suffix } : {}),
      seed: dataset.seed,
    });
    return this.unitOfWork.run(workspaceId, async (work) => {
      const job = await this.jobs.withManager(work.manager).create(workspaceId, {
        exportId: dataset.id,
        task: input.task ?? 'answer',
        baseModel,
        providerJobId: started.id,
        trainingFileId,
        validationFileId: validationFileId ?? null,
        status: started.status,
        fineTunedModel: started.fineTunedModel,
        error: started.error,
        events: [],
        activated: false,
        finishedAt: started.finishedAt,
        polls: 0,
      });
      await this.outbox.add(work.manager, 'fine-tuning.follow-job', { workspaceId, jobId: job.id });
      return job;
    });
  }

  /** The workspace's jobs, newest first. */
  list(workspaceId: WorkspaceId, limit = 50): Promise<FineTuningJob[]> {
    return this.jobs.find(workspaceId, { order: { createdAt: 'DESC' }, take: limit });
  }

  /** Null when jobs can start; else why not (no provider configured, offline). */
  unavailableReason(): string | null {
    return this.provider ? null : new FineTuningProviderMissingError().message;
  }

  async get(workspaceId: WorkspaceId, jobId: string): Promise<FineTuningJob> {
    const job = await this.jobs.findById(workspaceId, jobId);
    if (!job) throw new FineTuningNotFoundError('Fine-tuning job', jobId);
    return job;
  }

  /**
   * The worker's step: reads the job and its events from the provider and stores them; on success routes the task to
   * the tuned model; while it runs, comes back after the poll interval. Idempotent: a finished job is left alone.
   */
  async follow(workspaceId: WorkspaceId, jobId: string): Promise<void> {
    const job = await this.jobs.findById(workspaceId, jobId);
    if (!job || (FINISHED.has(job.status) && (job.status !== 'succeeded' || job.activated))) return;
    const provider = this.requireProvider();
    // Status first: the events read after it are at least as recent, so a finished job's last events are kept.
    const reported = await provider.job(job.providerJobId);
    const events = await provider.events(job.providerJobId);
    const polls = job.polls + 1;
    await this.jobs.update(workspaceId, job.id, {
      status: reported.status,
      fineTunedModel: reported.fineTunedModel,
      error: reported.error,
      finishedAt: reported.finishedAt,
      events: mergeEvents(job.events, events),
      polls,
    });
    if (reported.status === 'succeeded') return this.activate(workspaceId, job, reported);
    if (FINISHED.has(reported.status)) return;
    await this.producer.enqueue(
      'fine-tuning.follow-job',
      { workspaceId, jobId: job.id },
      { jobId: `fine-tuning-follow-${job.id}-${polls}`, delay: this.config.fineTuning.pollIntervalMs },
    );
  }

  /** The task now asks the tuned model first; the configured model stays its fallback (FallbackLlmClient). */
  private async activate(workspaceId: WorkspaceId, job: FineTuningJob, reported: ProviderFineTuningJob): Promise<void> {
    if (!reported.fineTunedModel) return;
    const settings = await this.workspaces.settings(workspaceId);
    await this.workspaces.updateSettings(workspaceId, {
      tunedModels: { ...settings.tunedModels, [job.task]: reported.fineTunedModel },
    });
    await this.jobs.update(workspaceId, job.id, { activated: true });
  }

  private requireProvider(): FineTuningProvider {
    if (!this.provider) throw new FineTuningProviderMissingError();
    return this.provider;
  }
}

function mergeEvents(
  stored: readonly FineTuningJobEventRecord[],
  reported: readonly FineTuningJobEventRecord[],
): FineTuningJobEventRecord[] {
  const known = new Set(stored.map((event) => event.id));
  return [...stored, ...reported.filter((event) => !known.has(event.id))];
}
