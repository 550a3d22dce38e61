import { Inject, Injectable } from '@nestjs/common';
import { AuditLog } from '@switchboard/audit';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { KnowledgeSource, KnowledgeSync, SourceType, Visibility, WorkspaceId } from '@switchboard/database';
import { OutboxService } from '@switchboard/queue';
import { DocumentIntakeService } from '../intake/document-intake.service';
import { KnowledgeSyncRepository } from '../sync/knowledge-sync.repository';
import { CRAWLER_ROBOTS_TOKEN, SitemapTooLargeError, assertPublicUrl, fetchPage, readSitemap } from './crawl';
import { DocumentRepository } from './document.repository';
import { KnowledgeSourceRepository } from './knowledge-source.repository';
import { CrawlSourceConfig, isCrawlSource } from './source-config';

const SITEMAP_MAX_BYTES = 10 * 1024 * 1024;

export interface CreateSourceInput {
  name: string;
  type: SourceType;
  visibility: Visibility;
  crawl?: CrawlSourceConfig;
}

export class SourceConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceConfigError';
  }
}

@Injectable()
export class KnowledgeSourcesService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: OutboxService,
    private readonly intake: DocumentIntakeService,
    private readonly sources: KnowledgeSourceRepository,
    private readonly documents: DocumentRepository,
    private readonly syncs: KnowledgeSyncRepository,
    private readonly audit: AuditLog,
  ) {}

  async create(workspaceId: WorkspaceId, input: CreateSourceInput): Promise<KnowledgeSource> {
    const config = isCrawlSource(input.type) ? await this.checkedCrawlConfig(input) : {};
    return this.sources.transaction(async (manager) => {
      const source = await this.sources.withManager(manager).create(workspaceId, {
        name: input.name,
        type: input.type,
        visibility: input.visibility,
        config: { ...config },
      });
      if (isCrawlSource(input.type)) {
        await this.outbox.add(manager, 'knowledge.schedule-source', { workspaceId, sourceId: source.id });
      }
      const target = sourceTarget(source.id);
      await this.audit.record(workspaceId, { action: 'knowledge_source.created', target, after: source, manager });
      return source;
    });
  }

  list(workspaceId: WorkspaceId): Promise<KnowledgeSource[]> {
    return this.sources.list(workspaceId);
  }

  get(workspaceId: WorkspaceId, id: string): Promise<KnowledgeSource | null> {
    return this.sources.findById(workspaceId, id);
  }

  /**
   * Starts a sync: a crawl for url and sitemap sources, a re-ingest of the stored originals otherwise.
   * A new sync supersedes the source's running one, which ends `superseded` naming it.
   */
  async startSync(workspaceId: WorkspaceId, id: string): Promise<KnowledgeSync | null> {
    const source = await this.sources.findById(workspaceId, id);
    if (!source) return null;
    if (!isCrawlSource(source.type)) return this.intake.resync(source, 'manual');
    return this.sources.transactionHoldingSource(source.id, async (manager) => {
      const sync = await this.syncs
        .withManager(manager)
        .start(workspaceId, { sourceId: source.id, trigger: 'manual', discovering: true });
      await this.outbox.add(manager, 'knowledge.sync-source', { workspaceId, sourceId: source.id, syncId: sync.id });
      return sync;
    });
  }

  /** Removes the source, its documents and (through the worker) its chunks and files. */
  async delete(workspaceId: WorkspaceId, id: string): Promise<boolean> {
    return this.sources.transaction(async (manager) => {
      const sources = this.sources.withManager(manager);
      const source = await sources.findById(workspaceId, id);
      if (!source) return false;
      // The cascade deletes documents and syncs: take them in the lock order of KnowledgeSyncRepository first.
      await sources.lock(id);
      await this.documents.withManager(manager).lockAllOfSource(workspaceId, id);
      await sources.delete(workspaceId, id);
      await this.outbox.add(manager, 'knowledge.purge-source', { workspaceId, sourceId: id });
      const target = sourceTarget(id);
      await this.audit.record(workspaceId, { action: 'knowledge_source.deleted', target, before: source, manager });
      return true;
    });
  }

  /** Reads the sitemap once at creation, so an unreadable or oversized one is refused up front. */
  private async checkSitemap(sitemapUrl: string, origin: string): Promise<void> {
    const { allowPrivateNetworks, sitemapMaxUrls } = this.config.knowledge.crawl;
    try {
      await readSitemap(sitemapUrl, {
        maxEntries: sitemapMaxUrls,
        maxBytes: SITEMAP_MAX_BYTES,
        accept: (url) => URL.canParse(url) && new URL(url).origin === origin,
        fetch: async (url, maxBytes) => {
          const response = await fetchPage(url, {
            maxBytes,
            timeoutMs: 15_000,
            allowPrivateNetworks,
            userAgent: `${CRAWLER_ROBOTS_TOKEN}/1.0`,
            accept: 'application/xml,text/xml;q=0.9,*/*;q=0.5',
          });
          if (response.status !== 'ok')
            throw new Error(`${url} answered ${response.status === 'gone' ? response.httpStatus : 304}`);
          return response.body;
        },
      });
    } catch (error) {
      if (error instanceof SitemapTooLargeError) {
        throw new SourceConfigError(
          `crawl.sitemapUrl is too large: ${error.message} (limit SITEMAP_MAX_URLS = ${sitemapMaxUrls})`,
        );
      }
      throw new SourceConfigError(
        `crawl.sitemapUrl could not be read: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private async checkedCrawlConfig(input: CreateSourceInput): Promise<CrawlSourceConfig> {
    const crawl = input.crawl;
    if (!crawl?.url) throw new SourceConfigError(`A ${input.type} source needs crawl.url`);
    const options = { allowPrivateNetworks: this.config.knowledge.crawl.allowPrivateNetworks };
    const start = await assertPublicUrl(crawl.url, options).catch((error: Error) => {
      throw new SourceConfigError(`crawl.url refused: ${error.message}`);
    });
    if (crawl.sitemapUrl) {
      const sitemap = await assertPublicUrl(crawl.sitemapUrl, options).catch((error: Error) => {
        throw new SourceConfigError(`crawl.sitemapUrl refused: ${error.message}`);
      });
      if (sitemap.origin !== start.origin)
        throw new SourceConfigError('crawl.sitemapUrl must be on the same site as crawl.url');
    }
    if (input.type === 'sitemap') {
      if (!crawl.sitemapUrl) throw new SourceConfigError('A sitemap source needs crawl.sitemapUrl');
      await this.checkSitemap(crawl.sitemapUrl, start.origin);
    }
    const maxPages = Math.min(
      crawl.maxPages ?? this.config.knowledge.crawl.maxPages,
      this.config.knowledge.crawl.maxPages,
    );
    return { ...crawl, maxPages };
  }
}

function sourceTarget(id: string): { type: string; id: string } {
  return { type: 'knowledge_source', id };
}
