import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  Document,
  KnowledgeSource,
  KnowledgeSync,
  SyncTrigger,
  WorkspaceId,
  asWorkspaceId,
} from '@switchboard/database';
import { OutboxService } from '@switchboard/queue';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, Not } from 'typeorm';
import { BlobStore } from '../storage/blob.store';
import { BLOB_STORE } from '../knowledge.tokens';
import { recordDocumentVersion } from '../sync/document-versions';
import {
  completeIfReady,
  lockDocument,
  lockDocuments,
  lockSource,
  releaseFromRunningSync,
  supersedeRunningSyncs,
} from '../sync/sync-progress';

/** A document handed to Switchboard through the API (upload, text, bulk import). */
export interface IncomingDocument {
  /** Identity within the source: the file name, or the caller's id; the same id replaces the earlier version. */
  externalId: string;
  title: string;
  mediaType: string;
  content: Buffer;
  url?: string | null;
}

export interface IntakeResult {
  sync: KnowledgeSync;
  documents: Array<Pick<Document, 'id' | 'externalId' | 'title'>>;
  /** Documents removed because a replacing import no longer lists them. */
  removed: number;
}

/** Accepts documents for push sources: stores the originals, records them, and queues their ingestion. */
@Injectable()
export class DocumentIntakeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Everything accepted here is either committed with its ingestion job or not at all: the originals
   * are written first (keyed by the document id), then rows and jobs go in one transaction.
   * With `replace`, documents of the source that are not in `incoming` are removed.
   */
  async accept(
    source: KnowledgeSource,
    trigger: SyncTrigger,
    incoming: IncomingDocument[],
    options: { replace?: boolean } = {},
  ): Promise<IntakeResult> {
    const workspaceId = asWorkspaceId(source.workspaceId);
    const unique = new Map(incoming.map((doc) => [doc.externalId, doc]));
    const existing = await this.dataSource.getRepository(Document).find({
      where: { workspaceId, sourceId: source.id, externalId: In([...unique.keys()]) },
      select: ['id', 'externalId'],
    });
    const idOf = new Map(existing.map((doc) => [doc.externalId, doc.id]));
    const planned = [...unique.values()].map((doc) => ({ doc, id: idOf.get(doc.externalId) ?? randomUUID() }));
    for (const { doc, id } of planned) {
      await this.blobs.put({ workspaceId, sourceId: source.id, documentId: `${id}` }, doc.content);
    }

    return this.dataSource.transaction(async (manager) => {
      await lockSource(manager, source.id);
      await lockDocuments(
        manager,
        planned.map(({ id }) => id),
      );
      const sync = await manager
        .getRepository(KnowledgeSync)
        .save(
          manager
            .getRepository(KnowledgeSync)
            .create({ workspaceId, sourceId: source.id, trigger, total: planned.length }),
        );
      const documents: IntakeResult['documents'] = [];
      for (const { doc, id } of planned) {
        await recordDocumentVersion(manager, this.outbox, source, sync.id, {
          id,
          externalId: doc.externalId,
          title: doc.title || undefined,
          url: doc.url ?? null,
          mediaType: doc.mediaType,
          sizeBytes: doc.content.length,
        });
        documents.push({ id, externalId: doc.externalId, title: doc.title });
      }
      const removed = options.replace ? await this.removeOthers(manager, workspaceId, source, [...unique.keys()]) : 0;
      if (removed > 0) await manager.getRepository(KnowledgeSync).update({ id: sync.id }, { deleted: removed });
      // With documents, the worker completes the sync once they are searchable; without, there is nothing to wait for.
      if (planned.length === 0) await completeIfReady(manager, source.id, sync.id);
      const saved = await manager.getRepository(KnowledgeSync).findOneByOrFail({ id: sync.id });
      return { sync: saved, documents, removed };
    });
  }

  /**
   * Re-ingests every document of a push source from its stored original; unchanged ones are skipped cheaply.
   * The new sync supersedes any running sync of the source (lock order: source, documents, syncs).
   */
  async resync(source: KnowledgeSource, trigger: SyncTrigger): Promise<KnowledgeSync> {
    const workspaceId = asWorkspaceId(source.workspaceId);
    return this.dataSource.transaction(async (manager) => {
      await lockSource(manager, source.id);
      const documents = await manager.find(Document, {
        where: { workspaceId, sourceId: source.id },
        select: ['id'],
        order: { id: 'ASC' },
        lock: { mode: 'pessimistic_write' },
      });
      const syncs = manager.getRepository(KnowledgeSync);
      const sync = await syncs.save(
        syncs.create({ workspaceId, sourceId: source.id, trigger, total: documents.length }),
      );
      await manager.update(Document, { workspaceId, sourceId: source.id }, { lastSyncId: sync.id, syncOutcome: null });
      await supersedeRunningSyncs(manager, source.id, sync.id);
      await manager.update(KnowledgeSource, { id: source.id }, { status: 'syncing' });
      for (const document of documents) {
        await this.outbox.add(manager, 'knowledge.ingest-document', {
          workspaceId,
          sourceId: source.id,
          documentId: document.id,
          syncId: sync.id,
        });
      }
      if (documents.length === 0) await completeIfReady(manager, source.id, sync.id);
      return syncs.findOneByOrFail({ id: sync.id });
    });
  }

  /** Deletes documents (rows now, chunks and originals through the worker). */
  async remove(
    manager: EntityManager,
    workspaceId: WorkspaceId,
    documents: Array<Pick<Document, 'id' | 'sourceId'>>,
  ): Promise<void> {
    // Every document row before any sync row: the lock order of sync-progress.ts.
    await lockDocuments(
      manager,
      documents.map(({ id }) => id),
    );
    for (const document of documents) {
      if (!(await lockDocument(manager, document.id))) continue;
      await releaseFromRunningSync(manager, document.id);
      await manager.getRepository(Document).delete({ id: document.id, workspaceId });
      await this.outbox.add(manager, 'knowledge.purge-document', {
        workspaceId,
        sourceId: document.sourceId,
        documentId: document.id,
      });
    }
  }

  private async removeOthers(
    manager: EntityManager,
    workspaceId: WorkspaceId,
    source: KnowledgeSource,
    keepExternalIds: string[],
  ): Promise<number> {
    const gone = await manager.getRepository(Document).find({
      where: {
        workspaceId,
        sourceId: source.id,
        ...(keepExternalIds.length ? { externalId: Not(In(keepExternalIds)) } : {}),
      },
      select: ['id', 'sourceId'],
    });
    await this.remove(manager, workspaceId, gone);
    return gone.length;
  }
}

/** Stable id for a document sent without one: the hash of its title. */
export function externalIdFor(title: string): string {
  return `title:${createHash('sha256').update(title).digest('hex').slice(0, 32)}`;
}
