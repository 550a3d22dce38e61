import { Injectable } from '@nestjs/common';
import { InjectEntityManager } from '@nestjs/typeorm';
import { Document, KnowledgeSource, TenantRepository, WorkspaceId, isUuid } from '@switchboard/database';
import { randomUUID } from 'node:crypto';
import { EntityManager, In, Not } from 'typeorm';

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

/** What a crawl compares a page with: its stored validators and the sync that last took it. */
export type CrawledDocument = Pick<Document, 'id' | 'externalId' | 'etag' | 'lastModified' | 'lastSyncId' | 'status'>;

/** What a reader shows of a document: its title and where it lives. */
export type DocumentSummary = Pick<Document, 'id' | 'title' | 'url'>;

/** What an indexed version changes on its document. */
export type IndexedVersion = Pick<Document, 'title' | 'contentHash' | 'chunkCount' | 'embeddingModel'>;

/** Columns a new version of a document overwrites; the title only when the caller gave one. */
const VERSION_COLUMNS = [
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

/** The documents table: a source's documents, their versions and row locks (lock order in KnowledgeSyncRepository). */
@Injectable()
export class DocumentRepository {
  private readonly documents: TenantRepository<Document>;

  constructor(@InjectEntityManager() private readonly manager: EntityManager) {
    this.documents = new TenantRepository(manager.getRepository(Document));
  }

  /** The same repository inside a running transaction. */
  withManager(manager: EntityManager): DocumentRepository {
    return new DocumentRepository(manager);
  }

  /**
   * Runs `work` in one transaction that first holds the document's row; `current` is null when the document
   * is gone. Document rows come before sync rows in the lock order.
   */
  transactionHoldingDocument<T>(
    documentId: string,
    work: (manager: EntityManager, current: Pick<Document, 'lastSyncId'> | null) => Promise<T>,
  ): Promise<T> {
    return this.manager.transaction(async (manager) => work(manager, await this.withManager(manager).lock(documentId)));
  }

  /** Changes whenever any document of the workspace is indexed, changed or removed: the answer cache's key part. */
  async version(workspaceId: WorkspaceId): Promise<string> {
    const rows: Array<{ version: string }> = await this.manager.query(
      `SELECT coalesce(max("updatedAt")::text, '') || ':' || count(*) AS version FROM documents WHERE "workspaceId" = $1`,
      [workspaceId],
    );
    return rows[0]?.version ?? '';
  }

  /** Title and url of the workspace's documents among `ids` (others and non-UUIDs are left out). */
  async summaries(workspaceId: WorkspaceId, ids: string[]): Promise<DocumentSummary[]> {
    const wanted = [...new Set(ids)].filter(isUuid);
    if (wanted.length === 0) return [];
    return this.documents.find(workspaceId, {
      where: { id: In(wanted) },
      select: { id: true, title: true, url: true },
    });
  }

  /** Locks a document's row; null when it does not exist. */
  async lock(documentId: string): Promise<Pick<Document, 'lastSyncId'> | null> {
    const rows = await this.manager.query<Array<Pick<Document, 'lastSyncId'>>>(
      `SELECT "lastSyncId" FROM documents WHERE id = $1 FOR UPDATE`,
      [documentId],
    );
    return rows[0] ?? null;
  }

  /** Locks several documents' rows in id order, before any sync row (see the lock order). */
  async lockAll(documentIds: string[]): Promise<void> {
    if (documentIds.length === 0) return;
    await this.manager.query(`SELECT id FROM documents WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [
      documentIds,
    ]);
  }

  /** Locks every document of a source in id order and returns their ids. */
  async lockAllOfSource(workspaceId: WorkspaceId, sourceId: string): Promise<string[]> {
    const documents = await this.manager.find(Document, {
      where: { workspaceId, sourceId },
      select: ['id'],
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    return documents.map((document) => document.id);
  }

  /** The row if it belongs to the workspace's source; ids that are no UUID find nothing. */
  async findInSource(workspaceId: WorkspaceId, sourceId: string, id: string): Promise<Document | null> {
    if (!isUuid(id) || !isUuid(sourceId)) return null;
    return this.documents.findOne(workspaceId, { id, sourceId });
  }

  listInSource(workspaceId: WorkspaceId, sourceId: string, limit: number, offset: number): Promise<Document[]> {
    return this.documents.find(workspaceId, {
      where: { sourceId },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: limit,
      skip: offset,
    });
  }

  /** The ids of a source's documents with these external ids. */
  async idsByExternalId(
    workspaceId: WorkspaceId,
    sourceId: string,
    externalIds: string[],
  ): Promise<Map<string, string>> {
    const found = await this.manager.find(Document, {
      where: { workspaceId, sourceId, externalId: In(externalIds) },
      select: ['id', 'externalId'],
    });
    return new Map(found.map((document) => [document.externalId, document.id]));
  }

  /** A source's documents whose external id is not among `keepExternalIds`. */
  others(
    workspaceId: WorkspaceId,
    sourceId: string,
    keepExternalIds: string[],
  ): Promise<Array<Pick<Document, 'id' | 'sourceId'>>> {
    return this.manager.find(Document, {
      where: { workspaceId, sourceId, ...(keepExternalIds.length ? { externalId: Not(In(keepExternalIds)) } : {}) },
      select: ['id', 'sourceId'],
    });
  }

  crawled(workspaceId: WorkspaceId, sourceId: string): Promise<CrawledDocument[]> {
    return this.manager.find(Document, {
      where: { workspaceId, sourceId },
      select: ['id', 'externalId', 'etag', 'lastModified', 'lastSyncId', 'status'],
    });
  }

  /** The documents that failed in a sync, oldest first. */
  failedInSync(workspaceId: WorkspaceId, syncId: string, limit: number): Promise<Document[]> {
    return this.documents.find(workspaceId, {
      where: { lastSyncId: syncId, syncOutcome: 'failed' },
      order: { createdAt: 'ASC' },
      take: limit,
    });
  }

  /** Sources with documents indexed by another embedding model than `model`. */
  sourcesEmbeddedByOtherModels(model: string): Promise<Array<{ workspaceId: WorkspaceId; sourceId: string }>> {
    return this.manager.query(
      `SELECT DISTINCT "workspaceId", "sourceId" FROM documents
        WHERE status = 'indexed' AND "embeddingModel" IS DISTINCT FROM $1`,
      [model],
    );
  }

  /** Inserts a new version of a document, or overwrites the row of the same source and external id. */
  async upsertVersion(source: KnowledgeSource, syncId: string, version: DocumentVersion): Promise<void> {
    await this.manager
      .createQueryBuilder()
      .insert()
      .into(Document)
      .values({
        id: version.id,
        workspaceId: source.workspaceId,
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
      .orUpdate(version.title === undefined ? VERSION_COLUMNS : ['title', ...VERSION_COLUMNS], [
        'sourceId',
        'externalId',
      ])
      .execute();
  }

  /**
   * Lists a page that never fetched as a failed document, unless the source already has one for its url.
   * Returns the id of the source's document for that url.
   */
  async insertFetchFailure(
    source: KnowledgeSource,
    syncId: string,
    url: string,
    error: string,
  ): Promise<string | null> {
    await this.manager
      .createQueryBuilder()
      .insert()
      .into(Document)
      .values({
        id: randomUUID(),
        workspaceId: source.workspaceId,
        sourceId: source.id,
        externalId: url,
        title: url,
        url,
        visibility: source.visibility,
        status: 'failed',
        error: error.slice(0, 2000),
        lastSyncId: syncId,
        syncOutcome: null,
      })
      .orIgnore()
      .execute();
    const inserted = await this.manager.findOne(Document, {
      where: { sourceId: source.id, externalId: url },
      select: ['id'],
    });
    return inserted?.id ?? null;
  }

  /** The document joins a sync without an outcome yet. */
  async takeIntoSync(documentId: string, syncId: string): Promise<void> {
    await this.manager.update(Document, { id: documentId }, { lastSyncId: syncId, syncOutcome: null });
  }

  /** Every document of the source joins a sync without an outcome yet. */
  async takeSourceIntoSync(workspaceId: WorkspaceId, sourceId: string, syncId: string): Promise<void> {
    await this.manager.update(Document, { workspaceId, sourceId }, { lastSyncId: syncId, syncOutcome: null });
  }

  async markFailed(documentId: string, error: string): Promise<void> {
    await this.manager.update(Document, { id: documentId }, { status: 'failed', error: error.slice(0, 2000) });
  }

  /** An unchanged document keeps its chunks; an error of an earlier attempt no longer applies. */
  async clearError(documentId: string): Promise<void> {
    await this.manager.update(Document, { id: documentId }, { error: null });
  }

  async markIndexed(documentId: string, version: IndexedVersion): Promise<void> {
    await this.manager.update(
      Document,
      { id: documentId },
      { ...version, version: () => 'version + 1', status: 'indexed', error: null },
    );
  }

  delete(workspaceId: WorkspaceId, documentId: string): Promise<boolean> {
    return this.documents.delete(workspaceId, documentId);
  }

  /**
   * Runs `work` unless another process holds the advisory lock `key`; returns whether it ran. The lock belongs
   * to a session, so one dedicated connection takes and releases it (a pooled query could release on another).
   */
  async whileHoldingAdvisoryLock(key: number, work: () => Promise<void>): Promise<boolean> {
    const session = this.manager.connection.createQueryRunner();
    await session.connect();
    try {
      const rows = (await session.query('SELECT pg_try_advisory_lock($1) AS locked', [key])) as Array<{
        locked: boolean;
      }>;
      if (!rows[0].locked) return false;
      try {
        await work();
        return true;
      } finally {
        await session.query('SELECT pg_advisory_unlock($1)', [key]);
      }
    } finally {
      await session.release();
    }
  }
}
