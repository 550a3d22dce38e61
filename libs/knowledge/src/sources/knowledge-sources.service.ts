import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { Inject } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import {
  KnowledgeSource,
  KnowledgeSync,
  SourceType,
  TenantRepository,
  Visibility,
  WorkspaceId,
} from '@switchboard/database';
import { OutboxService } from '@switchboard/queue';
import { DataSource, Repository } from 'typeorm';
import { DocumentIntakeService } from '../intake/document-intake.service';
import { assertPublicUrl } from './crawl';
import { CrawlSourceConfig, isCrawlSource } from './source-config';

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
  private readonly sources: TenantRepository<KnowledgeSource>;

  constructor(
    @InjectRepository(KnowledgeSource) repository: Repository<KnowledgeSource>,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: OutboxService,
    private readonly intake: DocumentIntakeService,
  ) {
    this.sources = new TenantRepository(repository);
  }

  async create(workspaceId: WorkspaceId, input: CreateSourceInput): Promise<KnowledgeSource> {
    const config = isCrawlSource(input.type) ? await this.checkedCrawlConfig(input) : {};
    return this.dataSource.transaction(async (manager) => {
      const source = await this.sources.withManager(manager).create(workspaceId, {
        name: input.name,
        type: input.type,
        visibility: input.visibility,
        config: { ...config },
      });
      if (isCrawlSource(input.type)) {
        await this.outbox.add(manager, 'knowledge.schedule-source', { workspaceId, sourceId: source.id });
      }
      return source;
    });
  }

  list(workspaceId: WorkspaceId): Promise<KnowledgeSource[]> {
    return this.sources.find(workspaceId, { order: { createdAt: 'ASC' } });
  }

  get(workspaceId: WorkspaceId, id: string): Promise<KnowledgeSource | null> {
    return this.sources.findById(workspaceId, id);
  }

  /** Starts a sync: a crawl for url and sitemap sources, a re-ingest of the stored originals otherwise. */
  async startSync(workspaceId: WorkspaceId, id: string): Promise<KnowledgeSync | null> {
    const source = await this.sources.findById(workspaceId, id);
    if (!source) return null;
    if (!isCrawlSource(source.type)) return this.intake.resync(source, 'manual');
    return this.dataSource.transaction(async (manager) => {
      const syncs = manager.getRepository(KnowledgeSync);
      const sync = await syncs.save(
        syncs.create({ workspaceId, sourceId: source.id, trigger: 'manual', discovering: true }),
      );
      await manager.update(KnowledgeSource, { id: source.id }, { status: 'syncing' });
      await this.outbox.add(manager, 'knowledge.sync-source', { workspaceId, sourceId: source.id, syncId: sync.id });
      return sync;
    });
  }

  /** Removes the source, its documents and (through the worker) its chunks and files. */
  async delete(workspaceId: WorkspaceId, id: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const sources = this.sources.withManager(manager);
      const source = await sources.findById(workspaceId, id);
      if (!source) return false;
      await sources.delete(workspaceId, id);
      await this.outbox.add(manager, 'knowledge.purge-source', { workspaceId, sourceId: id });
      return true;
    });
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
    if (input.type === 'sitemap' && !crawl.sitemapUrl) {
      throw new SourceConfigError('A sitemap source needs crawl.sitemapUrl');
    }
    const maxPages = Math.min(
      crawl.maxPages ?? this.config.knowledge.crawl.maxPages,
      this.config.knowledge.crawl.maxPages,
    );
    return { ...crawl, maxPages };
  }
}
