import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { RetentionService } from '@switchboard/privacy';
import { QueueConsumer, QueueProducer } from '@switchboard/queue';

/** One scheduler for every worker process: BullMQ runs each repetition once, whichever worker takes it. */
export const RETENTION_SCHEDULER_ID = 'privacy:retention';

/** Schedules the retention pass every RETENTION_INTERVAL_MS and runs it (one at a time) when its job comes. */
@Injectable()
export class RetentionProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(RetentionProcessor.name);

  constructor(
    private readonly consumer: QueueConsumer,
    private readonly producer: QueueProducer,
    private readonly retention: RetentionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.consumer.consume(
      'privacy',
      {
        'privacy.apply-retention': async () => {
          await this.retention.applyAll();
        },
      },
      { concurrency: 1 },
    );
    try {
      await this.producer.schedule(
        'privacy.apply-retention',
        RETENTION_SCHEDULER_ID,
        this.config.privacy.retentionIntervalMs,
        {},
      );
    } catch (error) {
      // Redis is down at start-up: the next worker start (or restart) schedules it; deletions are only delayed.
      this.logger.warn(`could not schedule retention: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
