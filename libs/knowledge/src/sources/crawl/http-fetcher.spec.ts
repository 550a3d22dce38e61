import type { LookupAddress } from 'node:dns';
import { gzipSync } from 'node:zlib';
import { fetchPage, FetchError } from './http-fetcher';
import type { FetchPageOptions } from './http-fetcher';
import { html, htmlPage, startTestSite } from './test-site.fixture';
import type { TestSite } from './test-site.fixture';

// Successive answers per hostname, to play a DNS-rebinding attacker; other names resolve normally.
const mockDnsAnswers = new Map<string, string[]>();
jest.mock('node:dns/promises', () => {
  const actual: typeof import('node:dns/promises') = jest.requireActual('node:dns/promises');
  return {
    ...actual,
    lookup: (hostname: string, options: { all: true }): Promise<LookupAddress[]> => {
      const answers = mockDnsAnswers.get(hostname);
      const address = answers?.shift();
      return address ? Promise.resolve([{ address, family: 4 }]) : actual.lookup(hostname, options);
    },
  };
});

const OPTIONS: FetchPageOptions = {
  timeoutMs: 5000,
  maxBytes: 64 * 1024,
  userAgent: 'SwitchboardBot/1.0 (test)',
  allowPrivateNetworks: true,
};

async function fetchError(url: string, options: Partial<FetchPageOptions> = {}): Promise<FetchError> {
  try {
    await fetchPage(url, { ...OPTIONS, ...options });
  } catch (error) {
    if (error instanceof FetchError) return error;
    throw error;
  }
  throw new Error(`${url} did not fail`);
}

const redirect = (location: string, status = 301) => ({ status, headers: { location } });

