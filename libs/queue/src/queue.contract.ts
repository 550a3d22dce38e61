import type { WorkspaceId } from '@switchboard/database';

/** Every BullMQ queue Switchboard uses; the worker consumes each, the api never does. */
export const QUEUE_NAMES = {
  knowledge: 'knowledge',
  answers: 'answers',
  outbound: 'outbound',
  fineTuning: 'fine-tuning',
  webhooks: 'webhooks',
  privacy: 'privacy',
  csat: 'csat',
} as const;

export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

export const ALL_QUEUE_NAMES: readonly QueueName[] = Object.values(QUEUE_NAMES);

/** Job name → payload. Payloads travel as JSON (outbox jsonb, then Redis): ids only, never entities. */
export interface JobPayloads {
  /** Crawl a url or sitemap source; without syncId (a scheduled run) the worker opens the sync itself. */
  'knowledge.sync-source': { workspaceId: WorkspaceId; sourceId: string; syncId?: string };
  /** Create, change or remove the source's re-sync schedule to match its settings. */
  'knowledge.schedule-source': { workspaceId: WorkspaceId; sourceId: string };
  'knowledge.ingest-document': { workspaceId: WorkspaceId; sourceId: string; documentId: string; syncId: string };
  /** Remove a deleted document's chunks and stored original. */
  'knowledge.purge-document': { workspaceId: WorkspaceId; sourceId: string; documentId: string };
  /** Remove a deleted source's chunks and stored originals. */
  'knowledge.purge-source': { workspaceId: WorkspaceId; sourceId: string };
  'answers.answer-message': { workspaceId: WorkspaceId; conversationId: string; messageId: string };
  'outbound.deliver-message': { workspaceId: WorkspaceId; conversationId: string; messageId: string };
  /** Tell people in Slack about a new ticket: the escalation channel of a Slack question, or the agents' mirror. */
  'outbound.slack-ticket-notice': { workspaceId: WorkspaceId; ticketId: string; notice: 'escalation' | 'mirror' };
  /** Read a fine-tuning job's status and events from the provider, store them, and come back later until it ends. */
  'fine-tuning.follow-job': { workspaceId: WorkspaceId; jobId: string };
  /** Attempt one webhook delivery; the delivery row holds the payload, the attempt count and when it is due. */
  'webhooks.deliver': { workspaceId: WorkspaceId; deliveryId: string };
  /** Delete every workspace's conversations older than its retention period (a repeatable job, one at a time). */
  'privacy.apply-retention': Record<string, never>;
  /** End bot conversations idle for CSAT_IDLE_MINUTES and ask their customers to rate them (repeatable). */
  'csat.ask-idle': Record<string, never>;
}

export type JobName = keyof JobPayloads;

export type JobPayload<J extends JobName> = JobPayloads[J];

/** Which queue carries each job; `satisfies` makes a job without a queue (or a typo) a compile error. */
export const JOB_QUEUE = {
  'knowledge.sync-source': QUEUE_NAMES.knowledge,
  'knowledge.schedule-source': QUEUE_NAMES.knowledge,
  'knowledge.ingest-document': QUEUE_NAMES.knowledge,
  'knowledge.purge-document': QUEUE_NAMES.knowledge,
  'knowledge.purge-source': QUEUE_NAMES.knowledge,
  'answers.answer-message': QUEUE_NAMES.answers,
  'outbound.deliver-message': QUEUE_NAMES.outbound,
  'outbound.slack-ticket-notice': QUEUE_NAMES.outbound,
  'fine-tuning.follow-job': QUEUE_NAMES.fineTuning,
  'webhooks.deliver': QUEUE_NAMES.webhooks,
  'privacy.apply-retention': QUEUE_NAMES.privacy,
  'csat.ask-idle': QUEUE_NAMES.csat,
} as const satisfies { readonly [J in JobName]: QueueName };

export const ALL_JOB_NAMES = Object.keys(JOB_QUEUE) as readonly JobName[];

/** The job names a queue's processor must handle. */
export type JobsInQueue<Q extends QueueName> = {
  [J in JobName]: (typeof JOB_QUEUE)[J] extends Q ? J : never;
}[JobName];

export function isJobName(value: string): value is JobName {
  return Object.hasOwn(JOB_QUEUE, value);
}

export function isQueueName(value: string): value is QueueName {
  return (ALL_QUEUE_NAMES as readonly string[]).includes(value);
}

/** Retry and retention policy applied to every job of a queue (BullMQ default job options, ages in seconds). */
export interface QueueJobDefaults {
  readonly attempts: number;
  /** 'retry-hint': exponential from `delay`, unless the error carries a Retry-After (see job-retry.ts). */
  readonly backoff: { readonly type: 'retry-hint'; readonly delay: number };
  readonly removeOnComplete: { readonly age: number };
  readonly removeOnFail: { readonly age: number; readonly count: number };
}

const HOUR = 60 * 60;

// Completed jobs are kept by age only (no count cap): while a job exists, re-adding its jobId is a no-op.
const keepCompleted = { age: 24 * HOUR };
const keepFailed = { age: 7 * 24 * HOUR, count: 10_000 };

export const QUEUE_JOB_DEFAULTS: { readonly [Q in QueueName]: QueueJobDefaults } = {
  knowledge: {
    attempts: 5,
    backoff: { type: 'retry-hint', delay: 10_000 },
    removeOnComplete: keepCompleted,
    removeOnFail: keepFailed,
  },
  // A customer is waiting: retry soon, give up early and let the handoff path take over.
  answers: {
    attempts: 3,
    backoff: { type: 'retry-hint', delay: 2_000 },
    removeOnComplete: keepCompleted,
    removeOnFail: keepFailed,
  },
  // Slack and SMTP outages last minutes: 8 attempts from 5 s span about 10 minutes.
  outbound: {
    attempts: 8,
    backoff: { type: 'retry-hint', delay: 5_000 },
    removeOnComplete: keepCompleted,
    removeOnFail: keepFailed,
  },
  // A provider outage while following a job: keep trying for about an hour, the job runs on without us.
  'fine-tuning': {
    attempts: 8,
    backoff: { type: 'retry-hint', delay: 15_000 },
    removeOnComplete: keepCompleted,
    removeOnFail: keepFailed,
  },
  // A receiver's failures are retried by the delivery itself (its row, WEBHOOK_RETRY_BASE_MS, up to 24 h); these
  // attempts only cover our own outages (Postgres down mid-job).
  webhooks: {
    attempts: 5,
    backoff: { type: 'retry-hint', delay: 5_000 },
    removeOnComplete: keepCompleted,
    removeOnFail: keepFailed,
  },
  // The next scheduled run catches up whatever a failed one left: a few quick retries are enough.
  privacy: {
    attempts: 3,
    backoff: { type: 'retry-hint', delay: 30_000 },
    removeOnComplete: keepCompleted,
    removeOnFail: keepFailed,
  },
  // A repeatable sweep: the next run takes whatever a failed one left, so a couple of quick retries are enough.
  csat: {
    attempts: 2,
    backoff: { type: 'retry-hint', delay: 10_000 },
    removeOnComplete: keepCompleted,
    removeOnFail: keepFailed,
  },
};
