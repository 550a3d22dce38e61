import { Injectable } from '@nestjs/common';
import { Document, KnowledgeSync, WorkspaceId } from '@switchboard/database';
import { DocumentIntakeService } from '../intake/document-intake.service';
import { KnowledgeSyncRepository } from '../sync/knowledge-sync.repository';
import { DocumentRepository, DocumentSummary } from './document.repository';
import { KnowledgeSourceRepository } from './knowledge-source.repository';

export interface SyncProgress {
  id: string;
  sourceId: string;
  status: KnowledgeSync['status'];
  trigger: KnowledgeSync['trigger'];
  discovering: boolean;
  total: number;
  done: number;
  indexed: number;
  skipped: number;
  failed: number;
  deleted: number;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  errors: Array<{ documentId: string; title: string; url: string | null; error: string }>;
}

/** Reading a source's documents and syncs, and deleting documents. */
@Injectable()
export class KnowledgeDocumentsService {
  constructor(
    private readonly sources: KnowledgeSourceRepository,
    private readonly documents: DocumentRepository,
    private readonly syncs: KnowledgeSyncRepository,
    private readonly intake: DocumentIntakeService,
  ) {}

  /** Changes whenever any document of the workspace is indexed, changed or removed. */
  knowledgeVersion(workspaceId: WorkspaceId): Promise<string> {
    return this.documents.version(workspaceId);
  }

  /** Title and url of the workspace's documents among `ids`, for showing them to people. */
  summaries(workspaceId: WorkspaceId, ids: string[]): Promise<DocumentSummary[]> {
    return this.documents.summaries(workspaceId, ids);
  }

  listDocuments(workspaceId: WorkspaceId, sourceId: string, limit: number, offset: number): Promise<Document[]> {
    return this.documents.listInSource(workspaceId, sourceId, limit, offset);
  }

  async deleteDocument(workspaceId: WorkspaceId, sourceId: string, documentId: string): Promise<boolean> {
    return this.sources.transaction(async (manager) => {
      const document = await this.documents.withManager(manager).findInSource(workspaceId, sourceId, documentId);
      if (!document) return false;
      await this.intake.remove(manager, workspaceId, [document]);
      return true;
    });
  }

  async listSyncs(workspaceId: WorkspaceId, sourceId: string, limit: number): Promise<SyncProgress[]> {
    const syncs = await this.syncs.listOfSource(workspaceId, sourceId, limit);
    return Promise.all(syncs.map((sync) => this.progressOf(sync, 0)));
  }

  async getSync(
    workspaceId: WorkspaceId,
    sourceId: string,
    syncId: string,
    errorLimit = 100,
  ): Promise<SyncProgress | null> {
    const sync = await this.syncs.findInSource(workspaceId, sourceId, syncId);
    return sync ? this.progressOf(sync, errorLimit) : null;
  }

  private async progressOf(sync: KnowledgeSync, errorLimit: number): Promise<SyncProgress> {
    const failedDocuments =
      errorLimit > 0 && sync.failed > 0 ? await this.documents.failedInSync(sync.workspaceId, sync.id, errorLimit) : [];
    return {
      id: sync.id,
      sourceId: sync.sourceId,
      status: sync.status,
      trigger: sync.trigger,
      discovering: sync.discovering,
      total: sync.total,
      done: sync.indexed + sync.skipped + sync.failed,
      indexed: sync.indexed,
      skipped: sync.skipped,
      failed: sync.failed,
      deleted: sync.deleted,
      error: sync.error,
      startedAt: sync.createdAt,
      finishedAt: sync.finishedAt,
      errors: failedDocuments.map((doc) => ({
        documentId: doc.id,
        title: doc.title,
        url: doc.url,
        error: doc.error ?? '',
      })),
    };
  }
}
