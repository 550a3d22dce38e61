import { SourceType } from '@switchboard/database';

/** Settings of a crawled source (type url or sitemap), stored in KnowledgeSource.config. */
export interface CrawlSourceConfig {
  url: string;
  sitemapUrl?: string;
  maxPages?: number;
  maxDepth?: number;
  /** Re-sync on a schedule; absent means only on demand. */
  syncIntervalMinutes?: number;
}

/** Sources whose documents Switchboard fetches itself; the others receive documents through the API. */
export function isCrawlSource(type: SourceType): type is 'url' | 'sitemap' {
  return type === 'url' || type === 'sitemap';
}

export function crawlConfigOf(config: Record<string, unknown>): CrawlSourceConfig {
  return config as unknown as CrawlSourceConfig;
}
