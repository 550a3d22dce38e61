import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ALL_QUEUE_NAMES, JOB_QUEUE, JobName, JobPayloads, QUEUE_JOB_DEFAULTS, QueueName } from './queue.contract';
import { QueueUnavailableError } from './queue-unavailable.error';
import { becomesReady } from './redis-client';

const CONNECT_TIMEOUT_MS = 2_000;
const COMMAND_TIMEOUT_MS = 5_000;
const MAX_RECONNECT_DELAY_MS = 2_000;

export interface EnqueueOptions {
  /** Deduplicates: adding a jobId that BullMQ still holds (any state) is a no-op. */
  jobId?: string;
  /** Milliseconds before the job becomes available to workers. */
  delay?: number;
}

export interface QueueJobCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

const REMOVABLE_JOB_STATES = [
  'waiting',
  'paused',
  'prioritized',
  'delayed',
  'waiting-children',
  'completed',
  'failed',
] as const;

type ProducerQueue = Queue<JobPayloads[JobName], unknown, JobName>;

/**
 * Adds jobs to BullMQ. Fails fast with QueueUnavailableError while Redis is down instead of buffering,
 * so callers (the outbox relay above all) learn at once and retry later.
 */
@Injectable()
export class QueueProducer implements OnApplicationShutdown {
  private readonly logger = new Logger(QueueProducer.name);
  private readonly queues = new Map<QueueName, ProducerQueue>();
  private redis?: Redis;
  private lastRedisError?: Error;
  private redisLost = false;
  private closing?: Promise<void>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Returns the job id. */
  async enqueue<J extends JobName>(name: J, payload: JobPayloads[J], options: EnqueueOptions = {}): Promise<string> {
    const queue = await this.readyQueue(JOB_QUEUE[name]);
    try {
      const job = await queue.add(name, payload, { jobId: options.jobId, delay: options.delay });
      return job.id ?? options.jobId ?? '';
    } catch (error) {
      if (this.redis?.status !== 'ready') {
        throw new QueueUnavailableError(`Redis went away while adding ${name}`, { cause: error });
      }
      throw error;
    }
  }

  /** Job counts per queue, for metrics. */
  async counts(): Promise<Record<QueueName, QueueJobCounts>> {
    const entries = await Promise.all(
      ALL_QUEUE_NAMES.map(async (name) => {
        const queue = await this.readyQueue(name);
        // 'waiting' also counts paused jobs; prioritized jobs wait in a list of their own.
        const raw = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
        const count = (state: string): number => raw[state] ?? 0;
        const counts: QueueJobCounts = {
          waiting: count('waiting') + count('paused') + count('prioritized'),
          active: count('active'),
          delayed: count('delayed'),
          failed: count('failed'),
        };
        return [name, counts] as const;
      }),
    );
    return Object.fromEntries(entries) as Record<QueueName, QueueJobCounts>;
  }

  /** Payloads of the jobs named `name` that BullMQ still holds to run (waiting, delayed, active); for watchdogs. */
  async pendingPayloads<J extends JobName>(name: J): Promise<Array<JobPayloads[J]>> {
    const queue = await this.readyQueue(JOB_QUEUE[name]);
    const jobs = await queue.getJobs(['waiting', 'paused', 'prioritized', 'delayed', 'active']);
    return jobs.filter((job) => job?.name === name).map((job) => job.data as JobPayloads[J]);
  }

  /**
   * Removes every job not running now (waiting, delayed, completed or failed) whose payload names one of these
   * conversations; returns how many went. A job running now keeps its lock and finishes, finding its rows gone.
   */
  async removeJobsOfConversations(conversationIds: readonly string[]): Promise<number> {
    if (conversationIds.length === 0) return 0;
    const wanted = new Set(conversationIds);
    let removed = 0;
    for (const name of ALL_QUEUE_NAMES) {
      const queue = await this.readyQueue(name);
      const jobs = await queue.getJobs([...REMOVABLE_JOB_STATES]);
      for (const job of jobs) {
        const conversationId = (job?.data as { conversationId?: unknown } | undefined)?.conversationId;
        if (typeof conversationId !== 'string' || !wanted.has(conversationId)) continue;
        // A job that started meanwhile is locked: it cannot be removed, and finds nothing to work on.
        removed += await job.remove().then(
          () => 1,
          () => 0,
        );
      }
    }
    return removed;
  }

