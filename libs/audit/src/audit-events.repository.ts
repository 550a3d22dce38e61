import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AuditEvent, WorkspaceId, asWorkspaceId } from '@switchboard/database';
import { EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/** Which events to read: every field optional; `actionPrefix` matches actions starting with it. */
export interface AuditEventFilter {
  action?: string;
  actionPrefix?: string;
  actorType?: string;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  since?: Date;
  until?: Date;
}

export type NewAuditEvent = Omit<AuditEvent, 'id' | 'seq' | 'occurredAt' | 'workspace' | 'workspaceId'>;

/**
 * The only TypeORM access to `audit_events`, and deliberately append-only: it inserts and reads, and has no update
 * or delete (the database's trigger refuses them anyway).
 */
@Injectable()
export class AuditEventsRepository {
  constructor(@InjectRepository(AuditEvent) private readonly repository: Repository<AuditEvent>) {}

  /** Appends one event, in the caller's transaction when given its manager. */
  async append(workspaceId: WorkspaceId, event: NewAuditEvent, manager?: EntityManager): Promise<void> {
    const repository = manager ? manager.getRepository(AuditEvent) : this.repository;
    const row = { ...event, workspaceId: asWorkspaceId(workspaceId) } as QueryDeepPartialEntity<AuditEvent>;
    await repository.createQueryBuilder().insert().values(row).execute();
  }

  /** Up to `limit` matching events recorded before the one at `beforeSeq` (all when null), newest first. */
  newestFirst(
    workspaceId: WorkspaceId,
    filter: AuditEventFilter,
    beforeSeq: string | null,
    limit: number,
  ): Promise<AuditEvent[]> {
    const query = this.filtered(workspaceId, filter).orderBy('event.seq', 'DESC').take(limit);
    if (beforeSeq !== null) query.andWhere('event.seq < :beforeSeq', { beforeSeq });
    return query.getMany();
  }

  /** Up to `limit` matching events recorded after the one at `afterSeq` (from the first when null), oldest first. */
  oldestFirst(
    workspaceId: WorkspaceId,
    filter: AuditEventFilter,
    afterSeq: string | null,
    limit: number,
  ): Promise<AuditEvent[]> {
    const query = this.filtered(workspaceId, filter).orderBy('event.seq', 'ASC').take(limit);
    if (afterSeq !== null) query.andWhere('event.seq > :afterSeq', { afterSeq });
    return query.getMany();
  }

  private filtered(workspaceId: WorkspaceId, filter: AuditEventFilter): SelectQueryBuilder<AuditEvent> {
    const query = this.repository
      .createQueryBuilder('event')
      .where('event.workspaceId = :workspaceId', { workspaceId: asWorkspaceId(workspaceId) });
    const equal = { action: filter.action, actorType: filter.actorType, actorId: filter.actorId };
    const targets = { targetType: filter.targetType, targetId: filter.targetId };
    for (const [column, value] of Object.entries({ ...equal, ...targets })) {
      if (value !== undefined) query.andWhere(`event.${column} = :${column}`, { [column]: value });
    }
    if (filter.actionPrefix !== undefined) {
      query.andWhere("event.action LIKE :actionPrefix ESCAPE '\\'", {
        actionPrefix: `${escapeLike(filter.actionPrefix)}%`,
      });
    }
    if (filter.since) query.andWhere('event.occurredAt >= :since', { since: filter.since });
    if (filter.until) query.andWhere('event.occurredAt < :until', { until: filter.until });
    return query;
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
