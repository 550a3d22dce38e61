import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { KnowledgeSource, KnowledgeSync, WorkspaceId, asWorkspaceId } from '@switchboard/database';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { DocumentIntakeService } from '../intake/document-intake.service';
import { BLOB_STORE } from '../knowledge.tokens';
import { resolveMediaType } from '../parsing';
import { BlobStore } from '../storage/blob.store';
import { PreviousCrawlEntry, SiteCrawler } from '../sources/crawl';
import { DocumentRepository } from '../sources/document.repository';
import { KnowledgeSourceRepository } from '../sources/knowledge-source.repository';
import { crawlConfigOf, isCrawlSource } from '../sources/source-config';
import { DocumentVersions } from '../sync/document-versions';
import { KnowledgeSyncRepository } from '../sync/knowledge-sync.repository';
import { SyncFinisher } from '../sync/sync-finisher.service';

/** Thrown inside a crawl's transaction when a newer sync superseded this one: the write rolls back, the crawl stops. */
class SyncSupersededError extends Error {
  constructor(syncId: string) {
    super(`sync ${syncId} was superseded`);
    this.name = 'SyncSupersededError';
  }
}

export interface SyncRequest {
  workspaceId: WorkspaceId;
  sourceId: string;
  /** Absent for scheduled syncs: the sync row is created here. */
  syncId?: string;
}

/** Crawls a url or sitemap source: new and changed pages are queued for ingestion, vanished ones removed. */
@Injectable()
export class SourceSyncService {
  private readonly logger = new Logger(SourceSyncService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly intake: DocumentIntakeService,
    private readonly finisher: SyncFinisher,
    private readonly sources: KnowledgeSourceRepository,
    private readonly documents: DocumentRepository,
    private readonly syncs: KnowledgeSyncRepository,
    private readonly versions: DocumentVersions,
  ) {}

  async sync(request: SyncRequest): Promise<void> {
    const workspaceId = asWorkspaceId(request.workspaceId);
    const source = await this.sources.findById(workspaceId, request.sourceId);
    if (!source || !isCrawlSource(source.type)) return;
    const sync = await this.openSync(source, request.syncId);
    if (!sync.discovering) return; // a redelivered job for a sync whose crawl already finished

    const crawl = crawlConfigOf(source.config);
    const known = await this.documents.crawled(workspaceId, source.id);
    const byUrl = new Map(known.map((doc) => [doc.externalId, doc]));
    const previous = new Map<string, PreviousCrawlEntry>(
      known
        .filter((doc) => doc.status === 'indexed')
        .map((doc) => [doc.externalId, { etag: doc.etag ?? undefined, lastModified: doc.lastModified ?? undefined }]),
    );
    const crawler = new SiteCrawler({
      allowPrivateNetworks: this.config.knowledge.crawl.allowPrivateNetworks,
      maxSitemapEntries: this.config.knowledge.crawl.sitemapMaxUrls,
    });
    const seen = new Set<string>();
    try {
      for await (const result of crawler.crawl({
        startUrl: crawl.url,
        sitemapUrl: crawl.sitemapUrl,
        maxPages: crawl.maxPages,
        maxDepth: crawl.maxDepth,
        previous,
      })) {
        const existing = byUrl.get(result.url);
        if (result.kind === 'gone') continue;
        seen.add(result.url);
        // Already handled by an earlier delivery of this same sync job (the worker died mid-crawl).
        if (existing?.lastSyncId === sync.id) continue;
        if (result.kind === 'error') {
          this.logger.warn({ sourceId: source.id, url: result.url, error: result.error }, 'page could not be fetched');
          if (!existing) await this.recordFetchFailure(source, sync, result.url, result.error);
          continue;
        }
        if (result.kind === 'unchanged') {
          if (existing) await this.markUnchanged(sync, existing.id);
          continue;
        }
        const id = existing?.id ?? randomUUID();
        await this.blobs.put({ workspaceId, sourceId: source.id, documentId: id }, result.body);
        await this.sources.transaction(async (manager) => {
          await this.versions.record(manager, source, sync.id, {
            id,
            externalId: result.url,
            url: result.url,
            mediaType: resolveMediaType(result.contentType, new URL(result.url).pathname),
            sizeBytes: result.body.length,
            etag: result.etag ?? null,
            lastModified: result.lastModified ?? null,
          });
          await this.growOrStop(manager, sync.id);
        });
      }
    } catch (error) {
      if (error instanceof SyncSupersededError) return;
      const message = error instanceof Error ? error.message : String(error);
      await this.finisher.fail(workspaceId, source.id, sync.id, message);
      this.logger.warn({ sourceId: source.id, error: message }, 'crawl failed');
      return;
    }

    // Pages the crawl no longer reaches are gone from the source.
    const vanished = known.filter((doc) => !seen.has(doc.externalId));
    const ended = await this.sources.transactionHoldingSource(source.id, async (manager) => {
      // Under the source's row no newer sync can start; superseded meanwhile, the newer one decides what vanished.
      const syncs = this.syncs.withManager(manager);
      if (!(await syncs.isRunning(sync.id))) return false;
      await this.intake.remove(
        manager,
        workspaceId,
        vanished.map((doc) => ({ id: doc.id, sourceId: source.id })),
      );
      await syncs.endDiscovery(sync.id, vanished.length);
      return true;
    });
    if (ended) await this.finisher.finish(workspaceId, source.id, sync.id);
  }

  private async growOrStop(manager: EntityManager, syncId: string): Promise<void> {
    if (!(await this.syncs.withManager(manager).growIfRunning(syncId, 1))) throw new SyncSupersededError(syncId);
  }

  private async openSync(source: KnowledgeSource, syncId?: string): Promise<KnowledgeSync> {
    const workspaceId = source.workspaceId;
    if (syncId) {
      const existing = await this.syncs.findById(workspaceId, syncId);
      if (existing) return existing;
    }
    // A scheduled run is a new sync: it supersedes a running one, as a manual start does.
    return this.sources.transactionHoldingSource(source.id, (manager) =>
      this.syncs.withManager(manager).start(workspaceId, {
        id: syncId,
        sourceId: source.id,
        trigger: syncId ? 'manual' : 'schedule',
        discovering: true,
      }),
    );
  }

  private async markUnchanged(sync: KnowledgeSync, documentId: string): Promise<void> {
    await this.sources.transaction(async (manager) => {
      await this.documents.withManager(manager).takeIntoSync(documentId, sync.id);
      await this.growOrStop(manager, sync.id);
      await this.syncs.withManager(manager).recordOutcome(documentId, sync.id, 'skipped');
    });
  }

  /** A page that never fetched is listed as a failed document, so admins see which URL and why. */
  private async recordFetchFailure(
    source: KnowledgeSource,
    sync: KnowledgeSync,
    url: string,
    error: string,
  ): Promise<void> {
    await this.sources.transaction(async (manager) => {
      const documentId = await this.documents.withManager(manager).insertFetchFailure(source, sync.id, url, error);
      await this.growOrStop(manager, sync.id);
      if (documentId) await this.syncs.withManager(manager).recordOutcome(documentId, sync.id, 'failed');
    });
  }
}
