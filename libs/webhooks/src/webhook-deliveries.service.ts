import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnreadableSecretError } from '@switchboard/auth';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import {
  UnitOfWork,
  WebhookDelivery,
  WebhookDeliveryStatus,
  WebhookEndpoint,
  WebhookEnvelope,
  WorkspaceId,
  asWorkspaceId,
  isUuid,
} from '@switchboard/database';
import { OutboxService, QueueProducer } from '@switchboard/queue';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { nextAttemptAt, retryDelayMs } from './retry-schedule';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookEventType } from './webhook-event-types';
import { WebhookResponse, WEBHOOK_TIMEOUT_MS, sendWebhook } from './webhook-sender';
import { SIGNATURE_HEADER, signatureHeader } from './webhook-signature';
import { WEBHOOK_ENDPOINT_DISABLED, WebhookEndpointDisabledEvent } from './webhook.events';

/** An attempt holds its delivery this long: past the send timeout, so a live attempt is never overtaken. */
const LEASE_MS = WEBHOOK_TIMEOUT_MS + 5_000;
const MAX_DELIVERIES_LISTED = 200;
const SWEEP_BATCH = 500;

/** One event, ready to go to the endpoints subscribed to its type. */
export interface WebhookEventToSend {
  type: WebhookEventType;
  workspaceId: WorkspaceId;
  at: Date;
  data: Record<string, unknown>;
  /** Deliveries of one conversation reach each endpoint in order, one at a time. */
  conversationId: string | null;
}

/** A delivery as the delivery log shows it. */
export interface WebhookDeliveryView {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  responseStatus: number | null;
  latencyMs: number | null;
  responseExcerpt: string | null;
  error: string | null;
  nextAttemptAt: Date | null;
  firstAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  deliveredAt: Date | null;
  replayOf: string | null;
  createdAt: Date;
  payload: WebhookEnvelope;
}

/** What one job did with its delivery. */
export type AttemptOutcome =
  'delivered' | 'retrying' | 'failed' | 'skipped' | 'settled' | 'not_due' | 'waiting' | 'missing';

/** The job is early: another attempt holds the delivery. Retried after the lease (read by the queue's retry hint). */
export class DeliveryLeasedError extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`another attempt holds the delivery for ${retryAfterMs} ms`);
    this.name = 'DeliveryLeasedError';
  }
}

/**
 * Webhook deliveries: recorded with the outbox job that sends them, attempted by the worker (signed, under the
 * network guard, in order per conversation), retried with exponential backoff for 24 hours, and replayed on request.
 */
@Injectable()
export class WebhookDeliveriesService {
  private readonly logger = new Logger(WebhookDeliveriesService.name);

