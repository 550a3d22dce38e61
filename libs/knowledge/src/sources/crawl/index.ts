export { FetchError, fetchPage } from './http-fetcher';
export type { FetchErrorReason, FetchPageOptions, FetchPageResult, Validators } from './http-fetcher';
export {
  assertPublicUrl,
  assertUrlShape,
  classifyAddress,
  createGuardedLookup,
  RefusedUrlError,
} from './network-guard';
export type { AddressCategory, NetworkGuardOptions, RefusalReason } from './network-guard';
export { CRAWLER_ROBOTS_TOKEN, normaliseUrl, SiteCrawler } from './site-crawler';
export type { CrawlOptions, CrawlResult, PreviousCrawlEntry, SiteCrawlerOptions } from './site-crawler';
export { readSitemap, SitemapTooLargeError } from './sitemap-reader';
