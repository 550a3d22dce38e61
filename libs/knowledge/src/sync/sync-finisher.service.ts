import { Inject, Injectable } from '@nestjs/common';
import { UnitOfWork, Work, WorkspaceId } from '@switchboard/database';
import { VECTOR_STORE, VectorStore } from '@switchboard/vector-store';
import { KnowledgeSyncRepository } from './knowledge-sync.repository';
import { KNOWLEDGE_SYNC_COMPLETED, KNOWLEDGE_SYNC_FAILED, syncEnded } from './sync.events';

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
 * Either end raises its domain event (knowledge.sync.completed / failed), published after the commit.
 */
@Injectable()
export class SyncFinisher {
  constructor(
    private readonly syncs: KnowledgeSyncRepository,
    @Inject(VECTOR_STORE) private readonly store: VectorStore,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** Completes the sync if it is ready; true when this call completed it. */
  async finish(workspaceId: WorkspaceId, sourceId: string, syncId: string): Promise<boolean> {
    if (!(await this.syncs.isReadyToComplete(syncId))) return false;
    await this.makeSearchable();
    return this.unitOfWork.run(workspaceId, (work) => this.completeIn(work, sourceId, syncId));
  }

  /**
   * Completes a ready sync inside the caller's unit of work, which holds the source's row or takes it now (see the
   * lock order); knowledge.sync.completed goes out when that unit commits. For a sync with nothing to make
   * searchable (no documents); others go through `finish`.
   */
  async completeIn(work: Work, sourceId: string, syncId: string): Promise<boolean> {
    const syncs = this.syncs.withManager(work.manager);
    if (!(await syncs.completeIfReady(sourceId, syncId))) return false;
    work.raise(syncEnded(KNOWLEDGE_SYNC_COMPLETED, await syncs.get(work.workspaceId, syncId)));
    return true;
  }

  /** Ends a running sync as failed with a reason; true when this call failed it. */
  fail(workspaceId: WorkspaceId, sourceId: string, syncId: string, reason: string): Promise<boolean> {
    return this.unitOfWork.run(workspaceId, async (work) => {
      const syncs = this.syncs.withManager(work.manager);
      if (!(await syncs.fail(sourceId, syncId, reason))) return false;
      work.raise(syncEnded(KNOWLEDGE_SYNC_FAILED, await syncs.get(workspaceId, syncId)));
      return true;
    });
  }

  /** Completes whichever running syncs of the source are ready (after a purge released their last document). */
  async finishReadySyncs(workspaceId: WorkspaceId, sourceId: string): Promise<void> {
    for (const syncId of await this.syncs.discoveredRunningIds(sourceId)) {
      await this.finish(workspaceId, sourceId, syncId);
    }
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
