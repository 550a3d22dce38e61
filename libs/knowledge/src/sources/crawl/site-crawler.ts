import robotsParser from 'robots-parser';
import { fetchPage, FetchError } from './http-fetcher';
import type { FetchPageOptions, Validators } from './http-fetcher';
import { HostThrottle } from './host-throttle';
import { extractLinks } from './link-extractor';
import { assertPublicUrl } from '@switchboard/network';
import { readSitemap, SitemapTooLargeError } from './sitemap-reader';

/** The product token robots.txt groups are matched against. */
export const CRAWLER_ROBOTS_TOKEN = 'SwitchboardBot';

export type CrawlResult =
  | {
      url: string;
      depth: number;
      kind: 'page';
      contentType: string;
      body: Buffer;
      etag?: string;
      lastModified?: string;
    }
  | { url: string; depth: number; kind: 'unchanged' }
  | { url: string; depth: number; kind: 'gone' }
  | { url: string; depth: number; kind: 'error'; error: string };

/** What the caller remembers of a URL from the previous crawl (keys are `CrawlResult.url`). */
export interface PreviousCrawlEntry extends Validators {
  /** Link depth at which the URL was found; re-crawled pages answering 304 have no links to discover. */
  depth?: number;
}

export interface CrawlOptions {
  startUrl: string;
  /**
   * Otherwise taken from same-site robots.txt `Sitemap:` lines. When a sitemap lists crawlable URLs, exactly those
   * (plus `previous`) are fetched and links are not followed; without one, links are followed from `startUrl`.
   */
  sitemapUrl?: string;
  /** Most URLs fetched (robots.txt and sitemaps excluded). Default 200. */
  maxPages?: number;
  /** Most link hops from the start URL. Default 3. */
  maxDepth?: number;
  /** Most requests in flight at once. Default 2. */
  concurrency?: number;
  /** Least time between the starts of two requests to one host; robots.txt Crawl-delay can raise it. Default 250. */
  delayMs?: number;
  previous?: ReadonlyMap<string, PreviousCrawlEntry>;
}

export interface SiteCrawlerOptions {
  /** Sent as User-Agent; should contain the robots token. Default `SwitchboardBot/1.0`. */
  userAgent?: string;
  /** Lets the crawler reach loopback, private and link-local addresses. Default false. */
  allowPrivateNetworks?: boolean;
  /** Per-URL deadline, redirects and body included, per-host delay waits excluded. Default 15 000. */
  timeoutMs?: number;
  /** Largest page body accepted. Default 10 MiB. */
  maxBytes?: number;
  /** Cap on the robots.txt Crawl-delay honoured, so one site cannot stall a worker. Default 10 000. */
  maxCrawlDelayMs?: number;
  /** Most entries over a sitemap and its nested sitemaps. Default 5000. */
  maxSitemapEntries?: number;
  /** Largest sitemap file accepted, after decompression. Default 10 MiB. */
  maxSitemapBytes?: number;
}

const PAGE_CONTENT_TYPES = new Set(['text/html', 'text/plain', 'text/markdown', 'application/pdf']);
const ROBOTS_MAX_BYTES = 512 * 1024;
const SKIPPED_EXTENSIONS = new Set(
  (
    'png jpg jpeg gif svg webp avif ico bmp tif tiff psd eps css js mjs map json xml rss atom woff woff2 ttf otf eot ' +
    'zip gz tgz tar bz2 xz 7z rar exe msi dmg pkg deb rpm apk iso bin wasm swf mp3 mp4 m4a m4v wav ogg oga ogv flac ' +
    'webm avi mov mkv doc docx xls xlsx ppt pptx odt ods odp csv'
  ).split(' '),
);

/** The identity of a page: fragment and empty query dropped, trailing slashes removed (except the root). */
export function normaliseUrl(url: string | URL, base?: string | URL): string {
  const parsed = new URL(url, base);
  parsed.hash = '';
  if (parsed.search === '') parsed.search = '';
  if (parsed.pathname.length > 1 && parsed.pathname.endsWith('/')) {
    parsed.pathname = parsed.pathname.replace(/\/+$/, '') || '/';
  }
  return parsed.href;
}

function hasSkippedExtension(url: URL): boolean {
  const extension = /\.([a-z0-9]+)$/i.exec(url.pathname)?.[1];
  return extension !== undefined && SKIPPED_EXTENSIONS.has(extension.toLowerCase());
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer (got ${value})`);
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be zero or more (got ${value})`);
  return value;
}

interface FrontierItem {
  key: string;
  url: string;
  depth: number;
}

/** Pending URLs, shallowest first; a URL found again at a smaller depth moves up. */
class Frontier {
  private readonly buckets: FrontierItem[][] = [];
  private readonly pending = new Map<string, number>();
  private readonly taken = new Set<string>();

  add(key: string, url: string, depth: number): void {
    if (this.taken.has(key)) return;
    const known = this.pending.get(key);
    if (known !== undefined && known <= depth) return;
    this.pending.set(key, depth);
    (this.buckets[depth] ??= []).push({ key, url, depth });
  }

