export { FetchError, fetchPage } from './http-fetcher';
export type { FetchErrorReason, FetchPageOptions, FetchPageResult, Validators } from './http-fetcher';
export { assertPublicUrl } from '@switchboard/network';
export { CRAWLER_ROBOTS_TOKEN, normaliseUrl, SiteCrawler } from './site-crawler';
export type { CrawlOptions, CrawlResult, PreviousCrawlEntry, SiteCrawlerOptions } from './site-crawler';
export { readSitemap, SitemapTooLargeError } from './sitemap-reader';
