import { Injectable } from '@nestjs/common';
import { InjectEntityManager } from '@nestjs/typeorm';
import { KnowledgeSource, TenantRepository, WorkspaceId } from '@switchboard/database';
import { EntityManager } from 'typeorm';

/** The knowledge_sources table: a workspace's sources, and the row lock that orders a source's syncs. */
@Injectable()
export class KnowledgeSourceRepository {
  private readonly sources: TenantRepository<KnowledgeSource>;

  constructor(@InjectEntityManager() private readonly manager: EntityManager) {
    this.sources = new TenantRepository(manager.getRepository(KnowledgeSource));
  }

  /** The same repository inside a running transaction. */
  withManager(manager: EntityManager): KnowledgeSourceRepository {
    return new KnowledgeSourceRepository(manager);
  }

  /** Runs `work` in one transaction; the repositories it uses join through `withManager`. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.manager.transaction(work);
  }

  /**
   * Runs `work` in one transaction that first holds the source's row: the first step of the sync lock order
   * (source → documents → syncs, see KnowledgeSyncRepository). `found` is false when the source is gone.
   */
  transactionHoldingSource<T>(
    sourceId: string,
    work: (manager: EntityManager, found: boolean) => Promise<T>,
  ): Promise<T> {
    return this.manager.transaction(async (manager) => work(manager, await this.withManager(manager).lock(sourceId)));
  }

  /**
   * Serialises the starts and ends of a source's syncs: each starter and finisher holds the source row.
   * NO KEY UPDATE, not UPDATE: the foreign-key checks of document and sync writes take KEY SHARE on this row.
   */
  async lock(sourceId: string): Promise<boolean> {
    const rows = await this.manager.query<Array<{ id: string }>>(
      `SELECT id FROM knowledge_sources WHERE id = $1 FOR NO KEY UPDATE`,
      [sourceId],
    );
    return rows.length > 0;
  }

  list(workspaceId: WorkspaceId): Promise<KnowledgeSource[]> {
    return this.sources.find(workspaceId, { order: { createdAt: 'ASC' } });
  }

  findById(workspaceId: WorkspaceId, id: string): Promise<KnowledgeSource | null> {
    return this.sources.findById(workspaceId, id);
  }

  create(
    workspaceId: WorkspaceId,
    values: Pick<KnowledgeSource, 'name' | 'type' | 'visibility' | 'config'>,
  ): Promise<KnowledgeSource> {
    return this.sources.create(workspaceId, values);
  }

  /** Deletes the source; the database cascades to its documents and syncs. */
  delete(workspaceId: WorkspaceId, id: string): Promise<boolean> {
    return this.sources.delete(workspaceId, id);
  }

  /** A sync started: the source shows it until its last running sync ends. */
  async markSyncing(sourceId: string): Promise<void> {
    await this.manager.update(KnowledgeSource, { id: sourceId }, { status: 'syncing' });
  }

  /** A sync completed at `finishedAt`: the source shows idle unless another of its syncs is running. */
  async markSynced(sourceId: string, finishedAt: Date): Promise<void> {
    await this.manager.query(
      `UPDATE knowledge_sources SET "lastSyncedAt" = $2,
              status = CASE WHEN EXISTS (SELECT 1 FROM knowledge_syncs WHERE "sourceId" = $1 AND status = 'running')
                            THEN status ELSE 'idle' END
        WHERE id = $1`,
      [sourceId, finishedAt],
    );
  }

  /** A sync failed: the source shows failed unless another of its syncs is running. */
  async markFailedUnlessSyncing(sourceId: string): Promise<void> {
    await this.manager.query(
      `UPDATE knowledge_sources SET status = 'failed'
        WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM knowledge_syncs WHERE "sourceId" = $1 AND status = 'running')`,
      [sourceId],
    );
  }
}
