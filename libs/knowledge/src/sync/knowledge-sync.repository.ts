import { Injectable } from '@nestjs/common';
import { InjectEntityManager } from '@nestjs/typeorm';
import { KnowledgeSync, SyncTrigger, TenantRepository, WorkspaceId, isUuid } from '@switchboard/database';
import { EntityManager } from 'typeorm';
import { KnowledgeSourceRepository } from '../sources/knowledge-source.repository';

export type DocumentOutcome = 'indexed' | 'skipped' | 'failed';

export interface NewSync {
  /** Given when the caller already named the sync (a queued crawl job carries it). */
  id?: string;
  sourceId: string;
  trigger: SyncTrigger;
  discovering?: boolean;
  total?: number;
}

/*
 * Lock order for everything that touches a sync (so concurrent re-syncs and ingest jobs cannot deadlock):
 *   knowledge_sources row → documents rows (by id) → knowledge_syncs rows.
 * Starting a sync takes the source row first; ingest jobs take their document row, then their sync row;
 * only finishing a sync (worker side, holding no document lock) takes the source row and then the sync row.
 */

/** The knowledge_syncs table: a source's syncs and their progress, counted once per document. */
@Injectable()
export class KnowledgeSyncRepository {
  private readonly syncs: TenantRepository<KnowledgeSync>;

  constructor(
    @InjectEntityManager() private readonly manager: EntityManager,
    private readonly sources: KnowledgeSourceRepository,
  ) {
    this.syncs = new TenantRepository(manager.getRepository(KnowledgeSync));
  }

  /** The same repository inside a running transaction. */
  withManager(manager: EntityManager): KnowledgeSyncRepository {
    return new KnowledgeSyncRepository(manager, this.sources.withManager(manager));
  }

  findById(workspaceId: WorkspaceId, id: string): Promise<KnowledgeSync | null> {
    return this.syncs.findById(workspaceId, id);
  }

  /** The sync, which the caller knows exists (it created it in this transaction). */
  async get(workspaceId: WorkspaceId, id: string): Promise<KnowledgeSync> {
    const sync = await this.syncs.findById(workspaceId, id);
    if (!sync) throw new Error(`sync ${id} not found`);
    return sync;
  }

  /** The row if it belongs to the workspace's source; ids that are no UUID find nothing. */
  async findInSource(workspaceId: WorkspaceId, sourceId: string, id: string): Promise<KnowledgeSync | null> {
    if (!isUuid(id) || !isUuid(sourceId)) return null;
    return this.syncs.findOne(workspaceId, { id, sourceId });
  }

  /** A source's syncs, newest first. */
  listOfSource(workspaceId: WorkspaceId, sourceId: string, limit: number): Promise<KnowledgeSync[]> {
    return this.syncs.find(workspaceId, { where: { sourceId }, order: { createdAt: 'DESC' }, take: limit });
  }

  /** Running syncs of every workspace: the watchdog looks after all of them. */
  running(): Promise<KnowledgeSync[]> {
    return this.manager.find(KnowledgeSync, { where: { status: 'running' } });
  }

  /** Ids of a source's running syncs whose discovery has ended. */
  async discoveredRunningIds(sourceId: string): Promise<string[]> {
    const syncs = await this.manager.find(KnowledgeSync, {
      where: { sourceId, status: 'running', discovering: false },
      select: ['id'],
    });
    return syncs.map((sync) => sync.id);
  }

  create(workspaceId: WorkspaceId, sync: NewSync): Promise<KnowledgeSync> {
    return this.syncs.create(workspaceId, sync);
  }

  /**
   * Starts a sync that supersedes the source's running ones; the source shows it syncing. The caller holds the
   * source row (KnowledgeSourceRepository.transactionHoldingSource), so starts of one source are ordered.
   */
  async start(workspaceId: WorkspaceId, newSync: NewSync): Promise<KnowledgeSync> {
    const sync = await this.create(workspaceId, newSync);
    await this.supersedeRunning(newSync.sourceId, sync.id);
    await this.sources.markSyncing(newSync.sourceId);
    return sync;
  }

  /**
   * A newer sync of a source supersedes the running ones: they end `superseded`, naming the newer sync.
   * The caller holds the source row, so starts of one source are ordered.
   */
  async supersedeRunning(sourceId: string, newerSyncId: string): Promise<void> {
    await this.manager.query(
      `UPDATE knowledge_syncs SET status = 'superseded', discovering = false, "finishedAt" = now(), "updatedAt" = now(),
              error = 'superseded by sync ' || $2::text
        WHERE "sourceId" = $1 AND status = 'running' AND id <> $2`,
      [sourceId, newerSyncId],
    );
  }

  /** Whether a sync is still running; stable while the caller holds its source's row. */
  async isRunning(syncId: string): Promise<boolean> {
    const rows = await this.manager.query<unknown[]>(
      `SELECT 1 FROM knowledge_syncs WHERE id = $1 AND status = 'running'`,
      [syncId],
    );
    return rows.length > 0;
  }

