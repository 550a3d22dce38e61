import { Injectable } from '@nestjs/common';
import type { AuditEventView, AuditEventsPage } from '@switchboard/contracts';
import { AuditEvent, WorkspaceId } from '@switchboard/database';
import type { EntityManager } from 'typeorm';
import { AuditActor, SYSTEM_ACTOR, currentAuditContext } from './audit-context';
import { auditDiff } from './audit-diff';
import { AuditEventFilter, AuditEventsRepository } from './audit-events.repository';

/** One change to record. */
export interface AuditEntry {
  /** `<target type>.<past-tense verb>`: `api_key.created`, `agent.role_changed`, `retention.changed`. */
  action: string;
  target: { type: string; id: string | null };
  /** The target as it was (null or absent for a creation) and as it is (null or absent for a deletion). */
  before?: object | null;
  after?: object | null;
  /** Field names to redact besides the usual secret names (see audit-diff.ts). */
  secretFields?: readonly string[];
  /** Who acted, when not the request being served (a job acting for someone); else the request's, else system. */
  actor?: AuditActor;
  /** The caller's transaction (a unit of work's `work.manager`): the event commits, or rolls back, with the change. */
  manager?: EntityManager;
}

/** A filter plus where a page starts. */
export interface AuditPageRequest extends AuditEventFilter {
  cursor?: string;
  limit?: number;
}

export const AUDIT_PAGE_DEFAULT = 50;
const EXPORT_BATCH = 500;

/**
 * The workspace's audit log: services that change configuration or access call `record` after the change, with the
 * target before and after; the actor and IP come from the request being served (AuditContextInterceptor).
 */
@Injectable()
export class AuditLog {
  constructor(private readonly events: AuditEventsRepository) {}

  async record(workspaceId: WorkspaceId, entry: AuditEntry): Promise<void> {
    const context = currentAuditContext();
    const actor = entry.actor ?? context?.actor ?? SYSTEM_ACTOR;
    const diff = auditDiff(asSnapshot(entry.before), asSnapshot(entry.after), { secretFields: entry.secretFields });
    await this.events.append(
      workspaceId,
      {
        actorType: actor.type,
        actorId: actor.id,
        actorDisplay: actor.display.slice(0, 400),
        ip: context?.ip ?? null,
        action: entry.action,
        targetType: entry.target.type,
        targetId: entry.target.id,
        diff,
      },
      entry.manager,
    );
    context?.recorded?.push(entry.action);
  }

  /** A page of matching events, newest first, and the cursor of the next one. */
  async page(workspaceId: WorkspaceId, request: AuditPageRequest): Promise<AuditEventsPage> {
    const limit = request.limit ?? AUDIT_PAGE_DEFAULT;
    const rows = await this.events.newestFirst(workspaceId, request, request.cursor ?? null, limit + 1);
    const events = rows.slice(0, limit);
    return { events: events.map(toView), nextCursor: rows.length > limit ? events[events.length - 1].seq : null };
  }

  /** Every matching event, oldest first, read in batches so an export of any size holds little in memory. */
  async *all(workspaceId: WorkspaceId, filter: AuditEventFilter): AsyncGenerator<AuditEventView> {
    let after: string | null = null;
    for (;;) {
      const batch = await this.events.oldestFirst(workspaceId, filter, after, EXPORT_BATCH);
      for (const row of batch) yield toView(row);
      if (batch.length < EXPORT_BATCH) return;
      after = batch[batch.length - 1].seq;
    }
  }
}

function asSnapshot(value: object | null | undefined): Record<string, unknown> | null {
  return value ? (value as Record<string, unknown>) : null;
}

export function toView(row: AuditEvent): AuditEventView {
  return {
    id: row.id,
    occurredAt: row.occurredAt.toISOString(),
    actor: { type: row.actorType, id: row.actorId, display: row.actorDisplay },
    ip: row.ip,
    action: row.action,
    target: { type: row.targetType, id: row.targetId },
    diff: row.diff,
  };
}