  take(): FrontierItem | undefined {
    for (const bucket of this.buckets) {
      while (bucket?.length) {
        const item = bucket.shift() as FrontierItem;
        if (this.pending.get(item.key) !== item.depth) continue;
        this.markTaken(item.key);
        return item;
      }
    }
    return undefined;
  }

  isTaken(key: string): boolean {
    return this.taken.has(key);
  }

  markTaken(key: string): void {
    this.pending.delete(key);
    this.taken.add(key);
  }
}

interface Robots {
  isAllowed(url: string): boolean;
  crawlDelayMs?: number;
  sitemaps: string[];
}

interface Visit {
  item: FrontierItem;
  result?: CrawlResult;
  links: URL[];
}

/** Crawls one help-centre site politely: same site only, robots.txt, sitemaps, conditional GETs. */
export class SiteCrawler {
  private readonly userAgent: string;
  private readonly allowPrivateNetworks: boolean;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly maxCrawlDelayMs: number;
  private readonly maxSitemapEntries: number;
  private readonly maxSitemapBytes: number;

  constructor(options: SiteCrawlerOptions = {}) {
    this.userAgent = options.userAgent ?? `${CRAWLER_ROBOTS_TOKEN}/1.0`;
    this.allowPrivateNetworks = options.allowPrivateNetworks ?? false;
    this.timeoutMs = positiveInteger('timeoutMs', options.timeoutMs ?? 15_000);
    this.maxBytes = positiveInteger('maxBytes', options.maxBytes ?? 10 * 1024 * 1024);
    this.maxCrawlDelayMs = nonNegative('maxCrawlDelayMs', options.maxCrawlDelayMs ?? 10_000);
    this.maxSitemapEntries = positiveInteger('maxSitemapEntries', options.maxSitemapEntries ?? 5000);
    this.maxSitemapBytes = positiveInteger('maxSitemapBytes', options.maxSitemapBytes ?? 10 * 1024 * 1024);
  }

