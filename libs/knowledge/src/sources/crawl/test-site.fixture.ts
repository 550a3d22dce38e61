import http from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A canned response; `etag` / `lastModified` make the route answer conditional requests with 304. */
export interface CannedResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  etag?: string;
  lastModified?: string;
  /** Holds the response back this long, so overlapping requests become visible to the server. */
  holdMs?: number;
}

export type Route = CannedResponse | ((request: IncomingMessage, response: ServerResponse) => void);

export interface RecordedRequest {
  path: string;
  host: string | undefined;
  at: number;
  headers: IncomingHttpHeaders;
}

export interface TestSite {
  origin: string;
  url(path: string): string;
  routes: Map<string, Route>;
  requests: RecordedRequest[];
  /** Paths requested, in order, robots.txt excluded. */
  pagePaths(): string[];
  /** Most page requests (robots.txt and sitemaps excluded) the server was answering at once. */
  maxInFlight: number;
  close(): Promise<void>;
}

/** An HTML page linking to each of `links`. */
export function htmlPage(title: string, links: string[] = [], head = ''): string {
  const anchors = links.map((href) => `<a href="${href}">${href}</a>`).join('\n');
  return `<!doctype html><html><head><title>${title}</title>${head}</head><body><h1>${title}</h1>${anchors}</body></html>`;
}

export function html(body: string, extra: CannedResponse = {}): CannedResponse {
  return { ...extra, body, headers: { 'content-type': 'text/html; charset=utf-8', ...extra.headers } };
}

function isInfrastructure(path: string): boolean {
  return path === '/robots.txt' || path.includes('sitemap');
}

function answer(route: CannedResponse, request: IncomingMessage, response: ServerResponse): void {
  const headers: Record<string, string> = { ...route.headers };
  if (route.etag) headers.etag = route.etag;
  if (route.lastModified) headers['last-modified'] = route.lastModified;
  const etagMatches = route.etag !== undefined && request.headers['if-none-match'] === route.etag;
  const dateMatches =
    route.lastModified !== undefined &&
    request.headers['if-none-match'] === undefined &&
    request.headers['if-modified-since'] === route.lastModified;
  if (etagMatches || dateMatches) {
    response.writeHead(304, headers).end();
    return;
  }
  response.writeHead(route.status ?? 200, headers).end(route.body ?? '');
}

export async function startTestSite(routes: Record<string, Route>): Promise<TestSite> {
  let inFlight = 0;
  const site: TestSite = {
    origin: '',
    url: (path) => `${site.origin}${path}`,
    routes: new Map(Object.entries(routes)),
    requests: [],
    pagePaths: () => site.requests.map((r) => r.path).filter((path) => path !== '/robots.txt'),
    maxInFlight: 0,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((request, response) => {
    const path = request.url ?? '/';
    site.requests.push({ path, host: request.headers.host, at: Date.now(), headers: request.headers });
    if (!isInfrastructure(path)) {
      inFlight++;
      site.maxInFlight = Math.max(site.maxInFlight, inFlight);
      response.on('close', () => inFlight--);
    }
    const route = site.routes.get(path);
    if (route === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    } else if (typeof route === 'function') {
      route(request, response);
    } else if (route.holdMs) {
      setTimeout(() => answer(route, request, response), route.holdMs);
    } else {
      answer(route, request, response);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return site;
}
