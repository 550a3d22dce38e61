import { Injectable, Logger } from '@nestjs/common';
import { KnowledgeSync } from '@switchboard/database';
import { JobName, JobPayloads, OutboxService, QueueProducer } from '@switchboard/queue';
import { KnowledgeSourceRepository } from '../sources/knowledge-source.repository';
import { KnowledgeSyncRepository } from './knowledge-sync.repository';
import { SyncFinisher } from './sync-finisher.service';

export interface WatchdogSweepOptions {
  /** A running sync without progress for this long, and without a job left to make progress, is failed. */
  stalledAfterMs: number;
}

export interface WatchdogSweepResult {
  completed: string[];
  failed: string[];
}

type SyncJobName = Extract<JobName, 'knowledge.ingest-document' | 'knowledge.sync-source'>;

/**
 * Ends syncs that nothing will end otherwise: ready ones whose finishing step was lost are completed (after
 * the index refresh), stalled ones whose jobs are gone are failed with a reason. Bounds every sync's life to
 * the queue's retry span plus `stalledAfterMs` plus one sweep interval.
 */
@Injectable()
export class SyncWatchdog {
  private readonly logger = new Logger(SyncWatchdog.name);

  constructor(
    private readonly sources: KnowledgeSourceRepository,
    private readonly syncs: KnowledgeSyncRepository,
    private readonly finisher: SyncFinisher,
    private readonly producer: QueueProducer,
    private readonly outbox: OutboxService,
  ) {}

  async sweep(options: WatchdogSweepOptions): Promise<WatchdogSweepResult> {
    const result: WatchdogSweepResult = { completed: [], failed: [] };
    const running = await this.syncs.running();
    const stalledBefore = new Date(Date.now() - options.stalledAfterMs);
    for (const sync of running) {
      const stalled = sync.updatedAt < stalledBefore;
      if (!sync.discovering && sync.indexed + sync.skipped + sync.failed >= sync.total) {
        const ended = await this.complete(sync, stalled);
        if (ended) result[ended].push(sync.id);
        continue;
      }
      if (!stalled || (await this.hasPendingJobs(sync))) continue;
      const reason = sync.discovering
        ? 'The crawl stopped and no job is left to continue it (the worker lost it).'
        : `${sync.total - sync.indexed - sync.skipped - sync.failed} document(s) never got an outcome and no job is left to process them.`;
      if (await this.fail(sync, reason)) result.failed.push(sync.id);
    }
    return result;
  }

  /** A sync whose jobs are all done is completed; one whose index refresh keeps failing is failed once stalled. */
  private async complete(sync: KnowledgeSync, stalled: boolean): Promise<keyof WatchdogSweepResult | null> {
    try {
      return (await this.finisher.finish(sync.workspaceId, sync.sourceId, sync.id)) ? 'completed' : null;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn({ syncId: sync.id, error: message }, 'sync could not be made searchable');
      if (!stalled) return null;
      return (await this.fail(sync, `The search index could not be refreshed: ${message}`)) ? 'failed' : null;
    }
  }

  private async fail(sync: KnowledgeSync, reason: string): Promise<boolean> {
    const failed = await this.finisher.fail(sync.workspaceId, sync.sourceId, sync.id, reason);
    if (failed)
      this.logger.warn({ syncId: sync.id, sourceId: sync.sourceId, reason }, 'watchdog failed a stalled sync');
    return failed;
  }

  /** Jobs in the outbox or in the queue that still work for this sync (a scheduled crawl's job names no sync). */
  private async hasPendingJobs(sync: KnowledgeSync): Promise<boolean> {
    const belongs = (payload: JobPayloads[SyncJobName]): boolean =>
      payload.sourceId === sync.sourceId && (payload.syncId === sync.id || payload.syncId === undefined);
    for (const name of ['knowledge.ingest-document', 'knowledge.sync-source'] as const) {
      // The outbox is the queue lib's table: its service reads it, here in a transaction of its own.
      const unsent = await this.sources.transaction((manager) => this.outbox.unsentPayloads(manager, name));
      if (unsent.some(belongs)) return true;
      const queued = await this.producer.pendingPayloads(name);
      if (queued.some(belongs)) return true;
    }
    return false;
  }
}