  /**
   * Yields one result per URL visited. Throws RefusedUrlError for a start URL the network guard refuses,
   * FetchError when robots.txt cannot be read (other than 4xx), and SitemapTooLargeError.
   */
  async *crawl(options: CrawlOptions): AsyncGenerator<CrawlResult, void, undefined> {
    const maxPages = positiveInteger('maxPages', options.maxPages ?? 200);
    const maxDepth = nonNegative('maxDepth', options.maxDepth ?? 3);
    const concurrency = positiveInteger('concurrency', options.concurrency ?? 2);
    const start = await assertPublicUrl(options.startUrl, { allowPrivateNetworks: this.allowPrivateNetworks });
    const site = start.origin;
    const previous = new Map<string, PreviousCrawlEntry>();
    for (const [url, entry] of options.previous ?? []) {
      if (URL.canParse(url)) previous.set(normaliseUrl(url), entry);
    }

    const abort = new AbortController();
    const throttle = new HostThrottle();
    let delayMs = nonNegative('delayMs', options.delayMs ?? 250);
    const fetchOptions = (maxBytes: number): FetchPageOptions => ({
      timeoutMs: this.timeoutMs,
      maxBytes,
      userAgent: this.userAgent,
      allowPrivateNetworks: this.allowPrivateNetworks,
      signal: abort.signal,
      beforeRequest: (url) => throttle.wait(url.host, delayMs, abort.signal),
    });

    const robots = await this.readRobots(start, (url) => fetchPage(url, fetchOptions(ROBOTS_MAX_BYTES)));
    if (robots.crawlDelayMs !== undefined)
      delayMs = Math.max(delayMs, Math.min(robots.crawlDelayMs, this.maxCrawlDelayMs));

    const crawlable = (url: URL): boolean =>
      url.origin === site && !hasSkippedExtension(url) && robots.isAllowed(url.href);
    const frontier = new Frontier();
    const enqueue = (url: URL, depth: number): boolean => {
      if (depth > maxDepth || !crawlable(url)) return false;
      const fetchUrl = new URL(url);
      fetchUrl.hash = '';
      frontier.add(normaliseUrl(url), fetchUrl.href, depth);
      return true;
    };

    const sitemapUrls = options.sitemapUrl
      ? [options.sitemapUrl]
      : robots.sitemaps.filter((url) => URL.canParse(url) && new URL(url).origin === site);
    let followLinks = true;
    for (const sitemapUrl of sitemapUrls) {
      const read = await this.readSitemapUrls(sitemapUrl, site, async (url, maxBytes) => {
        const response = await fetchPage(url, fetchOptions(maxBytes));
        if (response.status !== 'ok') throw new Error(`Sitemap ${url} is gone`);
        return response.body;
      });
      for (const error of read.errors) yield { url: error.url, depth: 0, kind: 'error', error: error.error };
      for (const url of read.urls) {
        if (URL.canParse(url) && enqueue(new URL(url), 0)) followLinks = false;
      }
    }
    if (followLinks) {
      if (!robots.isAllowed(start.href)) {
        yield { url: normaliseUrl(start), depth: 0, kind: 'error', error: `${start.href} is disallowed by robots.txt` };
      }
      enqueue(start, 0);
    }
    // A page answering 304 reveals no links, so pages known from the last crawl are revisited directly.
    for (const [url, entry] of previous) enqueue(new URL(url), entry.depth ?? maxDepth);

    const visit = async (item: FrontierItem): Promise<Visit> => {
      let duplicate = false;
      try {
        const known = previous.get(item.key);
        const response = await fetchPage(item.url, {
          ...fetchOptions(this.maxBytes),
          etag: known?.etag,
          lastModified: known?.lastModified,
          validatorsFor: (url) => previous.get(normaliseUrl(url)),
          canFollowRedirect: (url) => {
            const key = normaliseUrl(url);
            // Already fetched under this URL: drop the redirect instead of requesting the page twice.
            if (key !== item.key && frontier.isTaken(key)) duplicate = true;
            if (duplicate || !crawlable(url)) return false;
            frontier.markTaken(key);
            return true;
          },
        });
        const url = normaliseUrl(response.url);
        switch (response.status) {
          case 'not_modified':
            return { item, result: { url, depth: item.depth, kind: 'unchanged' }, links: [] };
          case 'gone':
            return { item, result: { url, depth: item.depth, kind: 'gone' }, links: [] };
          case 'ok': {
            const mimeType = response.contentType.split(';')[0].trim().toLowerCase();
            if (!PAGE_CONTENT_TYPES.has(mimeType)) {
              const error = `${response.url}: unsupported content type "${mimeType || '(none)'}"`;
              return { item, result: { url, depth: item.depth, kind: 'error', error }, links: [] };
            }
            const links =
              followLinks && mimeType === 'text/html' && item.depth < maxDepth
                ? extractLinks(response.body.toString('utf8'), response.url)
                : [];
            const { contentType, body, etag, lastModified } = response;
            return {
              item,
              result: { url, depth: item.depth, kind: 'page', contentType, body, etag, lastModified },
              links,
            };
          }
        }
      } catch (error) {
        if (abort.signal.aborted || duplicate) return { item, links: [] };
        const message = error instanceof Error ? error.message : String(error);
        return { item, result: { url: item.key, depth: item.depth, kind: 'error', error: message }, links: [] };
      }
    };

    const running = new Map<string, Promise<Visit>>();
    const emitted = new Set<string>();
    let started = 0;
    try {
      for (;;) {
        while (running.size < concurrency && started < maxPages) {
          const item = frontier.take();
          if (!item) break;
          started++;
          running.set(item.key, visit(item));
        }
        if (running.size === 0) return;
        const done = await Promise.race(running.values());
        running.delete(done.item.key);
        if (!done.result || emitted.has(done.result.url)) continue;
        // A redirect target is the page itself; it must not be fetched again under its own URL.
        frontier.markTaken(done.result.url);
        emitted.add(done.result.url);
        for (const link of done.links) enqueue(link, done.item.depth + 1);
        yield done.result;
      }
    } finally {
      abort.abort();
      await Promise.allSettled(running.values());
    }
  }

  private async readRobots(start: URL, fetch: (url: string) => ReturnType<typeof fetchPage>): Promise<Robots> {
    const robotsUrl = new URL('/robots.txt', start.origin).href;
    const allowAll: Robots = { isAllowed: () => true, sitemaps: [] };
    try {
      const response = await fetch(robotsUrl);
      if (response.status !== 'ok') return allowAll;
      const robot = robotsParser(robotsUrl, response.body.toString('utf8'));
      const crawlDelay = robot.getCrawlDelay(CRAWLER_ROBOTS_TOKEN);
      return {
        isAllowed: (url) => robot.isAllowed(url, CRAWLER_ROBOTS_TOKEN) !== false,
        crawlDelayMs: crawlDelay !== undefined && crawlDelay >= 0 ? crawlDelay * 1000 : undefined,
        sitemaps: robot.getSitemaps(),
      };
    } catch (error) {
      // RFC 9309: a 4xx robots.txt means no restrictions; an unreachable one means stay away.
      if (error instanceof FetchError && error.status !== undefined && error.status >= 400 && error.status < 500) {
        return allowAll;
      }
      throw error;
    }
  }

  private async readSitemapUrls(
    sitemapUrl: string,
    site: string,
    fetch: (url: string, maxBytes: number) => Promise<Buffer>,
  ): Promise<{ urls: string[]; errors: Array<{ url: string; error: string }> }> {
    const sitemapOrigin = URL.canParse(sitemapUrl) ? new URL(sitemapUrl).origin : site;
    try {
      return await readSitemap(sitemapUrl, {
        maxEntries: this.maxSitemapEntries,
        maxBytes: this.maxSitemapBytes,
        fetch,
        accept: (url) => URL.canParse(url) && [site, sitemapOrigin].includes(new URL(url).origin),
      });
    } catch (error) {
      if (error instanceof SitemapTooLargeError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      return { urls: [], errors: [{ url: sitemapUrl, error: message }] };
    }
  }
}