  /** Repeats a job every `everyMs` under a stable scheduler id; calling again with the same id updates it. */
  async schedule<J extends JobName>(
    name: J,
    schedulerId: string,
    everyMs: number,
    payload: JobPayloads[J],
  ): Promise<void> {
    const queue = await this.readyQueue(JOB_QUEUE[name]);
    // BullMQ types the scheduler id as a job name; ours are "source:<id>", so widen the queue type here.
    await (queue as Queue).upsertJobScheduler(schedulerId, { every: everyMs }, { name, data: payload });
  }

  async unschedule(name: JobName, schedulerId: string): Promise<void> {
    const queue = await this.readyQueue(JOB_QUEUE[name]);
    await queue.removeJobScheduler(schedulerId);
  }

  close(): Promise<void> {
    this.closing ??= this.closeConnections();
    return this.closing;
  }

  // Shutdown rather than module-destroy: the relay stops in onModuleDestroy and must finish its pass first.
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  private async readyQueue(name: QueueName): Promise<ProducerQueue> {
    const redis = await this.readyRedis();
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: redis,
        prefix: this.config.queue.prefix,
        defaultJobOptions: { ...QUEUE_JOB_DEFAULTS[name] },
      });
      // Redis errors reach every Queue too; the connection listeners already log them once per outage.
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    try {
      await queue.waitUntilReady();
      return queue;
    } catch (error) {
      // A connection lost during BullMQ's start-up handshake leaves that Queue unusable for good: rebuild it next time.
      this.queues.delete(name);
      await queue.close().catch(() => undefined);
      throw new QueueUnavailableError(`Redis went away while opening queue ${name}`, { cause: error });
    }
  }

  private async readyRedis(): Promise<Redis> {
    if (this.closing) throw new QueueUnavailableError('The queue producer is closed');
    const redis = (this.redis ??= this.connect());
    if (redis.status === 'ready') return redis;
    // Wait briefly only while a connection attempt is under way (start-up); between attempts Redis is down.
    const connecting = redis.status === 'connecting' || redis.status === 'connect';
    if (connecting && (await becomesReady(redis, CONNECT_TIMEOUT_MS))) return redis;
    throw new QueueUnavailableError(`Redis is unavailable (${redis.status})`, { cause: this.lastRedisError });
  }

  private connect(): Redis {
    const redis = new Redis(this.config.redis.url, {
      enableOfflineQueue: false,
      connectTimeout: CONNECT_TIMEOUT_MS,
      // Bounds a command sent just before the connection died; a later duplicate add is ignored thanks to jobId.
      commandTimeout: COMMAND_TIMEOUT_MS,
      retryStrategy: (attempt: number) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
    });
    redis.on('error', (error: Error) => {
      this.lastRedisError = error;
    });
    redis.on('close', () => {
      if (this.closing || this.redisLost) return;
      this.redisLost = true;
      this.logger.warn(
        `Redis unavailable, jobs cannot be enqueued: ${this.lastRedisError?.message ?? 'connection closed'}`,
      );
    });
    redis.on('ready', () => {
      if (this.redisLost) this.logger.log('Redis connection restored');
      this.redisLost = false;
    });
    return redis;
  }

  private async closeConnections(): Promise<void> {
    const queues = [...this.queues.values()];
    this.queues.clear();
    await Promise.allSettled(queues.map((queue) => queue.close()));
    const redis = this.redis;
    if (!redis) return;
    if (redis.status === 'ready') {
      await redis.quit().catch(() => redis.disconnect());
    } else {
      redis.disconnect();
    }
  }
}