  constructor(
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly endpointRows: WebhookEndpointsRepository,
    private readonly endpoints: WebhookEndpointsService,
    private readonly outbox: OutboxService,
    private readonly producer: QueueProducer,
    private readonly unitOfWork: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** One delivery per subscribed endpoint, each with its outbox job, in one transaction; returns how many. */
  async publish(event: WebhookEventToSend): Promise<number> {
    if (!(await this.endpoints.anyEnabled(event.workspaceId))) return 0;
    const endpoints = await this.endpointRows.subscribedTo(event.workspaceId, event.type);
    if (endpoints.length === 0) return 0;
    const envelope: WebhookEnvelope = {
      id: randomUUID(),
      type: event.type,
      version: 1,
      createdAt: event.at.toISOString(),
      workspaceId: event.workspaceId,
      data: event.data,
    };
    await this.unitOfWork.run(event.workspaceId, async (work) => {
      for (const endpoint of endpoints) {
        await this.record(work.manager, event.workspaceId, {
          endpointId: endpoint.id,
          eventId: envelope.id,
          eventType: envelope.type,
          payload: envelope,
          conversationId: event.conversationId,
          replayOf: null,
        });
      }
    });
    return endpoints.length;
  }

  /** The endpoint's delivery log, newest first; null when the endpoint is not the workspace's. */
  async list(
    workspaceId: WorkspaceId,
    endpointId: string,
    limit = 50,
    offset = 0,
  ): Promise<WebhookDeliveryView[] | null> {
    if (!(await this.endpointRows.findById(workspaceId, endpointId))) return null;
    const rows = await this.deliveries.listForEndpoint(
      workspaceId,
      endpointId,
      Math.min(limit, MAX_DELIVERIES_LISTED),
      offset,
    );
    return rows.map(viewOf);
  }

  /** Sends the delivery's event again, same event id, as a new delivery outside its conversation's line. */
  async replay(workspaceId: WorkspaceId, endpointId: string, deliveryId: string): Promise<WebhookDeliveryView | null> {
    if (!isUuid(endpointId) || !isUuid(deliveryId)) return null;
    const original = await this.deliveries.findOne(workspaceId, { id: deliveryId, endpointId });
    if (!original) return null;
    const id = await this.unitOfWork.run(workspaceId, (work) =>
      this.record(work.manager, workspaceId, {
        endpointId,
        eventId: original.eventId,
        eventType: original.eventType,
        payload: original.payload,
        conversationId: null,
        replayOf: original.id,
      }),
    );
    const replayed = await this.deliveries.findById(workspaceId, id);
    return replayed ? viewOf(replayed) : null;
  }

  /** One attempt of a delivery job; a receiver's failure is recorded and retried here, not thrown to the queue. */
  async attempt(workspaceId: WorkspaceId, deliveryId: string, now = new Date()): Promise<AttemptOutcome> {
    const claim = await this.deliveries.claim(workspaceId, deliveryId, now, LEASE_MS);
    if (claim.kind === 'leased') throw new DeliveryLeasedError(Math.max(1, claim.until.getTime() - now.getTime()));
    if (claim.kind !== 'claimed') return claim.kind;
    const delivery = claim.delivery;
    const endpoint = await this.endpointRows.findById(workspaceId, delivery.endpointId);
    if (!endpoint?.enabled) {
      await this.settle(delivery, { status: 'skipped', error: 'the endpoint is disabled' }, now);
      return 'skipped';
    }
    const secrets = await this.signingSecrets(delivery, now);
    if (!secrets) return 'failed';
    const response = await this.send(delivery, endpoint.url, secrets);
    if (response.error === null) {
      await this.settle(delivery, { status: 'delivered', deliveredAt: new Date(), ...outcomeColumns(response) }, now);
      await this.endpointRows.recordSuccess(workspaceId, endpoint.id);
      return 'delivered';
    }
    return this.failed(delivery, endpoint, response, now);
  }

  /** Re-enqueues due deliveries whose job is gone (a Redis that lost its data); a duplicate job finds nothing to do. */
  async sweep(now = new Date()): Promise<number> {
    const grace = this.config.webhooks.sweepIntervalMs;
    const orphans = await this.deliveries.orphaned(now, grace, SWEEP_BATCH);
    const round = Math.floor(now.getTime() / grace);
    for (const orphan of orphans) {
      await this.producer.enqueue(
        'webhooks.deliver',
        { workspaceId: orphan.workspaceId, deliveryId: orphan.id },
        { jobId: `wh-${orphan.id}-${orphan.attempts}-s${round}` },
      );
    }
    return orphans.length;
  }

  private async record(
    manager: EntityManager,
    workspaceId: WorkspaceId,
    values: Pick<WebhookDelivery, 'endpointId' | 'eventId' | 'eventType' | 'payload' | 'conversationId' | 'replayOf'>,
  ): Promise<string> {
    const id = await this.deliveries
      .withManager(manager)
      // jsonb takes the envelope as it is; TypeORM's partial-entity type cannot see through its `data` record.
      .insertReturningId(workspaceId, {
        ...values,
        payload: values.payload as never,
        status: 'pending',
        nextAttemptAt: new Date(),
      });
    await this.outbox.add(manager, 'webhooks.deliver', { workspaceId, deliveryId: id });
    return id;
  }

  /** Null, with the delivery failed, when the secret does not open: retrying cannot help until the key is restored. */
  private async signingSecrets(delivery: WebhookDelivery, now: Date): Promise<string[] | null> {
    try {
      const secrets = await this.endpoints.signingSecrets(delivery.workspaceId, delivery.endpointId, now);
      if (secrets) return secrets;
    } catch (error) {
      if (!(error instanceof UnreadableSecretError)) throw error;
      this.logger.error({ endpointId: delivery.endpointId, error: error.message }, 'webhook not signed');
    }
    await this.settle(delivery, { status: 'failed', error: 'the signing secret cannot be decrypted' }, now);
    return null;
  }

  private send(delivery: WebhookDelivery, url: string, secrets: string[]): Promise<WebhookResponse> {
    const body = bodyOf(delivery.payload);
    const timestamp = Math.floor(Date.now() / 1000);
    return sendWebhook(
      {
        url,
        body,
        headers: {
          [SIGNATURE_HEADER]: signatureHeader(secrets, timestamp, body),
          'Switchboard-Event-Id': delivery.eventId,
          'Switchboard-Event-Type': delivery.eventType,
          'Switchboard-Delivery-Id': delivery.id,
          'Switchboard-Delivery-Attempt': String(delivery.attempts + 1),
        },
      },
      { allowPrivateNetworks: this.config.webhooks.allowPrivateNetworks },
    );
  }

  /** Counts the failure against the endpoint (disabling it past the limits), then schedules a retry or gives up. */
  private async failed(
    delivery: WebhookDelivery,
    endpoint: WebhookEndpoint,
    response: WebhookResponse,
    now: Date,
  ): Promise<AttemptOutcome> {
    const attempts = delivery.attempts + 1;
    const disabled = await this.countFailure(endpoint, response, now);
    const delay = retryDelayMs(attempts, this.config.webhooks.retryBaseMs, response.retryAfterMs);
    const next = disabled ? null : nextAttemptAt(delivery.firstAttemptAt ?? now, now, delay);
    await this.settle(
      delivery,
      { status: next ? 'pending' : 'failed', nextAttemptAt: next, ...outcomeColumns(response) },
      now,
    );
    if (!next) return 'failed';
    await this.producer
      .enqueue(
        'webhooks.deliver',
        { workspaceId: delivery.workspaceId, deliveryId: delivery.id },
        {
          jobId: `wh-${delivery.id}-${attempts}`,
          delay,
        },
      )
      // The sweeper enqueues it once it is overdue.
      .catch((error: unknown) => this.logger.warn(`webhook retry of ${delivery.id} not enqueued: ${messageOf(error)}`));
    return 'retrying';
  }

  /** True when this failure switched the endpoint off. */
  private async countFailure(endpoint: WebhookEndpoint, response: WebhookResponse, now: Date): Promise<boolean> {
    const workspaceId = asWorkspaceId(endpoint.workspaceId);
    const failure = await this.endpointRows.recordFailure(workspaceId, endpoint.id, now);
    if (!failure) return false;
    const { disableAfterFailures, disableFailingForMs } = this.config.webhooks;
    const failingFor = now.getTime() - failure.failingSince.getTime();
    if (failure.consecutiveFailures < disableAfterFailures || failingFor < disableFailingForMs) return false;
    const reason =
      `${failure.consecutiveFailures} failed attempts in a row since ${failure.failingSince.toISOString()}, ` +
      `the last: ${response.error ?? 'unknown error'}`;
    return this.disable(endpoint, reason, now);
  }

  /** Switches the endpoint off, once: the event that tells admins goes out after the update. */
  private disable(endpoint: WebhookEndpoint, reason: string, now: Date): Promise<boolean> {
    const workspaceId = asWorkspaceId(endpoint.workspaceId);
    return this.unitOfWork.runStatement(workspaceId, async (work) => {
      const disabled = await this.endpointRows.withManager(work.manager).disable(workspaceId, endpoint.id, reason, now);
      if (!disabled) return false;
      this.logger.warn(
        { workspaceId, endpointId: endpoint.id, reason },
        'webhook endpoint disabled after repeated failures',
      );
      const event: WebhookEndpointDisabledEvent = {
        name: WEBHOOK_ENDPOINT_DISABLED,
        workspaceId,
        endpointId: endpoint.id,
        url: endpoint.url,
        description: endpoint.description,
        reason,
        at: now,
      };
      work.raise(event);
      return true;
    });
  }

  /** Records the attempt; once settled, the next delivery of its conversation's line is enqueued with it. */
  private settle(
    delivery: WebhookDelivery,
    values: Partial<Pick<WebhookDelivery, 'status' | 'nextAttemptAt' | 'deliveredAt' | 'error'>> &
      Partial<ReturnType<typeof outcomeColumns>>,
    now: Date,
  ): Promise<void> {
    const settled = values.status !== 'pending';
    return this.deliveries.settle(
      delivery,
      {
        ...values,
        attempts: values.status === 'skipped' ? delivery.attempts : delivery.attempts + 1,
        lastAttemptAt: values.status === 'skipped' ? delivery.lastAttemptAt : now,
        leasedUntil: null,
        ...(settled ? { nextAttemptAt: null } : {}),
      },
      (manager, nextId) =>
        this.outbox
          .add(manager, 'webhooks.deliver', { workspaceId: delivery.workspaceId, deliveryId: nextId })
          .then(() => undefined),
    );
  }
}

/** The body sent, keys in the documented order (the stored jsonb does not keep it). */
export function bodyOf(envelope: WebhookEnvelope): string {
  const { id, type, version, createdAt, workspaceId, data } = envelope;
  return JSON.stringify({ id, type, version, createdAt, workspaceId, data });
}

function outcomeColumns(response: WebhookResponse) {
  return {
    responseStatus: response.status,
    latencyMs: response.latencyMs,
    responseExcerpt: response.excerpt,
    error: response.error,
  };
}

function viewOf(delivery: WebhookDelivery): WebhookDeliveryView {
  return {
    id: delivery.id,
    endpointId: delivery.endpointId,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    status: delivery.status,
    attempts: delivery.attempts,
    responseStatus: delivery.responseStatus,
    latencyMs: delivery.latencyMs,
    responseExcerpt: delivery.responseExcerpt,
    error: delivery.error,
    nextAttemptAt: delivery.nextAttemptAt,
    firstAttemptAt: delivery.firstAttemptAt,
    lastAttemptAt: delivery.lastAttemptAt,
    deliveredAt: delivery.deliveredAt,
    replayOf: delivery.replayOf,
    createdAt: delivery.createdAt,
    payload: delivery.payload,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
