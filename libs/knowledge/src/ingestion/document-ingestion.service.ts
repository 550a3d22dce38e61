import { Inject, Injectable, Logger } from '@nestjs/common';
import { Document, WorkspaceId, asWorkspaceId } from '@switchboard/database';
import { ChunkRecord, VECTOR_STORE, VectorStore } from '@switchboard/vector-store';
import { createHash } from 'node:crypto';
import { chunkDocument, chunkId } from '../chunking';
import { Embedder, EMBEDDER } from '../embedding';
import { BLOB_STORE } from '../knowledge.tokens';
import { DocumentParseError, UnsupportedMediaTypeError, parseDocument } from '../parsing';
import { DocumentRepository } from '../sources/document.repository';
import { KnowledgeSourceRepository } from '../sources/knowledge-source.repository';
import { BlobStore } from '../storage/blob.store';
import { DocumentOutcome, KnowledgeSyncRepository } from '../sync/knowledge-sync.repository';

export interface IngestRequest {
  workspaceId: WorkspaceId;
  sourceId: string;
  documentId: string;
  syncId: string;
}

export interface IngestResult {
  outcome: DocumentOutcome | 'stale';
  chunks: number;
  error?: string;
}

/** Bump when parsing or chunking changes, so every document is re-indexed with the new pipeline. */
// 2: table rows are chunked one per line, so answers can state a row as a sentence.
const PIPELINE_VERSION = 2;

/** Errors that no retry can fix: the document itself is bad. */
function isPermanent(error: unknown): boolean {
  return error instanceof DocumentParseError || error instanceof UnsupportedMediaTypeError;
}

/** parse → clean → chunk → embed → upsert for one document; idempotent under repeated delivery. */
@Injectable()
export class DocumentIngestionService {
  private readonly logger = new Logger(DocumentIngestionService.name);

  constructor(
    private readonly sources: KnowledgeSourceRepository,
    private readonly documents: DocumentRepository,
    private readonly syncs: KnowledgeSyncRepository,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(EMBEDDER) private readonly embedder: Embedder,
    @Inject(VECTOR_STORE) private readonly store: VectorStore,
  ) {}

  /**
   * `finalAttempt` tells whether the queue will retry a transient failure; on the last attempt the
   * failure is recorded on the document instead of thrown, so the rest of the source carries on.
   */
  async ingest(request: IngestRequest, finalAttempt: boolean): Promise<IngestResult> {
    const workspaceId = asWorkspaceId(request.workspaceId);
    const document = await this.documents.findInSource(workspaceId, request.sourceId, request.documentId);
    // Deleted, or taken over by a newer sync that will process it.
    if (!document || document.lastSyncId !== request.syncId) return { outcome: 'stale', chunks: 0 };
    if (document.syncOutcome !== null) return { outcome: document.syncOutcome, chunks: document.chunkCount };

    try {
      return await this.index(workspaceId, document, request.syncId);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!isPermanent(error) && !finalAttempt) throw error;
      this.logger.warn({ documentId: document.id, error: message }, 'document failed to ingest');
      await this.sources.transaction(async (manager) => {
        await this.documents.withManager(manager).markFailed(document.id, message);
        await this.syncs.withManager(manager).recordOutcome(document.id, request.syncId, 'failed');
      });
      return { outcome: 'failed', chunks: 0, error: message };
    }
  }

  private async index(workspaceId: WorkspaceId, document: Document, syncId: string): Promise<IngestResult> {
    const content = await this.blobs.get({ workspaceId, sourceId: document.sourceId, documentId: document.id });
    // Files name themselves (front matter, <title>, H1, PDF metadata); other sources were given a title by the caller.
    const source = await this.sources.findById(workspaceId, document.sourceId);
    const givenTitle =
      source?.type === 'upload' || source?.type === 'url' || source?.type === 'sitemap' ? undefined : document.title;
    const contentHash = createHash('sha256')
      .update(JSON.stringify([PIPELINE_VERSION, document.mediaType, givenTitle ?? null, document.url]))
      .update(content)
      .digest('hex');
    const unchanged =
      document.status === 'indexed' &&
      document.contentHash === contentHash &&
      document.embeddingModel === this.embedder.model;
    if (unchanged) {
      await this.sources.transaction(async (manager) => {
        await this.documents.withManager(manager).clearError(document.id);
        await this.syncs.withManager(manager).recordOutcome(document.id, syncId, 'skipped');
      });
      return { outcome: 'skipped', chunks: document.chunkCount };
    }

    const parsed = await parseDocument({
      content,
      mediaType: document.mediaType,
      fileName: document.externalId,
      title: givenTitle,
    });
    const title = givenTitle || parsed.title;
    const chunks = chunkDocument({ ...parsed, title });
    if (chunks.length === 0)
      throw new DocumentParseError('No text found in the document (a scanned PDF or an empty file?)');

    const vectors = await this.embedder.embed(chunks.map((chunk) => chunk.embedText));
    const records: ChunkRecord[] = chunks.map((chunk, i) => ({
      id: chunkId(document.id, chunk.contentHash),
      workspaceId,
      sourceId: document.sourceId,
      documentId: document.id,
      visibility: document.visibility,
      title,
      headingPath: chunk.headingPath,
      text: chunk.text,
      url: document.url,
      position: chunk.position,
      contentHash: chunk.contentHash,
      vector: vectors[i],
    }));
    return this.writeIfCurrent(workspaceId, document, syncId, records, { title, contentHash });
  }

  /**
   * Writes the chunks while holding the document's row, after checking it still exists and still belongs to
   * this sync. A delete (whose purge job is queued only after its commit) or a newer sync's takeover waits
   * for the write, or came first and is seen here: either way no chunk outlives its document or its version.
   */
  private async writeIfCurrent(
    workspaceId: WorkspaceId,
    document: Document,
    syncId: string,
    records: ChunkRecord[],
    version: { title: string; contentHash: string },
  ): Promise<IngestResult> {
    return this.documents.transactionHoldingDocument(document.id, async (manager, current) => {
      if (!current || current.lastSyncId !== syncId) return { outcome: 'stale', chunks: 0 };
      // Upsert first, then drop what the new version no longer has: the document is never without chunks.
      const unique = [...new Map(records.map((record) => [record.id, record])).values()];
      if (unique.length > 0) await this.store.upsert(workspaceId, unique);
      await this.store.deleteByDocument(
        workspaceId,
        document.id,
        unique.map((record) => record.id),
      );
      await this.documents.withManager(manager).markIndexed(document.id, {
        ...version,
        chunkCount: unique.length,
        embeddingModel: this.embedder.model,
      });
      await this.syncs.withManager(manager).recordOutcome(document.id, syncId, 'indexed');
      return { outcome: 'indexed', chunks: unique.length };
    });
  }
}
