import { KnowledgeSync, SyncTrigger, WorkspaceId } from '@switchboard/database';

export const KNOWLEDGE_SYNC_COMPLETED = 'knowledge.sync.completed';
export const KNOWLEDGE_SYNC_FAILED = 'knowledge.sync.failed';

/** Published after a sync has ended (completed: its documents are searchable; failed: with its reason). */
export interface KnowledgeSyncEndedEvent {
  name: typeof KNOWLEDGE_SYNC_COMPLETED | typeof KNOWLEDGE_SYNC_FAILED;
  workspaceId: WorkspaceId;
  syncId: string;
  sourceId: string;
  trigger: SyncTrigger;
  total: number;
  indexed: number;
  skipped: number;
  failed: number;
  deleted: number;
  error: string | null;
  startedAt: Date;
  at: Date;
}

export function syncEnded(name: KnowledgeSyncEndedEvent['name'], sync: KnowledgeSync): KnowledgeSyncEndedEvent {
  return {
    name,
    workspaceId: sync.workspaceId,
    syncId: sync.id,
    sourceId: sync.sourceId,
    trigger: sync.trigger,
    total: sync.total,
    indexed: sync.indexed,
    skipped: sync.skipped,
    failed: sync.failed,
    deleted: sync.deleted,
    error: sync.error,
    startedAt: sync.createdAt,
    at: sync.finishedAt ?? new Date(),
  };
}
