import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { OutboxEntry } from '@switchboard/database';
import { ClaimedOutboxRows, OutboxRepository } from './outbox.repository';
import { ALL_JOB_NAMES, JobName, JobPayloads } from './queue.contract';
import { QUEUE_MODULE_OPTIONS, QueueModuleOptions } from './queue-module.options';
import { QueueProducer } from './queue-producer.service';

/**
 * Moves outbox rows to BullMQ, oldest first, using the row id as jobId so a repeated add is ignored.
 * While Redis is down rows stay unsent and are retried every poll; several relays may run at once.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private running = false;
  private timer?: NodeJS.Timeout;
  private wakeRequested = false;
  private lastPass: Promise<unknown> = Promise.resolve();
  private failedPasses = 0;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly producer: QueueProducer,
    @Inject(APP_CONFIG) config: AppConfig,
    @Optional() @Inject(QUEUE_MODULE_OPTIONS) private readonly options: QueueModuleOptions = { relay: false },
  ) {
    this.pollIntervalMs = config.outbox.pollIntervalMs;
    this.batchSize = config.outbox.batchSize;
  }

  onApplicationBootstrap(): void {
    if (this.options.relay) this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops the loop and waits for a pass in progress to finish. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.lastPass;
  }

  /** Runs a pass soon instead of at the next poll (no-op when the loop is not running). */
  wake(): void {
    if (!this.running) return;
    this.wakeRequested = true;
    if (this.timer) this.schedule(0);
  }

  /** One pass over at most batchSize unsent rows; returns how many were enqueued. Passes in this process never overlap. */
  relayOnce(): Promise<number> {
    const pass = this.lastPass.then(() => this.pass());
    this.lastPass = pass.catch(() => undefined);
    return pass;
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    this.wakeRequested = false;
    let sent = 0;
    try {
      sent = await this.relayOnce();
    } catch (error) {
      this.noteFailure(`Outbox relay pass failed: ${errorMessage(error)}`);
    } finally {
      // A full batch means more rows are probably waiting.
      this.schedule(sent >= this.batchSize || this.wakeRequested ? 0 : this.pollIntervalMs);
    }
  }

  private async pass(): Promise<number> {
    // A job this build does not know (written by a newer release) waits for a relay that does.
    const { sent, failure } = await this.outbox.claimUnsent(ALL_JOB_NAMES, this.batchSize, (claimed) =>
      this.enqueueInOrder(claimed),
    );
    if (failure) {
      const { row, error } = failure;
      this.noteFailure(`Outbox relay could not enqueue ${row.jobName} ${row.id}, will retry: ${errorMessage(error)}`);
    } else if (this.failedPasses > 0) {
      this.logger.log(`Outbox relay resumed after ${this.failedPasses} failed passes`);
      this.failedPasses = 0;
    }
    return sent;
  }

  private async enqueueInOrder(claimed: ClaimedOutboxRows): Promise<{ sent: number; failure?: RelayFailure }> {
    const sentIds: string[] = [];
    let failure: RelayFailure | undefined;
    for (const row of claimed.rows) {
      try {
        await this.producer.enqueue(row.jobName as JobName, row.payload as JobPayloads[JobName], { jobId: row.id });
        sentIds.push(row.id);
      } catch (error) {
        // Stop here so later rows do not overtake this one; the next pass starts again from it.
        failure = { row, error };
        await claimed.markFailed(row.id, errorMessage(error));
        break;
      }
    }
    await claimed.markSent(sentIds);
    return { sent: sentIds.length, failure };
  }

  /** Warns once per outage, not on every poll. */
  private noteFailure(message: string): void {
    if (this.failedPasses === 0) this.logger.warn(message);
    else this.logger.debug(message);
    this.failedPasses += 1;
  }
}

interface RelayFailure {
  row: OutboxEntry;
  error: unknown;
}

function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}
