import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { CsatIdleSweepService } from '@switchboard/csat';
import { QueueConsumer, QueueProducer } from '@switchboard/queue';

/** One scheduler for every worker process: BullMQ runs each repetition once, whichever worker takes it. */
export const CSAT_IDLE_SCHEDULER_ID = 'csat:ask-idle';

/**
 * Schedules the idle sweep every CSAT_IDLE_SWEEP_INTERVAL_MS and runs it (one at a time) when its job comes; with
 * CSAT_IDLE_MINUTES 0 nothing is scheduled (and an earlier schedule is removed).
 */
@Injectable()
export class CsatIdleProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(CsatIdleProcessor.name);

  constructor(
    private readonly consumer: QueueConsumer,
    private readonly producer: QueueProducer,
    private readonly sweep: CsatIdleSweepService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.consumer.consume(
      'csat',
      {
        'csat.ask-idle': async () => {
          await this.sweep.sweep();
        },
      },
      { concurrency: 1 },
    );
    const { idleMinutes, idleSweepIntervalMs } = this.config.csat;
    try {
      // Turned off: a scheduler an earlier start left in Redis goes too.
      if (idleMinutes === 0) await this.producer.unschedule('csat.ask-idle', CSAT_IDLE_SCHEDULER_ID);
      else await this.producer.schedule('csat.ask-idle', CSAT_IDLE_SCHEDULER_ID, idleSweepIntervalMs, {});
    } catch (error) {
      // Redis is down at start-up: the next worker start schedules it; the requests are only delayed.
      this.logger.warn(`could not schedule the idle sweep: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
