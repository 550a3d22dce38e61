import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SyncWatchdog } from '@switchboard/knowledge';

/** How often the worker looks for syncs nothing will end otherwise. */
export const SYNC_WATCHDOG_INTERVAL_MS = 30_000;
/** Longer than a job's lock, so a job whose worker died is back in the queue (pending) before this elapses. */
export const SYNC_STALLED_AFTER_MS = 5 * 60_000;

/** Runs the SyncWatchdog periodically in the worker; sweeps never overlap. */
@Injectable()
export class SyncWatchdogTimer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SyncWatchdogTimer.name);
  private timer?: NodeJS.Timeout;
  private sweeping: Promise<void> = Promise.resolve();

  constructor(private readonly watchdog: SyncWatchdog) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.sweeping = this.sweeping.then(() => this.sweep());
    }, SYNC_WATCHDOG_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  private async sweep(): Promise<void> {
    try {
      await this.watchdog.sweep({ stalledAfterMs: SYNC_STALLED_AFTER_MS });
    } catch (error) {
      this.logger.warn(`sync watchdog sweep failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
