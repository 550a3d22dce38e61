import type { JobName, JobPayload, QueueProducer } from '@switchboard/queue';

/** How long a scheduler that Redis refused waits before it tries again. */
export const RECURRING_JOB_RETRY_MS = 30_000;

interface WarningSink {
  warn(message: string): void;
}

/**
 * Keeps one repeating job's BullMQ scheduler in Redis: set at start-up (or removed, when `everyMs` is null), and
 * tried again every RECURRING_JOB_RETRY_MS while Redis refuses, so a worker that started during an outage still runs
 * the job once Redis is back. Every worker process uses the same scheduler id, so BullMQ runs each repetition once.
 */
export class RecurringJobScheduler {
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly producer: Pick<QueueProducer, 'schedule' | 'unschedule'>,
    private readonly logger: WarningSink,
    private readonly retryMs = RECURRING_JOB_RETRY_MS,
  ) {}

  /** Resolves after the first attempt, successful or not; it never rejects. */
  keep<J extends JobName>(name: J, schedulerId: string, everyMs: number | null, payload: JobPayload<J>): Promise<void> {
    this.stop();
    return this.attempt(name, schedulerId, everyMs, payload);
  }

  stop(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private async attempt<J extends JobName>(
    name: J,
    schedulerId: string,
    everyMs: number | null,
    payload: JobPayload<J>,
  ): Promise<void> {
    try {
      if (everyMs === null) await this.producer.unschedule(name, schedulerId);
      else await this.producer.schedule(name, schedulerId, everyMs, payload);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(`could not schedule ${name} (${reason}); trying again in ${this.retryMs} ms`);
      this.retryTimer = setTimeout(() => void this.attempt(name, schedulerId, everyMs, payload), this.retryMs);
      this.retryTimer.unref();
    }
  }
}
