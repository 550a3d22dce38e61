import { parseRetryAfter } from './backoff';
import type { Rating, WidgetQuery, WidgetRequest, WidgetResponse, WidgetSessionRequest } from '@switchboard/contracts';
import { InboxSettings, RenewedToken, SessionResponse } from './widget-types';
import {
  parseInboxSettings,
  parseMessagesResponse,
  parseOwner,
  parsePostMessageResponse,
  parseRenewedToken,
  parseSessionResponse,
} from './wire-format';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** A failed call: `status` 0 means the request never got an answer (offline, DNS, CORS, aborted). */
export class WidgetApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'WidgetApiError';
  }
}

export type FailureKind = 'transient' | 'rate-limited' | 'unauthorized' | 'identity' | 'rejected';

/** How the widget reacts to a failure: retry later, wait for the rate limit, renew the session, or give up. */
export function failureKind(error: unknown): FailureKind {
  if (!(error instanceof WidgetApiError)) return 'transient';
  if (error.status === 0 || error.status === 408 || error.status >= 500) return 'transient';
  if (error.status === 429) return 'rate-limited';
  if (error.status === 401) {
    return error.code === 'identity_invalid' || error.code === 'identity_required' ? 'identity' : 'unauthorized';
  }
  return 'rejected';
}

/** The widget's side of `/v1/widget/:inboxKey/...` (docs/widget-and-console-http.md). */
export class WidgetApi {
  private visitorToken: string | null = null;

  constructor(
    private readonly baseUrl: string,
    private readonly inboxKey: string,
    private readonly fetchFn: FetchLike,
  ) {}

  setToken(token: string | null): void {
    this.visitorToken = token;
  }

  token(): string | null {
    return this.visitorToken;
  }

  async createSession(body: WidgetSessionRequest): Promise<SessionResponse> {
    return this.call('POST', 'session', body, parseSessionResponse, false);
  }

  /** Swaps the current token for a fresh one of the same visitor and conversation, before it expires. */
  async renewToken(): Promise<RenewedToken> {
    return this.call('POST', 'session/renew', {} satisfies WidgetRequest<'POST session/renew'>, parseRenewedToken);
  }

  /** The inbox's look, public: styles the launcher before the visitor has a session. */
  async look(): Promise<InboxSettings> {
    return this.call(
      'GET',
      'look',
      undefined,
      (body) => (isLookBody(body) ? parseInboxSettings(body.inbox) : null),
      false,
    );
  }

  async messagesAfter(after: string | null): Promise<WidgetResponse<'GET messages'>> {
    const query = after === null ? '' : `?after=${encodeURIComponent(after)}`;
    return this.call('GET', `messages${query}`, undefined, parseMessagesResponse);
  }

  async postMessage(clientMessageId: string, content: string): Promise<WidgetResponse<'POST messages'>> {
    return this.call(
      'POST',
      'messages',
      { clientMessageId, content } satisfies WidgetRequest<'POST messages'>,
      parsePostMessageResponse,
    );
  }

  /** Sends a file as a message: its raw bytes are the body, its name and idempotency key ride in the query. */
  async postAttachment(clientMessageId: string, file: Blob, name: string): Promise<WidgetResponse<'POST attachments'>> {
    const query = new URLSearchParams({ name, clientMessageId } satisfies WidgetQuery<'POST attachments'>);
    return this.call('POST', `attachments?${query.toString()}`, file, parsePostMessageResponse);
  }

  async postFeedback(messageId: string, rating: Rating): Promise<WidgetResponse<'POST feedback'>> {
    return this.call('POST', 'feedback', { messageId, rating } satisfies WidgetRequest<'POST feedback'>, (body) => ({
      handedOff: typeof body === 'object' && body !== null && (body as Record<string, unknown>).handedOff === true,
    }));
  }

  async requestHandoff(): Promise<WidgetResponse<'POST handoff'>> {
    return this.call('POST', 'handoff', {} satisfies WidgetRequest<'POST handoff'>, (body) => {
      const owner =
        typeof body === 'object' && body !== null ? parseOwner((body as Record<string, unknown>).owner) : null;
      return { owner: owner ?? 'queued' };
    });
  }

  async postCsat(messageId: string, score: number, comment: string): Promise<void> {
    const body: WidgetRequest<'POST csat'> = { messageId, score, ...(comment.trim() ? { comment } : {}) };
    await this.call('POST', 'csat', body, () => true);
  }

  /** "End chat": the answer's owner, or resolved when the body cannot be read. */
  async endChat(): Promise<WidgetResponse<'POST end'>> {
    return this.call('POST', 'end', {} satisfies WidgetRequest<'POST end'>, (body) => {
      const owner =
        typeof body === 'object' && body !== null ? parseOwner((body as Record<string, unknown>).owner) : null;
      return { owner: owner ?? 'resolved' };
    });
  }

  async postContact(email: string): Promise<void> {
    await this.call('POST', 'contact', { email } satisfies WidgetRequest<'POST contact'>, () => true);
  }

  /** EventSource cannot send headers, so the stream takes the token in the query string. */
  eventsUrl(): string | null {
    if (this.visitorToken === null) return null;
    return `${this.url('events')}?token=${encodeURIComponent(this.visitorToken)}`;
  }

  private url(path: string): string {
    return `${this.baseUrl}/v1/widget/${encodeURIComponent(this.inboxKey)}/${path}`;
  }

  private async call<T>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    parse: (body: unknown) => T | null,
    authenticated = true,
  ): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const raw = body instanceof Blob;
    if (body !== undefined) headers['Content-Type'] = raw ? 'application/octet-stream' : 'application/json';
    if (authenticated) {
      if (this.visitorToken === null) throw new WidgetApiError(401, 'no_session', 'No visitor session yet');
      headers.Authorization = `Bearer ${this.visitorToken}`;
    }
    let response: Response;
    try {
      response = await this.fetchFn(this.url(path), {
        method,
        headers,
        body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
        credentials: 'omit',
        mode: 'cors',
      });
    } catch (error) {
      throw new WidgetApiError(0, 'network_error', error instanceof Error ? error.message : 'Network error');
    }
    const payload = await readJson(response);
    if (!response.ok) throw errorFrom(response, payload);
    const parsed = parse(payload);
    if (parsed === null) throw new WidgetApiError(502, 'bad_response', `Unexpected answer from ${path}`);
    return parsed;
  }
}

function isLookBody(body: unknown): body is { inbox: unknown } {
  return typeof body === 'object' && body !== null && 'inbox' in body;
}

async function readJson(response: Response): Promise<unknown> {
  try {
    const text = await response.text();
    return text === '' ? null : (JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}

function errorFrom(response: Response, payload: unknown): WidgetApiError {
  const body = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
  const code = typeof body.code === 'string' ? body.code : null;
  const message = Array.isArray(body.message)
    ? body.message.filter((part): part is string => typeof part === 'string').join('; ')
    : typeof body.message === 'string'
      ? body.message
      : response.statusText || `HTTP ${response.status}`;
  const retryAfterMs = response.status === 429 ? parseRetryAfter(response.headers.get('Retry-After')) : null;
  return new WidgetApiError(response.status, code ?? errorCodeFromName(body.error), message, retryAfterMs);
}

function errorCodeFromName(error: unknown): string | null {
  return typeof error === 'string' && /^[a-z_]+$/.test(error) ? error : null;
}
