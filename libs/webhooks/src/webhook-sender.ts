import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import { RefusedUrlError, assertPublicUrl, guardedAgent } from '@switchboard/network';
import { parseRetryAfter } from './retry-schedule';

export const WEBHOOK_TIMEOUT_MS = 10_000;
/** How much of a response body the delivery log keeps. */
export const RESPONSE_EXCERPT_BYTES = 1024;

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** What one attempt got: a response (any status) or no response at all (`error`). */
export interface WebhookResponse {
  status: number | null;
  latencyMs: number;
  excerpt: string | null;
  retryAfterMs: number | null;
  error: string | null;
}

/**
 * POSTs one delivery under the network guard (the URL's addresses public, checked again when the socket connects,
 * unless private networks are allowed for tests). Redirects are not followed: a 3xx is a failure, like any non-2xx.
 */
export async function sendWebhook(
  request: WebhookRequest,
  options: { allowPrivateNetworks: boolean; timeoutMs?: number },
): Promise<WebhookResponse> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const failed = (error: string): WebhookResponse => ({
    status: null,
    latencyMs: Date.now() - started,
    excerpt: null,
    retryAfterMs: null,
    error,
  });
  try {
    const url = await assertPublicUrl(request.url, { allowPrivateNetworks: options.allowPrivateNetworks });
    const response = await post(url, request, controller.signal, options.allowPrivateNetworks);
    const excerpt = await readExcerpt(response);
    const status = response.statusCode ?? 0;
    const retryAfter: string | string[] | undefined = response.headers['retry-after'];
    return {
      status,
      latencyMs: Date.now() - started,
      excerpt,
      retryAfterMs: parseRetryAfter(typeof retryAfter === 'string' ? retryAfter : retryAfter?.[0], new Date()),
      error: status >= 200 && status < 300 ? null : `HTTP ${status}`,
    };
  } catch (error) {
    if (controller.signal.aborted) return failed(`no response within ${timeoutMs} ms`);
    if (error instanceof RefusedUrlError) return failed(`refused by the network guard: ${error.message}`);
    return failed(error instanceof Error ? error.message : String(error));
  } finally {
    clearTimeout(timer);
  }
}

function post(url: URL, request: WebhookRequest, signal: AbortSignal, allowPrivate: boolean): Promise<IncomingMessage> {
  const headers = {
    ...request.headers,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(request.body)),
    'user-agent': 'Switchboard-Webhooks/1.0',
  };
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const outgoing = client.request(url, {
      method: 'POST',
      headers,
      signal,
      agent: guardedAgent(url.protocol, allowPrivate),
    });
    outgoing.once('response', resolve);
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

/** The first RESPONSE_EXCERPT_BYTES of the body; the rest is drained unread so the socket can be reused. */
async function readExcerpt(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let kept = 0;
  for await (const chunk of response) {
    const buffer = chunk as Buffer;
    if (kept < RESPONSE_EXCERPT_BYTES) {
      chunks.push(buffer.subarray(0, RESPONSE_EXCERPT_BYTES - kept));
      kept += Math.min(buffer.length, RESPONSE_EXCERPT_BYTES - kept);
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}
