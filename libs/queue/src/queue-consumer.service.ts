import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { MetricsService } from '@switchboard/observability';
import { Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { asQueueFailure, retryDelayMs } from './job-retry';
import { JobPayloads, JobsInQueue, QUEUE_JOB_DEFAULTS, QueueName } from './queue.contract';

export interface JobContext {
  jobId: string;
  /** 1 for the first delivery. */
  attempt: number;
  /** No retry follows a failure of this attempt. */
  finalAttempt: boolean;
}

/** One handler per job of the queue: a queue whose jobs are not all handled does not compile. */
export type QueueHandlers<Q extends QueueName> = {
  [J in JobsInQueue<Q>]: (payload: JobPayloads[J], context: JobContext) => Promise<void>;
};

export interface ConsumeOptions {
  concurrency: number;
}

/**
 * Runs BullMQ workers for the worker process; the api never creates one. Jobs are dispatched to typed
 * handlers, timed and counted in the metrics, and logged with their id.
 */
@Injectable()
export class QueueConsumer implements OnApplicationShutdown {
  private readonly logger = new Logger(QueueConsumer.name);
  private readonly workers: Worker[] = [];
  private readonly connections: Redis[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  consume<Q extends QueueName>(queue: Q, handlers: QueueHandlers<Q>, options: ConsumeOptions): void {
    // Workers block on Redis: BullMQ needs maxRetriesPerRequest null on their connection.
    const connection = new Redis(this.config.redis.url, { maxRetriesPerRequest: null });
    connection.on('error', (error) => this.logger.warn(`Redis (${queue} worker): ${error.message}`));
    this.connections.push(connection);
    const attempts = QUEUE_JOB_DEFAULTS[queue].attempts;
    const worker = new Worker(
      queue,
      async (job: Job) => {
        const handler = (handlers as Record<string, (payload: unknown, context: JobContext) => Promise<void>>)[
          job.name
        ];
        if (!handler) throw new Error(`No handler for job ${job.name} on queue ${queue}`);
        const attempt = job.attemptsMade + 1;
        const started = process.hrtime.bigint();
        let outcome: 'completed' | 'failed' = 'failed';
        try {
          await handler(job.data, {
            jobId: job.id ?? '',
            attempt,
            finalAttempt: attempt >= (job.opts.attempts ?? attempts),
          });
          outcome = 'completed';
        } catch (error) {
          throw asQueueFailure(error);
        } finally {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          this.metrics.observeJob(queue, job.name, seconds, outcome);
        }
      },
      {
        connection,
        prefix: this.config.queue.prefix,
        concurrency: options.concurrency,
        lockDuration: this.config.queue.lockDurationMs,
        stalledInterval: Math.max(1000, Math.floor(this.config.queue.lockDurationMs / 2)),
        autorun: true,
        settings: {
          backoffStrategy: (attemptsMade: number, _type?: string, error?: Error) =>
            retryDelayMs(attemptsMade, QUEUE_JOB_DEFAULTS[queue].backoff.delay, error),
        },
      },
    );
    worker.on('failed', (job, error) =>
      this.logger.warn(
        { jobId: job?.id, job: job?.name, attempt: job?.attemptsMade, error: error.message },
        'job failed',
      ),
    );
    worker.on('error', (error) => this.logger.warn(`worker ${queue}: ${error.message}`));
    this.workers.push(worker);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.workers.map((worker) => worker.close()));
    for (const connection of this.connections) connection.disconnect();
  }
}
