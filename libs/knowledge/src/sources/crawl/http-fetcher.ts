import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import zlib from 'node:zlib';
import { assertPublicUrl, guardedAgent, RefusedUrlError } from '@switchboard/network';

export type FetchErrorReason =
  | 'refused'
  | 'timeout'
  | 'aborted'
  | 'too_large'
  | 'too_many_redirects'
  | 'redirect_off_site'
  | 'redirect_blocked'
  | 'bad_redirect'
  | 'http_status'
  | 'network';

export class FetchError extends Error {
  constructor(
    readonly reason: FetchErrorReason,
    message: string,
    readonly url: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FetchError';
  }
}

/** HTTP cache validators remembered from an earlier fetch of the same URL. */
export interface Validators {
  etag?: string;
  lastModified?: string;
}

export interface FetchPageOptions extends Validators {
  /** Deadline for the whole fetch: every redirect hop and the body. */
  timeoutMs: number;
  /** Largest (decoded) body accepted; the download is aborted as soon as it grows past this. */
  maxBytes: number;
  userAgent: string;
  allowPrivateNetworks: boolean;
  /** Defaults to 5. */
  maxRedirects?: number;
  accept?: string;
  signal?: AbortSignal;
  /** Validators to send to a redirect target (the `etag` / `lastModified` options apply to `url` only). */
  validatorsFor?: (url: string) => Validators | undefined;
  /** Lets the caller veto a redirect target, e.g. one that robots.txt disallows. */
  canFollowRedirect?: (url: URL) => boolean;
  /** Awaited before every request, redirects included (e.g. a per-host delay); not counted in `timeoutMs`. */
  beforeRequest?: (url: URL) => Promise<void>;
}

export type FetchPageResult =
  | { status: 'ok'; url: string; contentType: string; body: Buffer; etag?: string; lastModified?: string }
  | { status: 'not_modified'; url: string }
  | { status: 'gone'; url: string; httpStatus: number };

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const DEFAULT_ACCEPT =
  'text/html,application/xhtml+xml,text/plain;q=0.9,text/markdown;q=0.9,application/pdf;q=0.8,*/*;q=0.5';

