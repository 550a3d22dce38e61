import { Document, KnowledgeSource } from '@switchboard/database';
import { OutboxService } from '@switchboard/queue';
import { EntityManager } from 'typeorm';
import { lockDocument, releaseFromRunningSync } from './sync-progress';

export interface DocumentVersion {
  id: string;
  externalId: string;
  /** Absent when the document names itself (files, crawled pages): the parser's title is kept. */
  title?: string;
  url: string | null;
  mediaType: string;
  sizeBytes: number;
  etag?: string | null;
  lastModified?: string | null;
}

/**
 * Records a new version of a document inside a sync and queues its ingestion, in the caller's transaction.
 * The original must already be in the blob store under `version.id`.
 */
export async function recordDocumentVersion(
  manager: EntityManager,
  outbox: OutboxService,
  source: KnowledgeSource,
  syncId: string,
  version: DocumentVersion,
): Promise<void> {
  const workspaceId = source.workspaceId;
  // Document row before sync rows: the lock order of sync-progress.ts.
  await lockDocument(manager, version.id);
  await releaseFromRunningSync(manager, version.id);
  const updated = [
    'url',
    'visibility',
    'mediaType',
    'sizeBytes',
    'etag',
    'lastModified',
    'lastSyncId',
    'syncOutcome',
    'updatedAt',
  ];
  await manager
    .createQueryBuilder()
    .insert()
    .into(Document)
    .values({
      id: version.id,
      workspaceId,
      sourceId: source.id,
      externalId: version.externalId,
      title: version.title ?? '',
      url: version.url,
      visibility: source.visibility,
      mediaType: version.mediaType,
      sizeBytes: version.sizeBytes,
      etag: version.etag ?? null,
      lastModified: version.lastModified ?? null,
      lastSyncId: syncId,
      syncOutcome: null,
      status: 'pending',
    })
    .orUpdate(version.title === undefined ? updated : ['title', ...updated], ['sourceId', 'externalId'])
    .execute();
  await outbox.add(manager, 'knowledge.ingest-document', {
    workspaceId,
    sourceId: source.id,
    documentId: version.id,
    syncId,
  });
}
