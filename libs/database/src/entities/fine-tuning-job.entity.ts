import { Column, Entity, Index } from 'typeorm';
import { TenantEntity } from './tenant-columns';

export const FINE_TUNING_JOB_STATUSES = [
  'validating_files',
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
] as const;
/** The provider's job statuses (OpenAI's `fine_tuning.job.status`). */
export type FineTuningJobStatus = (typeof FINE_TUNING_JOB_STATUSES)[number];

/** One event of the provider's job, as it reported it. */
export interface FineTuningJobEventRecord {
  id: string;
  createdAt: string;
  level: 'info' | 'warn' | 'error';
  message: string;
}

/** A fine-tuning job started at the provider from an export, followed by the worker until it ends. */
@Entity('fine_tuning_jobs')
@Index(['workspaceId', 'createdAt'])
export class FineTuningJob extends TenantEntity {
  @Column('uuid')
  exportId!: string;

  /** The LLM task the tuned model serves once the job succeeds (`answer`). */
  @Column({ type: 'varchar', length: 32 })
  task!: string;

  @Column({ type: 'varchar', length: 200 })
  baseModel!: string;

  @Column({ type: 'varchar', length: 200 })
  providerJobId!: string;

  @Column({ type: 'varchar', length: 200 })
  trainingFileId!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  validationFileId!: string | null;

  @Column({ type: 'varchar', length: 32 })
  status!: FineTuningJobStatus;

  @Column({ type: 'varchar', length: 300, nullable: true })
  fineTunedModel!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /** Oldest first, each provider event once. */
  @Column({ type: 'jsonb', default: [] })
  events!: FineTuningJobEventRecord[];

  /** Whether the workspace's task now routes to the tuned model. */
  @Column({ type: 'boolean', default: false })
  activated!: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  /** Times the worker has read the job from the provider; names the next follow-up job, so a retry adds none. */
  @Column({ type: 'int', default: 0 })
  polls!: number;
}