  /** Adds discovered documents to a sync that is still running; false when it was superseded or ended. */
  async growIfRunning(syncId: string, documents: number): Promise<boolean> {
    const [, affected] = await this.manager.query<[unknown, number]>(
      `UPDATE knowledge_syncs SET total = total + $2, "updatedAt" = now() WHERE id = $1 AND status = 'running'`,
      [syncId, documents],
    );
    return affected > 0;
  }

  /** Discovery ended: the sync waits only for its documents' outcomes now. */
  async endDiscovery(syncId: string, deleted: number): Promise<void> {
    await this.manager.update(KnowledgeSync, { id: syncId }, { discovering: false, deleted });
  }

  async setDeleted(syncId: string, deleted: number): Promise<void> {
    await this.manager.update(KnowledgeSync, { id: syncId }, { deleted });
  }

  /**
   * Records a document's outcome in its sync exactly once: BullMQ may deliver a job twice, but only the
   * first delivery flips the document's outcome from null, and only that one increments the counter.
   * Completion is left to the SyncFinisher, which first makes the sync's chunks searchable.
   */
  async recordOutcome(documentId: string, syncId: string, outcome: DocumentOutcome): Promise<boolean> {
    const [, affected] = await this.manager.query<[unknown, number]>(
      `UPDATE documents SET "syncOutcome" = $3 WHERE id = $1 AND "lastSyncId" = $2 AND "syncOutcome" IS NULL`,
      [documentId, syncId, outcome],
    );
    if (affected === 0) return false;
    await this.manager.query(
      `UPDATE knowledge_syncs SET "${outcome}" = "${outcome}" + 1, "updatedAt" = now() WHERE id = $1`,
      [syncId],
    );
    return true;
  }

  /** A document removed while its sync runs counts as skipped there, so the sync can still finish. */
  async releaseDocument(documentId: string): Promise<void> {
    await this.manager.query(
      `UPDATE knowledge_syncs s SET skipped = skipped + 1, "updatedAt" = now()
         FROM documents d
        WHERE d.id = $1 AND d."lastSyncId" = s.id AND d."syncOutcome" IS NULL AND s.status = 'running'`,
      [documentId],
    );
  }

  /** A sync is ready to complete once discovery has ended and every document it covers has an outcome. */
  async isReadyToComplete(syncId: string): Promise<boolean> {
    const rows = await this.manager.query<unknown[]>(
      `SELECT 1 FROM knowledge_syncs
        WHERE id = $1 AND status = 'running' AND NOT discovering AND indexed + skipped + failed >= total`,
      [syncId],
    );
    return rows.length > 0;
  }

  /**
   * Marks a ready sync completed and stamps the source's lastSyncedAt, holding the source row (see lock order).
   * Callers make the chunks searchable first: completed means searchable. Returns whether it completed now.
   * Outside a transaction it runs in its own.
   */
  completeIfReady(sourceId: string, syncId: string): Promise<boolean> {
    return this.inTransaction((syncs) => syncs.completeHoldingSource(sourceId, syncId));
  }

  /** Ends a running sync as failed with a reason; the source shows failed unless another sync is running. */
  fail(sourceId: string, syncId: string, reason: string): Promise<boolean> {
    return this.inTransaction((syncs) => syncs.failHoldingSource(sourceId, syncId, reason));
  }

  private async completeHoldingSource(sourceId: string, syncId: string): Promise<boolean> {
    await this.sources.lock(sourceId);
    const [rows] = await this.manager.query<[Array<{ finishedAt: Date }>, number]>(
      `UPDATE knowledge_syncs SET status = 'completed', "finishedAt" = now(), "updatedAt" = now()
        WHERE id = $1 AND status = 'running' AND NOT discovering AND indexed + skipped + failed >= total
        RETURNING "finishedAt"`,
      [syncId],
    );
    if (rows.length === 0) return false;
    await this.sources.markSynced(sourceId, rows[0].finishedAt);
    return true;
  }

  private async failHoldingSource(sourceId: string, syncId: string, reason: string): Promise<boolean> {
    await this.sources.lock(sourceId);
    const [, affected] = await this.manager.query<[unknown, number]>(
      `UPDATE knowledge_syncs SET status = 'failed', discovering = false, error = $2, "finishedAt" = now(), "updatedAt" = now()
        WHERE id = $1 AND status = 'running'`,
      [syncId, reason.slice(0, 2000)],
    );
    if (affected === 0) return false;
    await this.sources.markFailedUnlessSyncing(sourceId);
    return true;
  }

  /** Joins the running transaction, or opens one: the source row must be held until the commit. */
  private inTransaction<T>(work: (syncs: KnowledgeSyncRepository) => Promise<T>): Promise<T> {
    if (this.manager.queryRunner?.isTransactionActive) return work(this);
    return this.manager.transaction((manager) => work(this.withManager(manager)));
  }
}