/** GETs a page with the network guard applied to every hop and every connection. */
export async function fetchPage(url: string, options: FetchPageOptions): Promise<FetchPageResult> {
  const deadline = new Deadline(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([deadline.signal, options.signal]) : deadline.signal;
  let current = url;
  try {
    return await followRedirects(url, options, signal, deadline, (hop) => (current = hop));
  } catch (error) {
    if (deadline.signal.aborted) {
      throw new FetchError('timeout', `${current}: timed out after ${options.timeoutMs} ms`, current, undefined, {
        cause: error,
      });
    }
    if (options.signal?.aborted)
      throw new FetchError('aborted', `${current}: aborted`, current, undefined, { cause: error });
    if (error instanceof FetchError) throw error;
    if (error instanceof RefusedUrlError)
      throw new FetchError('refused', error.message, current, undefined, { cause: error });
    const code = (error as NodeJS.ErrnoException).code;
    const detail = error instanceof Error ? error.message : String(error);
    throw new FetchError('network', `${current}: ${code ? `${code} ` : ''}${detail}`, current, undefined, {
      cause: error,
    });
  } finally {
    deadline.clear();
  }
}

/** An abort timer that can be paused while the caller's `beforeRequest` wait runs. */
class Deadline {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private startedAt = 0;

  constructor(private remainingMs: number) {
    this.resume();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  pause(): void {
    clearTimeout(this.timer);
    this.remainingMs -= Date.now() - this.startedAt;
  }

  resume(): void {
    this.startedAt = Date.now();
    this.timer = setTimeout(() => this.controller.abort(), Math.max(0, this.remainingMs));
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}

async function followRedirects(
  url: string,
  options: FetchPageOptions,
  signal: AbortSignal,
  deadline: Deadline,
  onHop: (url: string) => void,
): Promise<FetchPageResult> {
  const maxRedirects = options.maxRedirects ?? 5;
  const guard = { allowPrivateNetworks: options.allowPrivateNetworks };
  let target = await assertPublicUrl(url, guard);
  const origin = target.origin;
  let validators: Validators | undefined = { etag: options.etag, lastModified: options.lastModified };
  for (let redirects = 0; ; redirects++) {
    onHop(target.href);
    const conditional = Boolean(validators?.etag || validators?.lastModified);
    if (options.beforeRequest) {
      deadline.pause();
      await options.beforeRequest(target);
      deadline.resume();
    }
    const response = await request(target, headersFor(options, validators), signal, options.allowPrivateNetworks);
    const status = response.statusCode ?? 0;

    if (REDIRECT_STATUSES.has(status)) {
      response.destroy();
      const next = redirectTarget(target, response.headers.location, status);
      if (next.origin !== origin) {
        throw new FetchError(
          'redirect_off_site',
          `${target.href}: redirects off site to ${next.href}`,
          target.href,
          status,
        );
      }
      if (options.canFollowRedirect && !options.canFollowRedirect(next)) {
        throw new FetchError(
          'redirect_blocked',
          `${target.href}: redirect to ${next.href} is not allowed`,
          target.href,
        );
      }
      if (redirects >= maxRedirects) {
        throw new FetchError('too_many_redirects', `${url}: more than ${maxRedirects} redirects`, target.href, status);
      }
      target = await assertPublicUrl(next, guard);
      validators = options.validatorsFor?.(target.href);
      continue;
    }
    if (status === 304 && conditional) {
      response.resume();
      return { status: 'not_modified', url: target.href };
    }
    if (status === 404 || status === 410) {
      response.destroy();
      return { status: 'gone', url: target.href, httpStatus: status };
    }
    if (status < 200 || status > 299) {
      response.destroy();
      throw new FetchError('http_status', `${target.href}: HTTP ${status}`, target.href, status);
    }
    const body = await readBody(response, options.maxBytes, target.href);
    return {
      status: 'ok',
      url: target.href,
      contentType: headerValue(response.headers['content-type']) ?? '',
      body,
      etag: headerValue(response.headers.etag),
      lastModified: headerValue(response.headers['last-modified']),
    };
  }
}

function headersFor(options: FetchPageOptions, validators: Validators | undefined): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    'user-agent': options.userAgent,
    accept: options.accept ?? DEFAULT_ACCEPT,
    'accept-encoding': 'gzip, deflate, br',
  };
  if (validators?.etag) headers['if-none-match'] = validators.etag;
  if (validators?.lastModified) headers['if-modified-since'] = validators.lastModified;
  return headers;
}

function redirectTarget(from: URL, location: string | undefined, status: number): URL {
  if (!location)
    throw new FetchError('bad_redirect', `${from.href}: HTTP ${status} without a Location`, from.href, status);
  try {
    return new URL(location, from);
  } catch {
    throw new FetchError('bad_redirect', `${from.href}: invalid redirect Location "${location}"`, from.href, status);
  }
}

function request(
  url: URL,
  headers: OutgoingHttpHeaders,
  signal: AbortSignal,
  allowPrivateNetworks: boolean,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, {
      method: 'GET',
      headers,
      signal,
      agent: guardedAgent(url.protocol, allowPrivateNetworks),
    });
    req.once('response', resolve);
    req.on('error', reject);
    req.end();
  });
}

function decoded(response: IncomingMessage): Readable {
  const encoding = headerValue(response.headers['content-encoding'])?.trim().toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? zlib.createGunzip()
      : encoding === 'deflate'
        ? zlib.createInflate()
        : encoding === 'br'
          ? zlib.createBrotliDecompress()
          : undefined;
  if (!decoder) return response;
  return pipeline(response, decoder, () => undefined);
}

async function readBody(response: IncomingMessage, maxBytes: number, url: string): Promise<Buffer> {
  const tooLarge = () =>
    new FetchError('too_large', `${url}: body exceeds the ${maxBytes}-byte limit`, url, response.statusCode);
  const declared = Number(headerValue(response.headers['content-length']));
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw tooLarge();
  }
  const stream = decoded(response);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      total += buffer.length;
      if (total > maxBytes) throw tooLarge();
      chunks.push(buffer);
    }
  } finally {
    // Stops the download (and any decompression) the moment we give up on the body.
    if (total > maxBytes || !stream.readableEnded) {
      stream.destroy();
      response.destroy();
    }
  }
  return Buffer.concat(chunks, total);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}
