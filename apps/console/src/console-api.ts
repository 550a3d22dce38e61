import type {
  ActionChange,
  ActionRequest,
  ActionView,
  AgentView,
  AssistCapabilities,
  Availability,
  CannedReply,
  ConsoleMessage,
  ConsoleQuery,
  ConsoleRequest,
  ConsoleResponse,
  ContactErasureView,
  FineTuningExportView,
  FineTuningFile,
  FineTuningJobView,
  ReplySuggestionView,
  RewriteView,
  TicketAction,
  TicketLabelsChange,
  TicketView,
  WebhookDeliveryView,
  WebhookView,
  WebhookWithSecret,
  WorkspaceRef,
} from '@switchboard/contracts';
import { queryString } from './audit-log';
import { queueQuery, type QueueFilter } from './queue-state';

export interface ApiErrorBody {
  statusCode?: number;
  error?: string;
  message?: string | string[];
  code?: string;
  workspaces?: WorkspaceRef[];
  /** A 400's problems by field (`headers.Authorization`, `secrets.TOKEN`, …). */
  errors?: Array<{ field: string; messages: string[] }>;
}

/** A non-2xx answer (status > 0) or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string | null,
    readonly body: ApiErrorBody | null,
    readonly retryAfterSeconds: number | null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get isNetworkError(): boolean {
    return this.status === 0;
  }
}

export interface ConsoleApiOptions {
  getToken: () => string | null;
  /** Called when an authenticated call answers 401: the session is gone. */
  onUnauthorized: () => void;
  baseUrl?: string;
  fetchImpl?: typeof fetch;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** The console's HTTP client: one method per route of the contract. */
