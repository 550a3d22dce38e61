import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { Document, KnowledgeSource, KnowledgeSync, WorkspaceId, asWorkspaceId } from '@switchboard/database';
import { OutboxService } from '@switchboard/queue';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DocumentIntakeService } from '../intake/document-intake.service';
import { BLOB_STORE } from '../knowledge.tokens';
import { resolveMediaType } from '../parsing';
import { BlobStore } from '../storage/blob.store';
import { PreviousCrawlEntry, SiteCrawler } from '../sources/crawl';
import { crawlConfigOf, isCrawlSource } from '../sources/source-config';
import { recordDocumentVersion } from '../sync/document-versions';
import { completeIfDone, recordOutcome } from '../sync/sync-progress';

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
          await manager.increment(KnowledgeSync, { id: sync.id }, 'total', 1);
          await recordDocumentVersion(manager, this.outbox, source, sync.id, {
            id,
            externalId: result.url,
            url: result.url,
            mediaType: resolveMediaType(result.contentType, new URL(result.url).pathname),
            sizeBytes: result.body.length,
            etag: result.etag ?? null,
            lastModified: result.lastModified ?? null,
          });
        });
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.dataSource
        .getRepository(KnowledgeSync)
        .update(
          { id: sync.id },
          { status: 'failed', discovering: false, error: message.slice(0, 2000), finishedAt: new Date() },
        );
      await this.dataSource.getRepository(KnowledgeSource).update({ id: source.id }, { status: 'failed' });
      this.logger.warn({ sourceId: source.id, error: message }, 'crawl failed');
      return;
    }

    // Pages the crawl no longer reaches are gone from the source.
    const vanished = known.filter((doc) => !seen.has(doc.externalId));
    await this.dataSource.transaction(async (manager) => {
      await this.intake.remove(
        manager,
        workspaceId,
        vanished.map((doc) => ({ id: doc.id, sourceId: source.id })),
      );
      await manager.update(KnowledgeSync, { id: sync.id }, { discovering: false, deleted: vanished.length });
      await manager.update(KnowledgeSource, { id: source.id }, { status: 'idle', lastSyncedAt: new Date() });
      await completeIfDone(manager, sync.id);
    });
  }

  private async openSync(source: KnowledgeSource, syncId?: string): Promise<KnowledgeSync> {
    const syncs = this.dataSource.getRepository(KnowledgeSync);
    if (syncId) {
      const existing = await syncs.findOne({ where: { id: syncId, workspaceId: source.workspaceId } });
      if (existing) return existing;
    }
    await this.dataSource.getRepository(KnowledgeSource).update({ id: source.id }, { status: 'syncing' });
    return syncs.save(
      syncs.create({
        id: syncId,
        workspaceId: source.workspaceId,
        sourceId: source.id,
        trigger: syncId ? 'manual' : 'schedule',
        discovering: true,
      }),
    );
  }

  private async markUnchanged(sync: KnowledgeSync, documentId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.update(Document, { id: documentId }, { lastSyncId: sync.id, syncOutcome: null });
      await manager.increment(KnowledgeSync, { id: sync.id }, 'total', 1);
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
      await manager.increment(KnowledgeSync, { id: sync.id }, 'total', 1);
      const inserted = await manager.findOne(Document, { where: { sourceId: source.id, externalId: url } });
      if (inserted) await recordOutcome(manager, inserted.id, sync.id, 'failed');
    });
  }
}
