import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { CsatIdleSweepService } from '@switchboard/csat';
import { QueueConsumer, QueueProducer } from '@switchboard/queue';
import { RecurringJobScheduler } from '../scheduling/recurring-job.scheduler';

/** One scheduler for every worker process: BullMQ runs each repetition once, whichever worker takes it. */
export const CSAT_IDLE_SCHEDULER_ID = 'csat:ask-idle';

/**
 * Schedules the idle sweep every CSAT_IDLE_SWEEP_INTERVAL_MS and runs it (one at a time) when its job comes; with
 * CSAT_IDLE_MINUTES 0 nothing is scheduled (and an earlier schedule is removed).
 */
@Injectable()
export class CsatIdleProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly scheduler: RecurringJobScheduler;

  constructor(
    private readonly consumer: QueueConsumer,
    producer: QueueProducer,
    private readonly sweep: CsatIdleSweepService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.scheduler = new RecurringJobScheduler(producer, new Logger(CsatIdleProcessor.name));
  }

  async onApplicationBootstrap(): Promise<void> {
    this.consumer.consume(
      'csat',
      { 'csat.ask-idle': () => this.sweep.sweep().then(() => undefined) },
      { concurrency: 1 },
    );
    const { idleMinutes, idleSweepIntervalMs } = this.config.csat;
    // Turned off: a scheduler an earlier start left in Redis goes too.
    await this.scheduler.keep(
      'csat.ask-idle',
      CSAT_IDLE_SCHEDULER_ID,
      idleMinutes === 0 ? null : idleSweepIntervalMs,
      {},
    );
  }

  onModuleDestroy(): void {
    this.scheduler.stop();
  }
}