export class ConsoleApi {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ConsoleApiOptions) {
    this.baseUrl = options.baseUrl ?? '/v1/console';
    // Wrapped: window.fetch called as a method of another object throws "Illegal invocation".
    this.fetchImpl = options.fetchImpl ?? ((input, init) => fetch(input, init));
  }

  login(body: ConsoleRequest<'POST login'>): Promise<ConsoleResponse<'POST login'>> {
    return this.request<ConsoleResponse<'POST login'>>('POST', '/login', body, false);
  }

  async logout(): Promise<void> {
    await this.request<unknown>('POST', '/logout', undefined, false);
  }

  me(): Promise<ConsoleResponse<'GET me'>> {
    return this.request<ConsoleResponse<'GET me'>>('GET', '/me');
  }

  setAvailability(availability: Availability): Promise<ConsoleResponse<'PATCH me'>> {
    const body: ConsoleRequest<'PATCH me'> = { availability };
    return this.request<ConsoleResponse<'PATCH me'>>('PATCH', '/me', body);
  }

  async listTickets(filter: QueueFilter): Promise<TicketView[]> {
    const answer = await this.request<ConsoleResponse<'GET tickets'>>('GET', `/tickets?${queueQuery(filter)}`);
    return answer.tickets;
  }

  getTicket(ticketId: string): Promise<ConsoleResponse<'GET tickets/:id'>> {
    return this.request<ConsoleResponse<'GET tickets/:id'>>('GET', `/tickets/${encodeURIComponent(ticketId)}`);
  }

  async ticketAction(ticketId: string, action: TicketAction): Promise<TicketView> {
    const answer = await this.request<ConsoleResponse<`POST tickets/:id/${TicketAction}`>>(
      'POST',
      `/tickets/${encodeURIComponent(ticketId)}/${action}`,
      {},
    );
    return answer.ticket;
  }

  async correctTicketLabels(ticketId: string, change: TicketLabelsChange): Promise<TicketView> {
    const answer = await this.request<ConsoleResponse<'PATCH tickets/:id/labels'>>(
      'PATCH',
      `/tickets/${encodeURIComponent(ticketId)}/labels`,
      change,
    );
    return answer.ticket;
  }

  /** `query` is `searchQuery(form)`: the words and the filters set. */
  search(query: string): Promise<ConsoleResponse<'GET search'>> {
    return this.request<ConsoleResponse<'GET search'>>('GET', `/search?${query}`);
  }

  conversation(conversationId: string): Promise<ConsoleResponse<'GET conversations/:id'>> {
    return this.request<ConsoleResponse<'GET conversations/:id'>>(
      'GET',
      `/conversations/${encodeURIComponent(conversationId)}`,
    );
  }

  ticketLabelChoices(): Promise<ConsoleResponse<'GET ticket-labels'>> {
    return this.request<ConsoleResponse<'GET ticket-labels'>>('GET', '/ticket-labels');
  }

  async sendMessage(conversationId: string, content: string, isPrivate: boolean): Promise<ConsoleMessage> {
    const body: ConsoleRequest<'POST conversations/:id/messages'> = { content, private: isPrivate };
    const answer = await this.request<ConsoleResponse<'POST conversations/:id/messages'>>(
      'POST',
      `/conversations/${encodeURIComponent(conversationId)}/messages`,
      body,
    );
    return answer.message;
  }

  assistCapabilities(): Promise<AssistCapabilities> {
    return this.request<ConsoleResponse<'GET assist'>>('GET', '/assist');
  }

  async suggestReply(conversationId: string): Promise<ReplySuggestionView> {
    const answer = await this.request<ConsoleResponse<'POST conversations/:id/assist/suggest-reply'>>(
      'POST',
      `/conversations/${encodeURIComponent(conversationId)}/assist/suggest-reply`,
      {},
    );
    return answer.suggestion;
  }

  async rewrite(
    conversationId: string,
    body: ConsoleRequest<'POST conversations/:id/assist/rewrite'>,
  ): Promise<RewriteView> {
    const answer = await this.request<ConsoleResponse<'POST conversations/:id/assist/rewrite'>>(
      'POST',
      `/conversations/${encodeURIComponent(conversationId)}/assist/rewrite`,
      body,
    );
    return answer.rewrite;
  }

  async summarize(conversationId: string): Promise<string> {
    const answer = await this.request<ConsoleResponse<'POST conversations/:id/assist/summary'>>(
      'POST',
      `/conversations/${encodeURIComponent(conversationId)}/assist/summary`,
      {},
    );
    return answer.summary;
  }

  async listCannedReplies(): Promise<CannedReply[]> {
    const answer = await this.request<ConsoleResponse<'GET canned-replies'>>('GET', '/canned-replies');
    return answer.cannedReplies;
  }

  async createCannedReply(shortCode: string, content: string): Promise<void> {
    const body: ConsoleRequest<'POST canned-replies'> = { shortCode, content };
    await this.request<ConsoleResponse<'POST canned-replies'>>('POST', '/canned-replies', body);
  }

  async deleteCannedReply(id: string): Promise<void> {
    await this.request<unknown>('DELETE', `/canned-replies/${encodeURIComponent(id)}`);
  }

  async listActions(): Promise<ActionView[]> {
    const answer = await this.request<ConsoleResponse<'GET actions'>>('GET', '/actions');
    return answer.actions;
  }

  async createAction(body: ActionRequest): Promise<ActionView> {
    const answer = await this.request<ConsoleResponse<'POST actions'>>('POST', '/actions', body);
    return answer.action;
  }

  async updateAction(id: string, body: ActionChange): Promise<ActionView> {
    const answer = await this.request<ConsoleResponse<'PATCH actions/:id'>>(
      'PATCH',
      `/actions/${encodeURIComponent(id)}`,
      body,
    );
    return answer.action;
  }

  async deleteAction(id: string): Promise<ActionView[]> {
    const answer = await this.request<ConsoleResponse<'DELETE actions/:id'>>(
      'DELETE',
      `/actions/${encodeURIComponent(id)}`,
    );
    return answer.actions;
  }

  async listAgents(): Promise<AgentView[]> {
    const answer = await this.request<ConsoleResponse<'GET agents'>>('GET', '/agents');
    return answer.agents;
  }

  report(days: number): Promise<ConsoleResponse<'GET reports'>> {
    return this.request<ConsoleResponse<'GET reports'>>('GET', `/reports?days=${encodeURIComponent(String(days))}`);
  }

  csatReport(days: number): Promise<ConsoleResponse<'GET reports/csat'>> {
    return this.request<ConsoleResponse<'GET reports/csat'>>(
      'GET',
      `/reports/csat?days=${encodeURIComponent(String(days))}`,
    );
  }

  async conversationRating(conversationId: string): Promise<ConsoleResponse<'GET conversations/:id/csat'>['rating']> {
    const path = `/conversations/${encodeURIComponent(conversationId)}/csat`;
    return (await this.request<ConsoleResponse<'GET conversations/:id/csat'>>('GET', path)).rating;
  }

  fineTuning(): Promise<ConsoleResponse<'GET fine-tuning'>> {
    return this.request<ConsoleResponse<'GET fine-tuning'>>('GET', '/fine-tuning');
  }

  async createFineTuningExport(body: ConsoleRequest<'POST fine-tuning/exports'> = {}): Promise<FineTuningExportView> {
    const answer = await this.request<ConsoleResponse<'POST fine-tuning/exports'>>(
      'POST',
      '/fine-tuning/exports',
      body,
    );
    return answer.export;
  }

  async startFineTuningJob(body: ConsoleRequest<'POST fine-tuning/jobs'>): Promise<FineTuningJobView> {
    const answer = await this.request<ConsoleResponse<'POST fine-tuning/jobs'>>('POST', '/fine-tuning/jobs', body);
    return answer.job;
  }

  auditEvents(query: ConsoleQuery<'GET audit-events'>): Promise<ConsoleResponse<'GET audit-events'>> {
    return this.request<ConsoleResponse<'GET audit-events'>>('GET', `/audit-events${queryString(query)}`);
  }

  /** Fetches the filtered audit log as CSV or JSON Lines with the session and hands it over as a download. */
  downloadAuditLog(query: ConsoleQuery<'GET audit-events/export'>): Promise<void> {
    return this.download(`/audit-events/export${queryString(query)}`, `audit-log.${query.format}`);
  }

  listWebhooks(): Promise<ConsoleResponse<'GET webhooks'>> {
    return this.request<ConsoleResponse<'GET webhooks'>>('GET', '/webhooks');
  }

  createWebhook(body: ConsoleRequest<'POST webhooks'>): Promise<WebhookWithSecret> {
    return this.request<ConsoleResponse<'POST webhooks'>>('POST', '/webhooks', body);
  }

  async updateWebhook(id: string, body: ConsoleRequest<'PATCH webhooks/:id'>): Promise<WebhookView> {
    const answer = await this.request<ConsoleResponse<'PATCH webhooks/:id'>>(
      'PATCH',
      `/webhooks/${encodeURIComponent(id)}`,
      body,
    );
    return answer.webhook;
  }

  async deleteWebhook(id: string): Promise<WebhookView[]> {
    const answer = await this.request<ConsoleResponse<'DELETE webhooks/:id'>>(
      'DELETE',
      `/webhooks/${encodeURIComponent(id)}`,
    );
    return answer.webhooks;
  }

  rotateWebhookSecret(id: string): Promise<WebhookWithSecret> {
    return this.request<ConsoleResponse<'POST webhooks/:id/rotate-secret'>>(
      'POST',
      `/webhooks/${encodeURIComponent(id)}/rotate-secret`,
    );
  }

  async listWebhookDeliveries(id: string): Promise<WebhookDeliveryView[]> {
    const answer = await this.request<ConsoleResponse<'GET webhooks/:id/deliveries'>>(
      'GET',
      `/webhooks/${encodeURIComponent(id)}/deliveries`,
    );
    return answer.deliveries;
  }

  async replayWebhookDelivery(id: string, deliveryId: string): Promise<WebhookDeliveryView> {
    const answer = await this.request<ConsoleResponse<'POST webhooks/:id/deliveries/:deliveryId/replay'>>(
      'POST',
      `/webhooks/${encodeURIComponent(id)}/deliveries/${encodeURIComponent(deliveryId)}/replay`,
    );
    return answer.delivery;
  }

  privacy(): Promise<ConsoleResponse<'GET privacy'>> {
    return this.request<ConsoleResponse<'GET privacy'>>('GET', '/privacy');
  }

  setRetention(retentionDays: number | null): Promise<ConsoleResponse<'PATCH privacy'>> {
    const body: ConsoleRequest<'PATCH privacy'> = { retentionDays };
    return this.request<ConsoleResponse<'PATCH privacy'>>('PATCH', '/privacy', body);
  }

  /** Fetches everything held about the contact with the session and hands it to the browser as a JSON file. */
  downloadContactExport(contactId: string): Promise<void> {
    return this.download(`/contacts/${encodeURIComponent(contactId)}/export`, `contact-${contactId}.json`);
  }

  async eraseContact(contactId: string): Promise<ContactErasureView> {
    const answer = await this.request<ConsoleResponse<'DELETE contacts/:id'>>(
      'DELETE',
      `/contacts/${encodeURIComponent(contactId)}`,
    );
    return answer.erasure;
  }

  /** Fetches an export's file with the session and hands it to the browser as a download. */
  downloadFineTuningFile(exportId: string, file: FineTuningFile): Promise<void> {
    return this.download(`/fine-tuning/exports/${encodeURIComponent(exportId)}/${file}`, file);
  }

  /** Fetches an attachment with the session and hands it to the browser as a download. */
  downloadAttachment(conversationId: string, messageId: string, index: number, name: string): Promise<void> {
    const path = `/conversations/${encodeURIComponent(conversationId)}/messages/${encodeURIComponent(messageId)}/attachments/${index}`;
    return this.download(path, name);
  }

  /** Fetches a customer's widget upload with the session and hands it to the browser as a download. */
  downloadFile(conversationId: string, attachmentId: string, name: string): Promise<void> {
    return this.download(this.filePath(conversationId, attachmentId), name);
  }

  /** An object URL of an image attachment's preview, fetched with the session (the page's CSP allows blob: images). */
  async filePreviewUrl(conversationId: string, attachmentId: string): Promise<string> {
    return URL.createObjectURL(await this.fetchBlob(`${this.filePath(conversationId, attachmentId)}/preview`));
  }

  private filePath(conversationId: string, attachmentId: string): string {
    return `/conversations/${encodeURIComponent(conversationId)}/attachments/${encodeURIComponent(attachmentId)}`;
  }

  private async fetchBlob(path: string): Promise<Blob> {
    const token = this.options.getToken();
    const response = await this.fetchImpl(`${this.baseUrl}${path}`, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    });
    if (response.status === 401) this.options.onUnauthorized();
    if (!response.ok) throw await toApiError(response);
    return response.blob();
  }

  private async download(path: string, name: string): Promise<void> {
    const url = URL.createObjectURL(await this.fetchBlob(path));
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  /** The event stream URL; EventSource cannot send headers, so the token rides in the query. */
  eventsUrl(): string {
    return `${this.baseUrl}/events?token=${encodeURIComponent(this.options.getToken() ?? '')}`;
  }

  private async request<T>(method: Method, path: string, body?: unknown, authenticated = true): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const token = this.options.getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, "Can't reach the server. Check your connection.", null, null, null);
    }
    if (response.status === 401 && authenticated) this.options.onUnauthorized();
    if (!response.ok) throw await toApiError(response);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: ApiErrorBody | null = null;
  try {
    const parsed: unknown = JSON.parse(await response.text());
    if (typeof parsed === 'object' && parsed !== null) body = parsed;
  } catch {
    body = null;
  }
  const message = Array.isArray(body?.message) ? body.message.join('; ') : body?.message;
  return new ApiError(
    response.status,
    message || body?.error || `Request failed (${response.status})`,
    body?.code ?? null,
    body,
    parseRetryAfter(response.headers.get('Retry-After')),
  );
}

/** Retry-After as seconds: a number of seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}
