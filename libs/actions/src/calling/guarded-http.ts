import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import { RefusedUrlError, assertPublicUrl, guardedAgent } from '@switchboard/network';
import type { ActionMethod } from '@switchboard/database';

/** One HTTP request of an action call; `headers` are the action's own (with secrets), sent to its origin only. */
export interface ActionHttpRequest {
  method: ActionMethod;
  url: URL;
  headers: Record<string, string>;
  body: string | null;
}

export interface GuardedHttpOptions {
  timeoutMs: number;
  maxResponseBytes: number;
  /** Lower-case hosts every hop, redirects included, must be on. */
  allowedHosts: readonly string[];
  /** Lets the declared origin be private (tests, development); a redirect elsewhere never may. */
  allowPrivateNetworks: boolean;
}

export interface HttpExchange {
  status: number;
  body: Buffer;
}

export type HttpFailureReason =
  'timeout' | 'network' | 'too_large' | 'host_not_allowed' | 'network_guard' | 'bad_redirect';

export class HttpCallError extends Error {
  constructor(
    readonly reason: HttpFailureReason,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'HttpCallError';
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 3;
const BASE_HEADERS = { accept: 'application/json', 'user-agent': 'SwitchboardActions/1.0' };

/**
 * Sends the request under the network guard: every hop's host on the allow-list and its addresses public (checked
 * again when the socket connects), the whole exchange within `timeoutMs`, the body read up to `maxResponseBytes`.
 */
export async function sendGuarded(request: ActionHttpRequest, options: GuardedHttpOptions): Promise<HttpExchange> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    return await followRedirects(request, options, controller.signal);
  } catch (error) {
    if (controller.signal.aborted) throw new HttpCallError('timeout', `no response within ${options.timeoutMs} ms`);
    if (error instanceof HttpCallError) throw error;
    if (error instanceof RefusedUrlError) throw new HttpCallError('network_guard', error.message);
    throw new HttpCallError('network', error instanceof Error ? error.message : String(error));
  } finally {
    clearTimeout(timer);
  }
}

async function followRedirects(
  first: ActionHttpRequest,
  options: GuardedHttpOptions,
  signal: AbortSignal,
): Promise<HttpExchange> {
  const origin = first.url.origin;
  let request = first;
  for (let redirects = 0; ; redirects++) {
    const allowPrivateNetworks = options.allowPrivateNetworks && request.url.origin === origin;
    await checkTarget(request.url, options.allowedHosts, allowPrivateNetworks);
    const response = await send(request, signal, allowPrivateNetworks);
    const status = response.statusCode ?? 0;
    if (!REDIRECTS.has(status)) return { status, body: await readCapped(response, options.maxResponseBytes) };
    response.destroy();
    if (redirects >= MAX_REDIRECTS) throw new HttpCallError('bad_redirect', `more than ${MAX_REDIRECTS} redirects`);
    request = redirected(request, response.headers.location, status, origin);
  }
}

async function checkTarget(url: URL, allowedHosts: readonly string[], allowPrivateNetworks: boolean): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (!allowedHosts.includes(host)) {
    throw new HttpCallError('host_not_allowed', `${host} is not one of the workspace's action hosts`);
  }
  await assertPublicUrl(url, { allowPrivateNetworks });
}

/** The next hop: 303 (and 301/302 after anything but GET) becomes a body-less GET; another origin gets no headers. */
function redirected(
  from: ActionHttpRequest,
  location: string | undefined,
  status: number,
  origin: string,
): ActionHttpRequest {
  if (!location) throw new HttpCallError('bad_redirect', `HTTP ${status} without a Location`, status);
  let url: URL;
  try {
    url = new URL(location, from.url);
  } catch {
    throw new HttpCallError('bad_redirect', `HTTP ${status} to an invalid Location`, status);
  }
  const toGet = status === 303 || ((status === 301 || status === 302) && from.method !== 'GET');
  return {
    method: toGet ? 'GET' : from.method,
    url,
    headers: url.origin === origin ? from.headers : {},
    body: toGet ? null : from.body,
  };
}

function send(
  request: ActionHttpRequest,
  signal: AbortSignal,
  allowPrivateNetworks: boolean,
): Promise<IncomingMessage> {
  const headers: Record<string, string> = { ...BASE_HEADERS, ...request.headers };
  if (request.body !== null) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(request.body));
  }
  return new Promise((resolve, reject) => {
    const client = request.url.protocol === 'https:' ? https : http;
    const outgoing = client.request(request.url, {
      method: request.method,
      headers,
      signal,
      agent: guardedAgent(request.url.protocol, allowPrivateNetworks),
    });
    outgoing.once('response', resolve);
    outgoing.on('error', reject);
    outgoing.end(request.body ?? undefined);
  });
}

/** Reads the body, stopping (and dropping the connection) as soon as it grows past the cap. */
async function readCapped(response: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const status = response.statusCode ?? null;
  const tooLarge = () => new HttpCallError('too_large', `response larger than ${maxBytes} bytes`, status);
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response) {
    const buffer = chunk as Buffer;
    total += buffer.length;
    if (total > maxBytes) {
      response.destroy();
      throw tooLarge();
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, total);
}
