import { gunzipSync } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import { FetchError } from './http-fetcher';

export class SitemapTooLargeError extends Error {
  constructor(
    readonly sitemapUrl: string,
    readonly limit: 'entries' | 'bytes',
    readonly max: number,
  ) {
    super(
      limit === 'entries'
        ? `Sitemap ${sitemapUrl} lists more than ${max} entries`
        : `Sitemap ${sitemapUrl} is larger than ${max} bytes`,
    );
    this.name = 'SitemapTooLargeError';
  }
}

export type SitemapDocument = { kind: 'urlset'; urls: string[] } | { kind: 'index'; sitemaps: string[] };

export interface SitemapReaderOptions {
  /** Most `<url>` plus `<sitemap>` entries accepted over the index and every nested sitemap. */
  maxEntries: number;
  /** Most bytes accepted for one sitemap file, after gzip decompression. */
  maxBytes: number;
  /** Fetches one sitemap file; must throw FetchError('too_large') above `maxBytes`. */
  fetch: (url: string, maxBytes: number) => Promise<Buffer>;
  /** Nested sitemaps for which this returns false are skipped (e.g. other sites). */
  accept?: (url: string) => boolean;
  /** How deep sitemap indexes may nest; the protocol allows 1, real sites sometimes use more. */
  maxNesting?: number;
}

export interface SitemapReadResult {
  urls: string[];
  /** Nested sitemaps that could not be read; the root sitemap failing throws instead. */
  errors: Array<{ url: string; error: string }>;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === 'url' || name === 'sitemap',
});

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function locations(entries: unknown): string[] {
  if (!Array.isArray(entries)) return [];
  return entries.flatMap((entry: unknown) => {
    const loc = isRecord(entry) ? entry.loc : undefined;
    return typeof loc === 'string' && loc.trim() !== '' ? [loc.trim()] : [];
  });
}

/** Parses a `<urlset>` or `<sitemapindex>` document (gzip-compressed or not). */
export function parseSitemap(content: Buffer, sitemapUrl: string, maxBytes: number): SitemapDocument {
  let xml = content;
  if (content[0] === 0x1f && content[1] === 0x8b) {
    try {
      xml = gunzipSync(content, { maxOutputLength: maxBytes });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new SitemapTooLargeError(sitemapUrl, 'bytes', maxBytes);
      }
      throw new Error(`Sitemap ${sitemapUrl} is not valid gzip`, { cause: error });
    }
  }
  const parsed: unknown = parser.parse(xml.toString('utf8'));
  if (isRecord(parsed) && isRecord(parsed.urlset)) return { kind: 'urlset', urls: locations(parsed.urlset.url) };
  if (isRecord(parsed) && 'urlset' in parsed) return { kind: 'urlset', urls: [] };
  if (isRecord(parsed) && isRecord(parsed.sitemapindex)) {
    return { kind: 'index', sitemaps: locations(parsed.sitemapindex.sitemap) };
  }
  if (isRecord(parsed) && 'sitemapindex' in parsed) return { kind: 'index', sitemaps: [] };
  throw new Error(`Sitemap ${sitemapUrl} has neither <urlset> nor <sitemapindex>`);
}

/** Reads a sitemap and, for an index, its nested sitemaps; returns page URLs in document order. */
export async function readSitemap(rootUrl: string, options: SitemapReaderOptions): Promise<SitemapReadResult> {
  const maxNesting = options.maxNesting ?? 2;
  const result: SitemapReadResult = { urls: [], errors: [] };
  const visited = new Set<string>();
  let entries = 0;

  const count = (added: number, url: string) => {
    entries += added;
    if (entries > options.maxEntries) throw new SitemapTooLargeError(url, 'entries', options.maxEntries);
  };

  const read = async (url: string, nesting: number): Promise<void> => {
    visited.add(url);
    let content: Buffer;
    try {
      content = await options.fetch(url, options.maxBytes);
    } catch (error) {
      if (error instanceof FetchError && error.reason === 'too_large') {
        throw new SitemapTooLargeError(url, 'bytes', options.maxBytes);
      }
      throw error;
    }
    const document = parseSitemap(content, url, options.maxBytes);
    if (document.kind === 'urlset') {
      count(document.urls.length, url);
      result.urls.push(...document.urls);
      return;
    }
    count(document.sitemaps.length, url);
    for (const child of document.sitemaps) {
      if (visited.has(child) || nesting >= maxNesting || (options.accept && !options.accept(child))) continue;
      try {
        await read(child, nesting + 1);
      } catch (error) {
        if (error instanceof SitemapTooLargeError) throw error;
        result.errors.push({ url: child, error: error instanceof Error ? error.message : String(error) });
      }
    }
  };

  await read(rootUrl, 0);
  return result;
}
