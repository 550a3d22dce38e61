import { Inject, Injectable } from '@nestjs/common';
import { VECTOR_STORE, VectorStore } from '@switchboard/vector-store';
import { KnowledgeSyncRepository } from './knowledge-sync.repository';

/** Longest the search index refresh that ends a sync may take before the attempt is given up (and retried). */
export const INDEX_REFRESH_TIMEOUT_MS = 60_000;

export class IndexRefreshTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`the search index refresh took longer than ${timeoutMs} ms`);
    this.name = 'IndexRefreshTimeoutError';
  }
}

/**
 * Ends syncs: `completed` means searchable. Runs in the worker (the process that writes the vector store):
 * once every document of a sync has its outcome, the indexes are refreshed, then the sync is completed.
 */
@Injectable()
export class SyncFinisher {
  constructor(
    private readonly syncs: KnowledgeSyncRepository,
    @Inject(VECTOR_STORE) private readonly store: VectorStore,
  ) {}

  /** Completes the sync if it is ready; true when this call completed it. */
  async finish(sourceId: string, syncId: string): Promise<boolean> {
    if (!(await this.syncs.isReadyToComplete(syncId))) return false;
    await this.makeSearchable();
    return this.syncs.completeIfReady(sourceId, syncId);
  }

  /** Completes whichever running syncs of the source are ready (after a purge released their last document). */
  async finishReadySyncs(sourceId: string): Promise<void> {
    for (const syncId of await this.syncs.discoveredRunningIds(sourceId)) await this.finish(sourceId, syncId);
  }

  /** Every chunk written so far becomes findable, lexically as well as by vector, within a bounded time. */
  async makeSearchable(timeoutMs = INDEX_REFRESH_TIMEOUT_MS): Promise<void> {
    if (!this.store.refreshIndexes) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new IndexRefreshTimeoutError(timeoutMs)), timeoutMs);
    });
    try {
      await Promise.race([this.store.refreshIndexes(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
