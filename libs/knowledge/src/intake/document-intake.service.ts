import { Inject, Injectable } from '@nestjs/common';
import {
  Document,
  KnowledgeSource,
  KnowledgeSync,
  SyncTrigger,
  UnitOfWork,
  Work,
  WorkspaceId,
  asWorkspaceId,
} from '@switchboard/database';
import { OutboxService } from '@switchboard/queue';
import { createHash, randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { BLOB_STORE } from '../knowledge.tokens';
import { DocumentRepository } from '../sources/document.repository';
import { KnowledgeSourceRepository } from '../sources/knowledge-source.repository';
import { BlobStore } from '../storage/blob.store';
import { DocumentVersions } from '../sync/document-versions';
import { KnowledgeSyncRepository } from '../sync/knowledge-sync.repository';
import { SyncFinisher } from '../sync/sync-finisher.service';

// Only one worker of a deployment starts the re-embedding.
const REINDEX_LOCK_KEY = 4_711_202_612;

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
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly outbox: OutboxService,
    private readonly sources: KnowledgeSourceRepository,
    private readonly documents: DocumentRepository,
    private readonly syncs: KnowledgeSyncRepository,
    private readonly versions: DocumentVersions,
    private readonly unitOfWork: UnitOfWork,
    private readonly finisher: SyncFinisher,
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
    const idOf = await this.documents.idsByExternalId(workspaceId, source.id, [...unique.keys()]);
    const planned = [...unique.values()].map((doc) => ({ doc, id: idOf.get(doc.externalId) ?? randomUUID() }));
    for (const { doc, id } of planned) {
      await this.blobs.put({ workspaceId, sourceId: source.id, documentId: `${id}` }, doc.content);
    }

    return this.holdingSource(workspaceId, source.id, async (work) => {
      const { manager } = work;
      await this.documents.withManager(manager).lockAll(planned.map(({ id }) => id));
      const syncs = this.syncs.withManager(manager);
      const sync = await syncs.create(workspaceId, { sourceId: source.id, trigger, total: planned.length });
      const documents: IntakeResult['documents'] = [];
      for (const { doc, id } of planned) {
        await this.versions.record(manager, source, sync.id, {
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
      if (removed > 0) await syncs.setDeleted(sync.id, removed);
      // With documents, the worker completes the sync once they are searchable; without, there is nothing to wait for.
      if (planned.length === 0) await this.finisher.completeIn(work, source.id, sync.id);
      return { sync: await syncs.get(workspaceId, sync.id), documents, removed };
    });
  }

  /**
   * Re-ingests every document of a push source from its stored original; unchanged ones are skipped cheaply.
   * The new sync supersedes any running sync of the source (lock order: source, documents, syncs).
   */
  async resync(source: KnowledgeSource, trigger: SyncTrigger): Promise<KnowledgeSync> {
    const workspaceId = asWorkspaceId(source.workspaceId);
    return this.holdingSource(workspaceId, source.id, async (work) => {
      const { manager } = work;
      const documents = this.documents.withManager(manager);
      const documentIds = await documents.lockAllOfSource(workspaceId, source.id);
      const syncs = this.syncs.withManager(manager);
      const sync = await syncs.start(workspaceId, { sourceId: source.id, trigger, total: documentIds.length });
      await documents.takeSourceIntoSync(workspaceId, source.id, sync.id);
      for (const documentId of documentIds) {
        await this.outbox.add(manager, 'knowledge.ingest-document', {
          workspaceId,
          sourceId: source.id,
          documentId,
          syncId: sync.id,
        });
      }
      if (documentIds.length === 0) await this.finisher.completeIn(work, source.id, sync.id);
      return syncs.get(workspaceId, sync.id);
    });
  }

  /**
   * One unit of work that first holds the source's row (the first step of the sync lock order, see
   * KnowledgeSyncRepository): what it raises (a sync completed at once) goes out after its commit.
   */
  private holdingSource<T>(workspaceId: WorkspaceId, sourceId: string, task: (work: Work) => Promise<T>): Promise<T> {
    return this.unitOfWork.run(workspaceId, async (work) => {
      await this.sources.withManager(work.manager).lock(sourceId);
      return task(work);
    });
  }

  /**
   * Re-syncs every source with documents indexed by another embedding model than `model`: the new model has an
   * empty collection of its own, so its documents are re-embedded and vectors never mix. One worker of a
   * deployment does it; returns how many sources it re-synced (0 when another worker holds the lock).
   */
  async resyncSourcesEmbeddedByOtherModels(model: string): Promise<number> {
    let resynced = 0;
    await this.documents.whileHoldingAdvisoryLock(REINDEX_LOCK_KEY, async () => {
      for (const { workspaceId, sourceId } of await this.documents.sourcesEmbeddedByOtherModels(model)) {
        const source = await this.sources.findById(workspaceId, sourceId);
        if (!source) continue; // deleted meanwhile
        await this.resync(source, 'reindex');
        resynced += 1;
      }
    });
    return resynced;
  }

  /** Deletes documents (rows now, chunks and originals through the worker), in the caller's transaction. */
  async remove(
    manager: EntityManager,
    workspaceId: WorkspaceId,
    documents: Array<Pick<Document, 'id' | 'sourceId'>>,
  ): Promise<void> {
    const rows = this.documents.withManager(manager);
    const syncs = this.syncs.withManager(manager);
    // Every document row before any sync row: the lock order of KnowledgeSyncRepository.
    await rows.lockAll(documents.map(({ id }) => id));
    for (const document of documents) {
      if (!(await rows.lock(document.id))) continue;
      await syncs.releaseDocument(document.id);
      await rows.delete(workspaceId, document.id);
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
    const gone = await this.documents.withManager(manager).others(workspaceId, source.id, keepExternalIds);
    await this.remove(manager, workspaceId, gone);
    return gone.length;
  }
}

/** Stable id for a document sent without one: the hash of its title. */
export function externalIdFor(title: string): string {
  return `title:${createHash('sha256').update(title).digest('hex').slice(0, 32)}`;
}
