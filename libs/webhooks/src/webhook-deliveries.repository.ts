import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { TenantRepository, WebhookDelivery, WorkspaceId, asWorkspaceId, isUuid } from '@switchboard/database';
import { EntityManager, Repository } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/** Why an attempt may not start now, or the delivery it may send. */
export type DeliveryClaim =
  | { kind: 'claimed'; delivery: WebhookDelivery }
  | { kind: 'settled' | 'not_due' | 'waiting' | 'missing' }
  | { kind: 'leased'; until: Date };

/** A due delivery nothing seems to be working on, for the sweeper. */
export interface OrphanedDelivery {
  id: string;
  workspaceId: WorkspaceId;
  attempts: number;
}

/** The only TypeORM access to `webhook_deliveries`. */
@Injectable()
export class WebhookDeliveriesRepository extends TenantRepository<WebhookDelivery> {
  constructor(@InjectRepository(WebhookDelivery) repository: Repository<WebhookDelivery>) {
    super(repository);
  }

  override withManager(manager: EntityManager): WebhookDeliveriesRepository {
    return new WebhookDeliveriesRepository(manager.getRepository(WebhookDelivery));
  }

  /** The endpoint's deliveries, newest first. */
  listForEndpoint(
    workspaceId: WorkspaceId,
    endpointId: string,
    limit: number,
    offset: number,
  ): Promise<WebhookDelivery[]> {
    if (!isUuid(endpointId)) return Promise.resolve([]);
    return this.find(workspaceId, { where: { endpointId }, order: { seq: 'DESC' }, take: limit, skip: offset });
  }

  /**
   * Starts an attempt: the delivery must be pending, due, not held by another attempt, and (for a conversation's
   * event) the oldest pending one of its conversation for its endpoint. Holds it for `leaseMs`.
   */
  claim(workspaceId: WorkspaceId, id: string, now: Date, leaseMs: number): Promise<DeliveryClaim> {
    return this.repository.manager.transaction(async (manager) => {
      const deliveries = manager.getRepository(WebhookDelivery);
      const found = await deliveries.findOne({ where: { id, workspaceId: asWorkspaceId(workspaceId) } });
      if (!found) return { kind: 'missing' };
      await lockLine(manager, found);
      const delivery = await deliveries.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!delivery || delivery.status !== 'pending') return { kind: 'settled' };
      if (delivery.nextAttemptAt && delivery.nextAttemptAt > now) return { kind: 'not_due' };
      if (delivery.leasedUntil && delivery.leasedUntil > now) return { kind: 'leased', until: delivery.leasedUntil };
      if (await this.earlierPending(manager, delivery)) return { kind: 'waiting' };
      delivery.leasedUntil = new Date(now.getTime() + leaseMs);
      delivery.firstAttemptAt ??= now;
      await deliveries.update({ id }, { leasedUntil: delivery.leasedUntil, firstAttemptAt: delivery.firstAttemptAt });
      return { kind: 'claimed', delivery };
    });
  }

  /**
   * Records an attempt's outcome; when the delivery is settled (delivered, failed, skipped), `next` receives the
   * delivery now first in its conversation's line, in the same transaction, so it can be enqueued with the change.
   */
  settle(
    delivery: WebhookDelivery,
    values: QueryDeepPartialEntity<WebhookDelivery>,
    next: (manager: EntityManager, nextId: string) => Promise<void>,
  ): Promise<void> {
    return this.repository.manager.transaction(async (manager) => {
      await lockLine(manager, delivery);
      await manager.update(WebhookDelivery, { id: delivery.id, workspaceId: delivery.workspaceId }, values);
      if (values.status === 'pending' || delivery.conversationId === null) return;
      const following = await manager.findOne(WebhookDelivery, {
        where: {
          workspaceId: delivery.workspaceId,
          endpointId: delivery.endpointId,
          conversationId: delivery.conversationId,
          status: 'pending',
        },
        order: { seq: 'ASC' },
        select: ['id'],
      });
      if (following) await next(manager, following.id);
    });
  }

  /** Pending deliveries due for longer than `graceMs`, unleased and first in their line: their job was lost. */
  async orphaned(now: Date, graceMs: number, limit: number): Promise<OrphanedDelivery[]> {
    const rows = await this.repository
      .createQueryBuilder('d')
      .select(['d.id', 'd.workspaceId', 'd.attempts'])
      .where(`d.status = 'pending'`)
      .andWhere('d.nextAttemptAt <= :dueBefore', { dueBefore: new Date(now.getTime() - graceMs) })
      .andWhere('(d.leasedUntil IS NULL OR d.leasedUntil < :now)', { now })
      .andWhere(
        `(d.conversationId IS NULL OR NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e."endpointId" = d."endpointId"
          AND e."conversationId" = d."conversationId" AND e.status = 'pending' AND e.seq < d.seq))`,
      )
      .orderBy('d.nextAttemptAt', 'ASC')
      .limit(limit)
      .getMany();
    return rows.map((row) => ({ id: row.id, workspaceId: row.workspaceId, attempts: row.attempts }));
  }

  private async earlierPending(manager: EntityManager, delivery: WebhookDelivery): Promise<boolean> {
    if (delivery.conversationId === null) return false;
    const earlier = await manager
      .getRepository(WebhookDelivery)
      .createQueryBuilder('d')
      .where('d.endpointId = :endpointId AND d.conversationId = :conversationId', {
        endpointId: delivery.endpointId,
        conversationId: delivery.conversationId,
      })
      .andWhere(`d.status = 'pending' AND d.seq < :seq`, { seq: delivery.seq })
      .getExists();
    return earlier;
  }
}

/** Serialises claims and settlements of one conversation's line to one endpoint, so no delivery is left waiting. */
async function lockLine(manager: EntityManager, delivery: WebhookDelivery): Promise<void> {
  if (delivery.conversationId === null) return;
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
    `webhook:${delivery.endpointId}:${delivery.conversationId}`,
  ]);
}
