import { Injectable } from '@nestjs/common';
import { KnowledgeSource } from '@switchboard/database';
import { OutboxService } from '@switchboard/queue';
import { EntityManager } from 'typeorm';
import { DocumentRepository, DocumentVersion } from '../sources/document.repository';
import { KnowledgeSyncRepository } from './knowledge-sync.repository';

/** Records new versions of documents inside a sync. */
@Injectable()
export class DocumentVersions {
  constructor(
    private readonly documents: DocumentRepository,
    private readonly syncs: KnowledgeSyncRepository,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Records a new version of a document inside a sync and queues its ingestion, in the caller's transaction.
   * The original must already be in the blob store under `version.id`.
   */
  async record(
    manager: EntityManager,
    source: KnowledgeSource,
    syncId: string,
    version: DocumentVersion,
  ): Promise<void> {
    const documents = this.documents.withManager(manager);
    // Document row before sync rows: the lock order of KnowledgeSyncRepository.
    await documents.lock(version.id);
    await this.syncs.withManager(manager).releaseDocument(version.id);
    await documents.upsertVersion(source, syncId, version);
    await this.outbox.add(manager, 'knowledge.ingest-document', {
      workspaceId: source.workspaceId,
      sourceId: source.id,
      documentId: version.id,
      syncId,
    });
  }
}
