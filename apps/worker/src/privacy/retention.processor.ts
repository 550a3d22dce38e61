import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { RetentionService } from '@switchboard/privacy';
import { QueueConsumer, QueueProducer } from '@switchboard/queue';
import { RecurringJobScheduler } from '../scheduling/recurring-job.scheduler';

/** One scheduler for every worker process: BullMQ runs each repetition once, whichever worker takes it. */
export const RETENTION_SCHEDULER_ID = 'privacy:retention';

/** Schedules the retention pass every RETENTION_INTERVAL_MS and runs it (one at a time) when its job comes. */
@Injectable()
export class RetentionProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly scheduler: RecurringJobScheduler;

  constructor(
    private readonly consumer: QueueConsumer,
    producer: QueueProducer,
    private readonly retention: RetentionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.scheduler = new RecurringJobScheduler(producer, new Logger(RetentionProcessor.name));
  }

  async onApplicationBootstrap(): Promise<void> {
    this.consumer.consume(
      'privacy',
      { 'privacy.apply-retention': () => this.retention.applyAll().then(() => undefined) },
      { concurrency: 1 },
    );
    const everyMs = this.config.privacy.retentionIntervalMs;
    await this.scheduler.keep('privacy.apply-retention', RETENTION_SCHEDULER_ID, everyMs, {});
  }

  onModuleDestroy(): void {
    this.scheduler.stop();
  }
}
