import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { Document, KnowledgeSource, KnowledgeSync, WorkspaceId, asWorkspaceId } from '@switchboard/database';
import { OutboxService } from '@switchboard/queue';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { DocumentIntakeService } from '../intake/document-intake.service';
import { BLOB_STORE } from '../knowledge.tokens';
import { resolveMediaType } from '../parsing';
import { BlobStore } from '../storage/blob.store';
import { PreviousCrawlEntry, SiteCrawler } from '../sources/crawl';
import { crawlConfigOf, isCrawlSource } from '../sources/source-config';
import { recordDocumentVersion } from '../sync/document-versions';
import { SyncFinisher } from '../sync/sync-finisher.service';
import {
  failSync,
  growRunningSync,
  isRunning,
  lockSource,
  recordOutcome,
  supersedeRunningSyncs,
} from '../sync/sync-progress';

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
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly outbox: OutboxService,
    private readonly intake: DocumentIntakeService,
    private readonly finisher: SyncFinisher,
  ) {}

  async sync(request: SyncRequest): Promise<void> {
    const workspaceId = asWorkspaceId(request.workspaceId);
    const source = await this.dataSource
      .getRepository(KnowledgeSource)
      .findOne({ where: { id: request.sourceId, workspaceId } });
    if (!source || !isCrawlSource(source.type)) return;
    const sync = await this.openSync(source, request.syncId);
    if (!sync.discovering) return; // a redelivered job for a sync whose crawl already finished

    const crawl = crawlConfigOf(source.config);
    const known = await this.dataSource.getRepository(Document).find({
      where: { workspaceId, sourceId: source.id },
      select: ['id', 'externalId', 'etag', 'lastModified', 'lastSyncId', 'status'],
    });
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
        await this.dataSource.transaction(async (manager) => {
          await recordDocumentVersion(manager, this.outbox, source, sync.id, {
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
      await this.dataSource.transaction((manager) => failSync(manager, source.id, sync.id, message));
      this.logger.warn({ sourceId: source.id, error: message }, 'crawl failed');
      return;
    }

    // Pages the crawl no longer reaches are gone from the source.
    const vanished = known.filter((doc) => !seen.has(doc.externalId));
    const ended = await this.dataSource.transaction(async (manager) => {
      // Under the source's row no newer sync can start; superseded meanwhile, the newer one decides what vanished.
      await lockSource(manager, source.id);
      if (!(await isRunning(manager, sync.id))) return false;
      await this.intake.remove(
        manager,
        workspaceId,
        vanished.map((doc) => ({ id: doc.id, sourceId: source.id })),
      );
      await manager.update(KnowledgeSync, { id: sync.id }, { discovering: false, deleted: vanished.length });
      return true;
    });
    if (ended) await this.finisher.finish(source.id, sync.id);
  }

  private async growOrStop(manager: EntityManager, syncId: string): Promise<void> {
    if (!(await growRunningSync(manager, syncId, 1))) throw new SyncSupersededError(syncId);
  }

  private async openSync(source: KnowledgeSource, syncId?: string): Promise<KnowledgeSync> {
    const syncs = this.dataSource.getRepository(KnowledgeSync);
    if (syncId) {
      const existing = await syncs.findOne({ where: { id: syncId, workspaceId: source.workspaceId } });
      if (existing) return existing;
    }
    // A scheduled run is a new sync: it supersedes a running one, as a manual start does.
    return this.dataSource.transaction(async (manager) => {
      await lockSource(manager, source.id);
      const sync = await manager.save(
        manager.create(KnowledgeSync, {
          id: syncId,
          workspaceId: source.workspaceId,
          sourceId: source.id,
          trigger: syncId ? 'manual' : 'schedule',
          discovering: true,
        }),
      );
      await supersedeRunningSyncs(manager, source.id, sync.id);
      await manager.update(KnowledgeSource, { id: source.id }, { status: 'syncing' });
      return sync;
    });
  }

  private async markUnchanged(sync: KnowledgeSync, documentId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.update(Document, { id: documentId }, { lastSyncId: sync.id, syncOutcome: null });
      await this.growOrStop(manager, sync.id);
      await recordOutcome(manager, documentId, sync.id, 'skipped');
    });
  }

  /** A page that never fetched is listed as a failed document, so admins see which URL and why. */
  private async recordFetchFailure(
    source: KnowledgeSource,
    sync: KnowledgeSync,
    url: string,
    error: string,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const id = randomUUID();
      await manager
        .createQueryBuilder()
        .insert()
        .into(Document)
        .values({
          id,
          workspaceId: source.workspaceId,
          sourceId: source.id,
          externalId: url,
          title: url,
          url,
          visibility: source.visibility,
          status: 'failed',
          error: error.slice(0, 2000),
          lastSyncId: sync.id,
          syncOutcome: null,
        })
        .orIgnore()
        .execute();
      await this.growOrStop(manager, sync.id);
      const inserted = await manager.findOne(Document, { where: { sourceId: source.id, externalId: url } });
      if (inserted) await recordOutcome(manager, inserted.id, sync.id, 'failed');
    });
  }
}
