import { Injectable } from '@nestjs/common';
import { OutboxEntry } from '@switchboard/database';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/** The rows one relay pass holds locked until it returns; other relays skip them. */
export interface ClaimedOutboxRows {
  rows: OutboxEntry[];
  markSent(ids: readonly string[]): Promise<void>;
  /** Counts a failed enqueue of the row and keeps the error for the operator. */
  markFailed(id: string, error: string): Promise<void>;
}

/** The `outbox` table: written in the caller's transaction, drained by the relay. */
@Injectable()
export class OutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, row: QueryDeepPartialEntity<OutboxEntry>): Promise<void> {
    await manager.insert(OutboxEntry, row);
  }

  async unsentPayloads(manager: EntityManager, jobName: string): Promise<Array<Record<string, unknown>>> {
    const rows = await manager.find(OutboxEntry, { where: { jobName, sentAt: IsNull() }, select: ['payload'] });
    return rows.map((row) => row.payload);
  }

  /** The workspace's outbox rows whose payload names one of these conversations, sent or not. */
  async ofConversations(workspaceId: string, conversationIds: readonly string[]): Promise<OutboxEntry[]> {
    if (conversationIds.length === 0) return [];
    return this.dataSource
      .getRepository(OutboxEntry)
      .createQueryBuilder('outbox')
      .where('outbox.workspaceId = :workspaceId', { workspaceId })
      .andWhere(`outbox.payload->>'conversationId' IN (:...conversationIds)`, { conversationIds })
      .orderBy('outbox.seq', 'ASC')
      .getMany();
  }

  /** Deletes those rows; returns how many went. */
  async deleteOfConversations(workspaceId: string, conversationIds: readonly string[]): Promise<number> {
    if (conversationIds.length === 0) return 0;
    const result = await this.dataSource
      .createQueryBuilder()
      .delete()
      .from(OutboxEntry)
      .where('"workspaceId" = :workspaceId', { workspaceId })
      .andWhere(`payload->>'conversationId' IN (:...conversationIds)`, { conversationIds })
      .execute();
    return result.affected ?? 0;
  }

  /**
   * Locks the oldest `limit` unsent rows of the given job names (skipping rows another relay holds) and runs
   * `work` on them in one transaction, so marking them sent commits with the claim.
   */
  claimUnsent<T>(
    jobNames: readonly string[],
    limit: number,
    work: (claimed: ClaimedOutboxRows) => Promise<T>,
  ): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await this.lockUnsent(manager, jobNames, limit);
      return work({
        rows,
        markSent: (ids) => this.markSent(manager, ids),
        markFailed: (id, error) => this.markFailed(manager, id, error),
      });
    });
  }

  private lockUnsent(manager: EntityManager, jobNames: readonly string[], limit: number): Promise<OutboxEntry[]> {
    return manager
      .getRepository(OutboxEntry)
      .createQueryBuilder('outbox')
      .where('outbox.sentAt IS NULL')
      .andWhere('outbox.jobName IN (:...jobNames)', { jobNames })
      .orderBy('outbox.seq', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  private async markSent(manager: EntityManager, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await manager.update(OutboxEntry, { id: In([...ids]) }, { sentAt: () => 'now()' });
  }

  private async markFailed(manager: EntityManager, id: string, error: string): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(OutboxEntry)
      .set({ attempts: () => '"attempts" + 1', lastError: error })
      .where('id = :id', { id })
      .execute();
  }
}
