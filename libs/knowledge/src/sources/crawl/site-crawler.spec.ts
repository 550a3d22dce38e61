import { gzipSync } from 'node:zlib';
import { FetchError } from './http-fetcher';
import { RefusedUrlError } from '@switchboard/network';
import { normaliseUrl, SiteCrawler } from './site-crawler';
import type { CrawlOptions, CrawlResult, PreviousCrawlEntry, SiteCrawlerOptions } from './site-crawler';
import { SitemapTooLargeError } from './sitemap-reader';
import { html, htmlPage, startTestSite } from './test-site.fixture';
import type { Route, TestSite } from './test-site.fixture';

const CRAWLER: SiteCrawlerOptions = { allowPrivateNetworks: true, timeoutMs: 5000, maxBytes: 64 * 1024 };

async function collect(results: AsyncIterable<CrawlResult>): Promise<CrawlResult[]> {
  const all: CrawlResult[] = [];
  for await (const result of results) all.push(result);
  return all;
}

function crawl(site: TestSite, options: Partial<CrawlOptions> = {}, crawler: SiteCrawlerOptions = {}) {
  return collect(
    new SiteCrawler({ ...CRAWLER, ...crawler }).crawl({ startUrl: site.url('/'), delayMs: 0, ...options }),
  );
}

/** url → kind, relative to the site, sorted, so assertions read like a site map. */
function summary(site: TestSite, results: CrawlResult[]): Record<string, string> {
  const entries = results.map((r) => [r.url.slice(site.origin.length), r.kind] as const);
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
}

// Server clocks see each request a few ms after the client sent it, so gaps jitter around the delay.
const JITTER_MS = 15;

function gaps(times: number[]): number[] {
  return times.slice(1).map((time, index) => time - times[index]);
}

const robots = (text: string): Route => ({ headers: { 'content-type': 'text/plain' }, body: text });
const xml = (body: string): Route => ({ headers: { 'content-type': 'application/xml' }, body });
const urlset = (urls: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls
    .map((url) => `<url><loc>${url}</loc></url>`)
    .join('')}</urlset>`;
const sitemapIndex = (urls: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls
    .map((url) => `<sitemap><loc>${url}</loc></sitemap>`)
    .join('')}</sitemapindex>`;

function star(count: number, page: (index: number) => Route = () => html(htmlPage('leaf'))): Record<string, Route> {
  const paths = Array.from({ length: count }, (_, index) => `/p${index + 1}`);
  return {
    '/': html(htmlPage('Home', paths)),
    ...Object.fromEntries(paths.map((path, index) => [path, page(index)])),
  };
}

describe('normaliseUrl', () => {
  it.each([
    ['https://Help.Example.TEST:443/Docs/?', 'https://help.example.test/Docs'],
    ['https://help.example.test', 'https://help.example.test/'],
    ['https://help.example.test/#top', 'https://help.example.test/'],
    ['https://help.example.test/a//', 'https://help.example.test/a'],
    ['https://help.example.test/search/?q=1&p=2#results', 'https://help.example.test/search?q=1&p=2'],
    ['http://help.example.test:80/x', 'http://help.example.test/x'],
    ['http://help.example.test:8080/x/', 'http://help.example.test:8080/x'],
  ])('%s → %s', (url, expected) => {
    expect(normaliseUrl(url)).toBe(expected);
  });

  it('resolves against a base and treats /docs and /docs/ as one page', () => {
    expect(normaliseUrl('../faq/#q1', 'https://help.example.test/docs/install')).toBe('https://help.example.test/faq');
    expect(normaliseUrl('https://help.example.test/docs/')).toBe(normaliseUrl('https://help.example.test/docs'));
  });
});

