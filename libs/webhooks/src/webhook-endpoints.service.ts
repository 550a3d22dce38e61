import { Inject, Injectable } from '@nestjs/common';
import { AuditLog } from '@switchboard/audit';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { WebhookEndpoint, WorkspaceId } from '@switchboard/database';
import { RefusedUrlError, assertPublicUrl } from '@switchboard/network';
import { LRUCache } from 'lru-cache';
import { randomUUID } from 'node:crypto';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { WebhookProblem, InvalidWebhookError } from './webhook.errors';
import { WEBHOOK_EVENT_TYPES, isWebhookEventType } from './webhook-event-types';
import { WebhookSecretsCipher, sealedSecretName } from './webhook-secrets.cipher';
import { newWebhookSecret } from './webhook-signature';

/** How long a rotated-out secret keeps signing deliveries, next to the new one. */
export const SECRET_ROTATION_GRACE_MS = 24 * 60 * 60 * 1000;
export const MAX_WEBHOOK_URL_LENGTH = 2048;
export const MAX_WEBHOOK_DESCRIPTION_LENGTH = 500;
/**
 * How long a process trusts "this workspace has no enabled endpoint" before asking again. A change made in this
 * process is seen at once; one made in the other process (api or worker) within this time.
 */
export const ENDPOINTS_CACHE_MS = 2000;

export interface WebhookEndpointInput {
  url: string;
  events: string[];
  enabled?: boolean;
  description?: string;
}

export type WebhookEndpointChange = Partial<WebhookEndpointInput>;

/** An endpoint as the API shows it: never its secret, but why it was switched off. */
export interface WebhookEndpointView {
  id: string;
  url: string;
  events: string[];
  enabled: boolean;
  description: string;
  /** Until when the secret a rotation replaced still signs, if one does. */
  previousSecretExpiresAt: Date | null;
  consecutiveFailures: number;
  failingSince: Date | null;
  /** Set when Switchboard disabled the endpoint after repeated failures. */
  disabledAt: Date | null;
  disabledReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The endpoint with its secret: returned once, at creation or rotation. */
export interface WebhookEndpointWithSecret extends WebhookEndpointView {
  secret: string;
}

/** Endpoints a workspace subscribes to its events: their URL under the network guard, their secret sealed. */
@Injectable()
export class WebhookEndpointsService {
  private readonly allowPrivateNetworks: boolean;
  // Every message and ticket event asks whether anyone listens: most workspaces have no endpoint, and their
  // events must cost no query (fetch() also folds concurrent asks into one).
  private readonly anyEnabledCache = new LRUCache<WorkspaceId, boolean>({
    max: 10_000,
    ttl: ENDPOINTS_CACHE_MS,
    fetchMethod: async (workspaceId) => (await this.endpoints.countEnabled(workspaceId)) > 0,
  });

  constructor(
    private readonly endpoints: WebhookEndpointsRepository,
    private readonly cipher: WebhookSecretsCipher,
    private readonly audit: AuditLog,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.allowPrivateNetworks = config.webhooks.allowPrivateNetworks;
  }

  /** Whether the workspace has an enabled endpoint, from a short-lived cache (see ENDPOINTS_CACHE_MS). */
  async anyEnabled(workspaceId: WorkspaceId): Promise<boolean> {
    return (await this.anyEnabledCache.fetch(workspaceId)) ?? true;
  }

  async create(workspaceId: WorkspaceId, input: WebhookEndpointInput): Promise<WebhookEndpointWithSecret> {
    await this.check(input, true);
    const id = randomUUID();
    const secret = newWebhookSecret();
    await this.endpoints.insertReturningId(workspaceId, {
      id,
      url: input.url,
      events: [...new Set(input.events)],
      enabled: input.enabled ?? true,
      description: input.description ?? '',
      secret: this.cipher.seal(workspaceId, sealedSecretName(id), secret),
    });
    this.anyEnabledCache.delete(workspaceId);
    const created = await this.endpoints.findById(workspaceId, id);
    if (!created) throw new Error(`webhook endpoint ${id} vanished after insert`);
    const withSecret = { ...viewOf(created), secret };
    await this.audit.record(workspaceId, { action: 'webhook.created', target: webhookTarget(id), after: withSecret });
    return withSecret;
  }

  async list(workspaceId: WorkspaceId): Promise<WebhookEndpointView[]> {
    return (await this.endpoints.list(workspaceId)).map(viewOf);
  }

  async get(workspaceId: WorkspaceId, id: string): Promise<WebhookEndpointView | null> {
    const endpoint = await this.endpoints.findById(workspaceId, id);
    return endpoint ? viewOf(endpoint) : null;
  }

  /** Changes the endpoint; enabling it again clears its failure record. Null when not found. */
  async update(
    workspaceId: WorkspaceId,
    id: string,
    change: WebhookEndpointChange,
  ): Promise<WebhookEndpointView | null> {
    const endpoint = await this.endpoints.findById(workspaceId, id);
    if (!endpoint) return null;
    await this.check(change, false);
    const reenabled = change.enabled === true && !endpoint.enabled;
    await this.endpoints.update(workspaceId, id, {
      ...(change.url !== undefined ? { url: change.url } : {}),
      ...(change.events !== undefined ? { events: [...new Set(change.events)] } : {}),
      ...(change.description !== undefined ? { description: change.description } : {}),
      ...(change.enabled !== undefined ? { enabled: change.enabled } : {}),
      ...(reenabled ? { disabledAt: null, disabledReason: null, consecutiveFailures: 0, failingSince: null } : {}),
    });
    this.anyEnabledCache.delete(workspaceId);
    const after = await this.get(workspaceId, id);
    const before = viewOf(endpoint);
    await this.audit.record(workspaceId, { action: 'webhook.updated', target: webhookTarget(id), before, after });
    return after;
  }