describe('fetchPage', () => {
  let site: TestSite;
  let bytesSent = 0;

  beforeEach(async () => {
    bytesSent = 0;
    site = await startTestSite({
      '/page': html(htmlPage('Page'), { etag: '"v1"', lastModified: 'Wed, 01 Jan 2025 00:00:00 GMT' }),
      '/dated': html('dated', { lastModified: 'Wed, 01 Jan 2025 00:00:00 GMT' }),
      '/old': redirect('/page'),
      '/temporary': redirect('/old', 307),
      '/loop-a': redirect('/loop-b', 302),
      '/loop-b': redirect('/loop-a', 302),
      '/chain-0': redirect('/chain-1'),
      '/chain-1': redirect('/chain-2'),
      '/chain-2': redirect('/chain-3'),
      '/chain-3': redirect('/chain-4'),
      '/chain-4': redirect('/chain-5'),
      '/chain-5': redirect('/page'),
      '/to-other-site': redirect('http://localhost:9/elsewhere'),
      '/to-file': redirect('file:///etc/passwd'),
      '/no-location': { status: 302 },
      '/removed': { status: 410, body: 'gone' },
      '/broken': { status: 500, body: 'oops' },
      '/declared-huge': { headers: { 'content-length': String(10 * 1024 * 1024) }, body: Buffer.alloc(0) },
      '/gzip': { headers: { 'content-type': 'text/plain', 'content-encoding': 'gzip' }, body: gzipSync('hello, gzip') },
      '/gzip-bomb': {
        headers: { 'content-type': 'text/plain', 'content-encoding': 'gzip' },
        body: gzipSync(Buffer.alloc(5 * 1024 * 1024)),
      },
      '/endless': (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/html' });
        const chunk = Buffer.alloc(16 * 1024, 'a');
        const pump = () => {
          while (!response.destroyed && bytesSent < 50 * 1024 * 1024) {
            bytesSent += chunk.length;
            if (!response.write(chunk)) return void response.once('drain', pump);
          }
          response.end();
        };
        pump();
      },
      '/silent': () => undefined,
    });
  });

  afterEach(() => site.close());

  it('returns the body, content type and validators of a page', async () => {
    const result = await fetchPage(site.url('/page'), OPTIONS);
    expect(result).toEqual({
      status: 'ok',
      url: site.url('/page'),
      contentType: 'text/html; charset=utf-8',
      body: Buffer.from(htmlPage('Page')),
      etag: '"v1"',
      lastModified: 'Wed, 01 Jan 2025 00:00:00 GMT',
    });
    expect(site.requests[0].headers['user-agent']).toBe('SwitchboardBot/1.0 (test)');
  });

  it('sends If-None-Match and reports not_modified on 304', async () => {
    await expect(fetchPage(site.url('/page'), { ...OPTIONS, etag: '"v1"' })).resolves.toEqual({
      status: 'not_modified',
      url: site.url('/page'),
    });
    expect(site.requests[0].headers['if-none-match']).toBe('"v1"');
  });

  it('sends If-Modified-Since and reports not_modified on 304', async () => {
    const result = await fetchPage(site.url('/dated'), { ...OPTIONS, lastModified: 'Wed, 01 Jan 2025 00:00:00 GMT' });
    expect(result.status).toBe('not_modified');
    expect(site.requests[0].headers['if-modified-since']).toBe('Wed, 01 Jan 2025 00:00:00 GMT');
  });

  it('fetches the whole page again when the validator is stale', async () => {
    const result = await fetchPage(site.url('/page'), { ...OPTIONS, etag: '"v0"' });
    expect(result).toMatchObject({ status: 'ok', etag: '"v1"' });
  });

  it('follows redirects and reports the final URL', async () => {
    const result = await fetchPage(site.url('/temporary'), OPTIONS);
    expect(result).toMatchObject({ status: 'ok', url: site.url('/page') });
    expect(site.requests.map((r) => r.path)).toEqual(['/temporary', '/old', '/page']);
  });

  it('sends the redirect target its own validators', async () => {
    const result = await fetchPage(site.url('/old'), {
      ...OPTIONS,
      validatorsFor: (url) => (url === site.url('/page') ? { etag: '"v1"' } : undefined),
    });
    expect(result).toEqual({ status: 'not_modified', url: site.url('/page') });
  });

  it('follows at most five redirects', async () => {
    await expect(fetchPage(site.url('/chain-1'), OPTIONS)).resolves.toMatchObject({ status: 'ok' });
    const error = await fetchError(site.url('/chain-0'));
    expect(error.reason).toBe('too_many_redirects');
    expect(error.message).toMatch(/more than 5 redirects/);
    expect((await fetchError(site.url('/loop-a'))).reason).toBe('too_many_redirects');
  });

  it('refuses to leave the site on a redirect', async () => {
    const error = await fetchError(site.url('/to-other-site'));
    expect(error).toMatchObject({ reason: 'redirect_off_site', status: 301 });
    expect(error.message).toContain('http://localhost:9/elsewhere');
    expect((await fetchError(site.url('/to-file'))).reason).toBe('redirect_off_site');
  });

  it('calls beforeRequest before every request, redirect hops included', async () => {
    const hops: string[] = [];
    await fetchPage(site.url('/temporary'), { ...OPTIONS, beforeRequest: async (url) => void hops.push(url.pathname) });
    expect(hops).toEqual(['/temporary', '/old', '/page']);
  });

  it('lets the caller veto a redirect target', async () => {
    const error = await fetchError(site.url('/old'), { canFollowRedirect: (url) => url.pathname !== '/page' });
    expect(error.reason).toBe('redirect_blocked');
    expect(site.requests.map((r) => r.path)).toEqual(['/old']);
  });

  it('reports a redirect without a Location', async () => {
    expect(await fetchError(site.url('/no-location'))).toMatchObject({ reason: 'bad_redirect', status: 302 });
  });

  it('reports 404 and 410 as gone', async () => {
    await expect(fetchPage(site.url('/nothing-here'), OPTIONS)).resolves.toEqual({
      status: 'gone',
      url: site.url('/nothing-here'),
      httpStatus: 404,
    });
    await expect(fetchPage(site.url('/removed'), OPTIONS)).resolves.toMatchObject({ status: 'gone', httpStatus: 410 });
  });

  it('throws a FetchError carrying the status for other failures', async () => {
    const error = await fetchError(site.url('/broken'));
    expect(error).toMatchObject({ reason: 'http_status', status: 500, url: site.url('/broken') });
    expect(error.message).toBe(`${site.url('/broken')}: HTTP 500`);
  });

  it('aborts a body that grows past maxBytes while streaming', async () => {
    const error = await fetchError(site.url('/endless'));
    expect(error.reason).toBe('too_large');
    expect(error.message).toMatch(/body exceeds the 65536-byte limit/);
    expect(bytesSent).toBeLessThan(50 * 1024 * 1024);
  });

  it('refuses a declared Content-Length above maxBytes before reading', async () => {
    expect((await fetchError(site.url('/declared-huge'))).reason).toBe('too_large');
  });

  it('decompresses gzip, and limits the decompressed size', async () => {
    const result = await fetchPage(site.url('/gzip'), OPTIONS);
    expect(result.status === 'ok' && result.body.toString()).toBe('hello, gzip');
    expect((await fetchError(site.url('/gzip-bomb'))).reason).toBe('too_large');
  });

  it('times out', async () => {
    const error = await fetchError(site.url('/silent'), { timeoutMs: 100 });
    expect(error.reason).toBe('timeout');
    expect(error.message).toMatch(/timed out after 100 ms/);
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    const pending = fetchError(site.url('/silent'), { signal: controller.signal });
    controller.abort();
    expect((await pending).reason).toBe('aborted');
  });

  it('refuses private addresses unless allowed, without sending a request', async () => {
    const error = await fetchError(site.url('/page'), { allowPrivateNetworks: false });
    expect(error.reason).toBe('refused');
    expect(error.message).toMatch(/127\.0\.0\.1 is a loopback address/);
    expect(site.requests).toHaveLength(0);
  });

  it('refuses a hostname resolving to loopback', async () => {
    const port = new URL(site.origin).port;
    const error = await fetchError(`http://localhost:${port}/page`, { allowPrivateNetworks: false });
    expect(error.reason).toBe('refused');
    expect(error.message).toMatch(/localhost resolves to .*, a loopback address/);
    expect(site.requests).toHaveLength(0);
  });

  it('checks the address it connects to, so DNS rebinding after the check is refused', async () => {
    const port = new URL(site.origin).port;
    // The first answer passes the up-front check; the socket then resolves again and gets loopback.
    mockDnsAnswers.set('rebind.example.test', ['93.184.216.34', '127.0.0.1']);
    const error = await fetchError(`http://rebind.example.test:${port}/page`, { allowPrivateNetworks: false });
    expect(error.reason).toBe('refused');
    expect(error.message).toMatch(/rebind\.example\.test resolves to 127\.0\.0\.1, a loopback address/);
    expect(mockDnsAnswers.get('rebind.example.test')).toEqual([]);
    expect(site.requests).toHaveLength(0);
  });
});