describe('SiteCrawler', () => {
  let site: TestSite;

  afterEach(() => site.close());

  describe('on a help centre without a sitemap', () => {
    beforeEach(async () => {
      site = await startTestSite({
        '/robots.txt': robots('User-agent: *\nDisallow: /private\n'),
        '/docs/': html(htmlPage('Docs', ['install', 'faq?topic=billing', '../'])),
        '/docs/install': html(htmlPage('Install')),
        '/docs/faq?topic=billing': html(htmlPage('Billing FAQ')),
        '/private/secret': html(htmlPage('Secret')),
        '/moved': { status: 301, headers: { location: '/docs/install' } },
        '/huge': html('x'.repeat(100 * 1024)),
        '/notes.txt': { headers: { 'content-type': 'text/plain' }, body: 'plain notes' },
        '/guide.md': { headers: { 'content-type': 'text/markdown; charset=utf-8' }, body: '# Guide' },
        '/manual.pdf': { headers: { 'content-type': 'application/pdf' }, body: '%PDF-1.4' },
        '/api/status': { headers: { 'content-type': 'application/json' }, body: '{}' },
        '/kb/': html(htmlPage('KB', ['article'], '<base href="/kb/v2/">')),
        '/kb/v2/article': html(htmlPage('Article')),
      });
      const offSite = `http://localhost:${new URL(site.origin).port}/offsite`;
      site.routes.set(
        '/',
        html(
          htmlPage('Home', [
            '/docs/',
            '/docs/install#step-2',
            '/docs/faq?topic=billing',
            '/private/secret',
            offSite,
            'mailto:help@example.test',
            'javascript:void(0)',
            '/logo.png',
            '/assets/site.css',
            '/app.js',
            '/moved',
            '/missing',
            '/huge',
            '/notes.txt',
            '/guide.md',
            '/manual.pdf',
            '/api/status',
            '/kb/',
          ]),
        ),
      );
    });

    it('follows same-site links breadth first and yields one result per page', async () => {
      const results = await crawl(site);
      expect(summary(site, results)).toEqual({
        '/': 'page',
        '/api/status': 'error',
        '/docs': 'page',
        '/docs/faq?topic=billing': 'page',
        '/docs/install': 'page',
        '/guide.md': 'page',
        '/huge': 'error',
        '/kb': 'page',
        '/kb/v2/article': 'page',
        '/manual.pdf': 'page',
        '/missing': 'gone',
        '/notes.txt': 'page',
      });
      expect(results[0]).toMatchObject({ url: site.url('/'), depth: 0, contentType: 'text/html; charset=utf-8' });
      expect(results.find((r) => r.url === site.url('/kb/v2/article'))?.depth).toBe(2);
      expect(results.find((r) => r.url === site.url('/huge'))).toMatchObject({
        error: expect.stringMatching(/body exceeds the 65536-byte limit/),
      });
      expect(results.find((r) => r.url === site.url('/api/status'))).toMatchObject({
        error: expect.stringMatching(/unsupported content type "application\/json"/),
      });
    });

    it('never requests off-site, disallowed, non-HTML-extension or duplicate URLs', async () => {
      await crawl(site);
      const paths = site.requests.map((r) => r.path);
      expect(site.requests.every((r) => r.host === new URL(site.origin).host)).toBe(true);
      expect(paths.filter((path) => path === '/robots.txt')).toHaveLength(1);
      expect(paths).not.toContain('/offsite');
      expect(paths).not.toContain('/private/secret');
      expect(paths.filter((path) => /\.(png|css|js)$/.test(path))).toEqual([]);
      expect(paths.filter((path) => path.startsWith('/docs/install'))).toHaveLength(1);
      expect(new Set(paths).size).toBe(paths.length);
    });

    it('stops at maxDepth', async () => {
      const results = await crawl(site, { maxDepth: 1 });
      expect(results.map((r) => r.depth)).not.toContain(2);
      expect(site.pagePaths()).not.toContain('/kb/v2/article');
      expect(summary(site, await crawl(site, { maxDepth: 0 }))).toEqual({ '/': 'page' });
    });

    it('fetches the same page once even when a redirect leads to it', async () => {
      const results = await crawl(site);
      expect(results.filter((r) => r.url === site.url('/docs/install'))).toHaveLength(1);
    });

    it('stops cleanly when the consumer stops early', async () => {
      for await (const result of new SiteCrawler(CRAWLER).crawl({ startUrl: site.url('/'), delayMs: 0 })) {
        expect(result.url).toBe(site.url('/'));
        break;
      }
      expect(site.pagePaths()).toEqual(['/']);
    });
  });

  describe('limits and politeness', () => {
    it('stops after maxPages', async () => {
      site = await startTestSite(star(20));
      const results = await crawl(site, { maxPages: 5 });
      expect(results).toHaveLength(5);
      expect(site.pagePaths()).toHaveLength(5);
    });

    it('follows a chain of links to maxDepth and no further', async () => {
      site = await startTestSite({
        '/': html(htmlPage('0', ['/d1'])),
        '/d1': html(htmlPage('1', ['/d2'])),
        '/d2': html(htmlPage('2', ['/d3'])),
        '/d3': html(htmlPage('3', ['/d4'])),
      });
      expect(summary(site, await crawl(site, { maxDepth: 2 }))).toEqual({ '/': 'page', '/d1': 'page', '/d2': 'page' });
      expect(site.pagePaths()).toEqual(['/', '/d1', '/d2']);
    });

    it.each([1, 3])('keeps at most %i requests in flight', async (concurrency) => {
      site = await startTestSite(star(12, () => html(htmlPage('slow'), { holdMs: 25 })));
      const results = await crawl(site, { concurrency });
      expect(results).toHaveLength(13);
      expect(site.maxInFlight).toBe(concurrency);
    });

    it('spaces requests to the host by delayMs', async () => {
      site = await startTestSite(star(3));
      await crawl(site, { delayMs: 50, concurrency: 2 });
      const times = site.requests.map((r) => r.at);
      expect(times).toHaveLength(5);
      for (const gap of gaps(times)) expect(gap).toBeGreaterThanOrEqual(50 - JITTER_MS);
    });

    it('honours the robots.txt Crawl-delay for its own user agent', async () => {
      site = await startTestSite({
        ...star(3),
        '/robots.txt': robots('User-agent: SwitchboardBot\nCrawl-delay: 0.06\n\nUser-agent: *\nCrawl-delay: 0\n'),
      });
      await crawl(site, { delayMs: 0 });
      for (const gap of gaps(site.requests.map((r) => r.at))) expect(gap).toBeGreaterThanOrEqual(60 - JITTER_MS);
    });

    it('caps an excessive Crawl-delay', async () => {
      site = await startTestSite({ ...star(3), '/robots.txt': robots('User-agent: *\nCrawl-delay: 120\n') });
      const started = Date.now();
      await crawl(site, { delayMs: 0 }, { maxCrawlDelayMs: 40 });
      expect(Date.now() - started).toBeLessThan(3000);
      for (const gap of gaps(site.requests.map((r) => r.at))) expect(gap).toBeGreaterThanOrEqual(40 - JITTER_MS);
    });
  });

  describe('robots.txt', () => {
    it('applies the group for SwitchboardBot rather than the catch-all', async () => {
      site = await startTestSite({
        ...star(3),
        '/robots.txt': robots('User-agent: *\nDisallow: /\n\nUser-agent: SwitchboardBot\nDisallow: /p2\n'),
      });
      expect(summary(site, await crawl(site))).toEqual({ '/': 'page', '/p1': 'page', '/p3': 'page' });
    });

    it('crawls everything when robots.txt is missing', async () => {
      site = await startTestSite(star(2));
      expect(Object.keys(summary(site, await crawl(site)))).toEqual(['/', '/p1', '/p2']);
    });

    it('stays away when robots.txt is unreachable', async () => {
      site = await startTestSite({ ...star(2), '/robots.txt': { status: 503 } });
      const failure = crawl(site);
      await expect(failure).rejects.toBeInstanceOf(FetchError);
      await expect(failure).rejects.toMatchObject({
        status: 503,
        message: expect.stringMatching(/robots\.txt: HTTP 503/),
      });
      expect(site.pagePaths()).toEqual([]);
    });

    it('reports a start URL that robots.txt disallows', async () => {
      site = await startTestSite({ ...star(2), '/robots.txt': robots('User-agent: *\nDisallow: /\n') });
      expect(await crawl(site)).toEqual([
        { url: site.url('/'), depth: 0, kind: 'error', error: `${site.url('/')} is disallowed by robots.txt` },
      ]);
      expect(site.pagePaths()).toEqual([]);
    });
  });

  describe('sitemaps', () => {
    it('crawls the URLs of the sitemap named in robots.txt instead of following links', async () => {
      site = await startTestSite({
        '/': html(htmlPage('Home', ['/linked-only'])),
        '/linked-only': html(htmlPage('Linked')),
        '/a': html(htmlPage('A', ['/linked-only'])),
        '/b': html(htmlPage('B')),
        '/private/p': html(htmlPage('P')),
      });
      site.routes.set(
        '/robots.txt',
        robots(`User-agent: *\nDisallow: /private\n\nSitemap: ${site.url('/sitemap.xml')}\n`),
      );
      site.routes.set(
        '/sitemap.xml',
        xml(urlset([site.url('/a'), site.url('/b#section'), site.url('/private/p'), 'http://localhost:9/x'])),
      );
      expect(summary(site, await crawl(site))).toEqual({ '/a': 'page', '/b': 'page' });
      const [first, ...pages] = site.pagePaths();
      expect(first).toBe('/sitemap.xml');
      expect(pages.sort()).toEqual(['/a', '/b']);
    });

    it('reads a sitemap index with nested (and gzipped) sitemaps', async () => {
      site = await startTestSite({ '/a': html('A'), '/b': html('B'), '/c': html('C') });
      site.routes.set(
        '/sitemap-index.xml',
        xml(
          sitemapIndex([
            site.url('/sitemap-pages.xml'),
            site.url('/sitemap-more.xml.gz'),
            site.url('/sitemap-missing.xml'),
            'http://localhost:9/sitemap-elsewhere.xml',
          ]),
        ),
      );
      site.routes.set('/sitemap-pages.xml', xml(urlset([site.url('/a'), site.url('/b')])));
      site.routes.set('/sitemap-more.xml.gz', {
        headers: { 'content-type': 'application/x-gzip' },
        body: gzipSync(urlset([site.url('/c'), site.url('/a')])),
      });
      const results = await crawl(site, { sitemapUrl: site.url('/sitemap-index.xml') });
      expect(summary(site, results)).toEqual({
        '/a': 'page',
        '/b': 'page',
        '/c': 'page',
        '/sitemap-missing.xml': 'error',
      });
      expect(results.find((r) => r.kind === 'error')).toMatchObject({ error: expect.stringMatching(/is gone/) });
    });

    it('rejects a sitemap with more entries than allowed', async () => {
      site = await startTestSite(star(4));
      site.routes.set('/sitemap.xml', xml(urlset(['/p1', '/p2', '/p3', '/p4'].map((path) => site.url(path)))));
      const failure = crawl(site, { sitemapUrl: site.url('/sitemap.xml') }, { maxSitemapEntries: 3 });
      await expect(failure).rejects.toBeInstanceOf(SitemapTooLargeError);
      await expect(failure).rejects.toMatchObject({ limit: 'entries', max: 3 });
      expect(site.pagePaths()).toEqual(['/sitemap.xml']);
    });

    it('counts entries over an index and its nested sitemaps', async () => {
      site = await startTestSite(star(4));
      site.routes.set(
        '/sitemap-index.xml',
        xml(sitemapIndex([site.url('/sitemap-1.xml'), site.url('/sitemap-2.xml')])),
      );
      site.routes.set('/sitemap-1.xml', xml(urlset([site.url('/p1'), site.url('/p2')])));
      site.routes.set('/sitemap-2.xml', xml(urlset([site.url('/p3'), site.url('/p4')])));
      const options = { sitemapUrl: site.url('/sitemap-index.xml') };
      await expect(crawl(site, options, { maxSitemapEntries: 5 })).rejects.toBeInstanceOf(SitemapTooLargeError);
      expect(await crawl(site, options, { maxSitemapEntries: 6 })).toHaveLength(4);
    });

    it('rejects a sitemap above the byte limit, compressed or not', async () => {
      site = await startTestSite(star(1));
      const big = urlset(Array.from({ length: 100 }, (_, index) => site.url(`/p${index}`)));
      site.routes.set('/sitemap.xml', xml(big));
      site.routes.set('/sitemap.xml.gz', { body: gzipSync(big) });
      for (const path of ['/sitemap.xml', '/sitemap.xml.gz']) {
        const failure = crawl(site, { sitemapUrl: site.url(path) }, { maxSitemapBytes: 1000 });
        await expect(failure).rejects.toMatchObject({ name: 'SitemapTooLargeError', limit: 'bytes', max: 1000 });
      }
    });

    it('falls back to following links when the sitemap cannot be read', async () => {
      site = await startTestSite(star(2));
      const results = await crawl(site, { sitemapUrl: site.url('/sitemap.xml') });
      expect(summary(site, results)).toEqual({ '/': 'page', '/p1': 'page', '/p2': 'page', '/sitemap.xml': 'error' });
    });
  });

  describe('re-crawling', () => {
    const remember = (results: CrawlResult[]) =>
      new Map<string, PreviousCrawlEntry>(
        results.map((r) => [
          r.url,
          r.kind === 'page' ? { etag: r.etag, lastModified: r.lastModified, depth: r.depth } : {},
        ]),
      );

    beforeEach(async () => {
      site = await startTestSite({
        '/': html(htmlPage('Home', ['/a', '/b']), { etag: '"home-1"' }),
        '/a': html(htmlPage('A'), { lastModified: 'Wed, 01 Jan 2025 00:00:00 GMT' }),
        '/b': html(htmlPage('B', ['/c']), { etag: '"b-1"' }),
        '/c': html(htmlPage('C'), { etag: '"c-1"' }),
      });
    });

    it('yields unchanged for every page whose validators still match', async () => {
      const previous = remember(await crawl(site));
      expect(previous.size).toBe(4);
      const firstCrawlRequests = site.requests.length;
      expect(summary(site, await crawl(site, { previous }))).toEqual({
        '/': 'unchanged',
        '/a': 'unchanged',
        '/b': 'unchanged',
        '/c': 'unchanged',
      });
      const conditional = site.requests.slice(firstCrawlRequests).filter((r) => r.path !== '/robots.txt');
      expect(conditional.map((r) => r.headers['if-none-match'] ?? r.headers['if-modified-since']).sort()).toEqual(
        ['"b-1"', '"c-1"', '"home-1"', 'Wed, 01 Jan 2025 00:00:00 GMT'].sort(),
      );
    });

    it('finds changed pages, their new links, and removed pages', async () => {
      const previous = remember(await crawl(site));
      site.routes.set('/b', html(htmlPage('B v2', ['/new']), { etag: '"b-2"' }));
      site.routes.set('/new', html(htmlPage('New')));
      site.routes.delete('/c');
      const results = await crawl(site, { previous });
      expect(summary(site, results)).toEqual({
        '/': 'unchanged',
        '/a': 'unchanged',
        '/b': 'page',
        '/c': 'gone',
        '/new': 'page',
      });
      expect(results.find((r) => r.url === site.url('/b'))).toMatchObject({ etag: '"b-2"', depth: 1 });
      expect(results.find((r) => r.url === site.url('/new'))?.depth).toBe(2);
    });
  });

  it('refuses a private start URL unless private networks are allowed', async () => {
    site = await startTestSite(star(1));
    const failure = crawl(site, {}, { allowPrivateNetworks: false });
    await expect(failure).rejects.toBeInstanceOf(RefusedUrlError);
    await expect(failure).rejects.toThrow(/127\.0\.0\.1 is a loopback address/);
    expect(site.requests).toHaveLength(0);
  });

  it('rejects nonsensical limits', async () => {
    site = await startTestSite(star(1));
    await expect(crawl(site, { maxPages: 0 })).rejects.toThrow(/maxPages must be a positive integer/);
    await expect(crawl(site, { concurrency: 1.5 })).rejects.toThrow(/concurrency must be a positive integer/);
    expect(() => new SiteCrawler({ maxBytes: -1 })).toThrow(/maxBytes/);
  });
});