  async delete(workspaceId: WorkspaceId, id: string): Promise<boolean> {
    const before = await this.get(workspaceId, id);
    const deleted = await this.endpoints
      .delete(workspaceId, id)
      .finally(() => this.anyEnabledCache.delete(workspaceId));
    if (deleted) await this.audit.record(workspaceId, { action: 'webhook.deleted', target: webhookTarget(id), before });
    return deleted;
  }

  /** A new secret, returned once; the old one keeps signing, next to it, for SECRET_ROTATION_GRACE_MS. */
  async rotateSecret(
    workspaceId: WorkspaceId,
    id: string,
    now = new Date(),
  ): Promise<WebhookEndpointWithSecret | null> {
    const endpoint = await this.endpoints.findWithSecrets(workspaceId, id);
    if (!endpoint) return null;
    const secret = newWebhookSecret();
    await this.endpoints.update(workspaceId, id, {
      secret: this.cipher.seal(workspaceId, sealedSecretName(id), secret),
      previousSecret: endpoint.secret,
      previousSecretExpiresAt: new Date(now.getTime() + SECRET_ROTATION_GRACE_MS),
    });
    const rotated = await this.endpoints.findById(workspaceId, id);
    if (!rotated) return null;
    await this.audit.record(workspaceId, {
      action: 'webhook.secret_rotated',
      target: webhookTarget(id),
      before: { ...viewOf(endpoint), secret: endpoint.secret },
      after: { ...viewOf(rotated), secret },
    });
    return { ...viewOf(rotated), secret };
  }

  /** The secrets a delivery is signed with now: the current one, then a rotated-out one still in its grace period. */
  async signingSecrets(workspaceId: WorkspaceId, id: string, now: Date): Promise<string[] | null> {
    const endpoint = await this.endpoints.findWithSecrets(workspaceId, id);
    if (!endpoint) return null;
    const name = sealedSecretName(id);
    const secrets = [this.cipher.open(workspaceId, name, endpoint.secret)];
    const previousValid = endpoint.previousSecretExpiresAt !== null && endpoint.previousSecretExpiresAt > now;
    if (endpoint.previousSecret && previousValid) {
      secrets.push(this.cipher.open(workspaceId, name, endpoint.previousSecret));
    }
    return secrets;
  }

  private async check(input: WebhookEndpointChange, creating: boolean): Promise<void> {
    const problems: WebhookProblem[] = [];
    if (input.url !== undefined || creating) problems.push(...(await this.urlProblems(input.url)));
    if (input.events !== undefined || creating) problems.push(...eventProblems(input.events));
    if (input.description !== undefined && input.description.length > MAX_WEBHOOK_DESCRIPTION_LENGTH) {
      problems.push({
        field: 'description',
        message: `description must be at most ${MAX_WEBHOOK_DESCRIPTION_LENGTH} characters`,
      });
    }
    if (problems.length > 0) throw new InvalidWebhookError(problems);
  }

  private async urlProblems(url: string | undefined): Promise<WebhookProblem[]> {
    if (typeof url !== 'string' || url.length === 0) return [{ field: 'url', message: 'url is required' }];
    if (url.length > MAX_WEBHOOK_URL_LENGTH) {
      return [{ field: 'url', message: `url must be at most ${MAX_WEBHOOK_URL_LENGTH} characters` }];
    }
    try {
      await assertPublicUrl(url, { allowPrivateNetworks: this.allowPrivateNetworks });
      return [];
    } catch (error) {
      if (error instanceof RefusedUrlError) return [{ field: 'url', message: error.message }];
      throw error;
    }
  }
}

function eventProblems(events: unknown): WebhookProblem[] {
  if (!Array.isArray(events) || events.length === 0) {
    return [{ field: 'events', message: `events must list at least one of ${WEBHOOK_EVENT_TYPES.join(', ')}` }];
  }
  const unknown = events.filter((event) => !isWebhookEventType(event));
  if (unknown.length === 0) return [];
  return [
    {
      field: 'events',
      message: `unknown event types ${unknown.map(String).join(', ')}; known: ${WEBHOOK_EVENT_TYPES.join(', ')}`,
    },
  ];
}

function viewOf(endpoint: WebhookEndpoint): WebhookEndpointView {
  return {
    id: endpoint.id,
    url: endpoint.url,
    events: endpoint.events,
    enabled: endpoint.enabled,
    description: endpoint.description,
    previousSecretExpiresAt: endpoint.previousSecretExpiresAt,
    consecutiveFailures: endpoint.consecutiveFailures,
    failingSince: endpoint.failingSince,
    disabledAt: endpoint.disabledAt,
    disabledReason: endpoint.disabledReason,
    createdAt: endpoint.createdAt,
    updatedAt: endpoint.updatedAt,
  };
}

function webhookTarget(id: string): { type: string; id: string } {
  return { type: 'webhook', id };
}
