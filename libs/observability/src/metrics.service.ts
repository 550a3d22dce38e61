import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export type JobOutcome = 'completed' | 'failed';

export interface QueueDepth {
  queue: string;
  state: string;
  count: number;
}

export type QueueDepthSource = () => Promise<QueueDepth[]>;

export interface RenderedMetrics {
  contentType: string;
  body: string;
}

/** Route label for requests no controller matched, so scanners cannot explode the label set. */
export const UNMATCHED_ROUTE = 'unmatched';

const JOB_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/** One Prometheus registry per app (not prom-client's global one), so several apps can live in one test process. */
@Injectable()
export class MetricsService {
  /** Other libs may register their own metrics here with `registers: [metrics.registry]`. */
  readonly registry = new Registry();

  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [this.registry],
  });

  private readonly queueJobs = new Gauge({
    name: 'queue_jobs',
    help: 'Jobs per queue and state, read from the queue backend at scrape time.',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
    collect: () => this.collectQueueDepth(),
  });

  private readonly queueDepthErrors = new Counter({
    name: 'queue_depth_collect_errors_total',
    help: 'Scrapes whose queue depth could not be read; queue_jobs is empty for those scrapes.',
    registers: [this.registry],
  });

  private readonly jobDuration = new Histogram({
    name: 'job_duration_seconds',
    help: 'Queue job processing time by queue, job name and outcome.',
    labelNames: ['queue', 'job', 'outcome'] as const,
    buckets: JOB_BUCKETS,
    registers: [this.registry],
  });

  private readonly jobFailures = new Counter({
    name: 'job_failures_total',
    help: 'Failed queue job attempts by queue and job name.',
    labelNames: ['queue', 'job'] as const,
    registers: [this.registry],
  });

  private queueDepthSource?: QueueDepthSource;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** `route` must be a route template (`/v1/inboxes/:id`) or {@link UNMATCHED_ROUTE}, never a raw URL. */
  observeHttp(method: string, route: string, statusCode: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status_code: String(statusCode) }, seconds);
  }

  observeJob(queue: string, job: string, seconds: number, outcome: JobOutcome): void {
    this.jobDuration.observe({ queue, job, outcome }, seconds);
    if (outcome === 'failed') this.jobFailures.inc({ queue, job });
  }

  /** The queue lib registers how to count jobs; it is called on every scrape. */
  setQueueDepthSource(source: QueueDepthSource): void {
    this.queueDepthSource = source;
  }

  async render(): Promise<RenderedMetrics> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private async collectQueueDepth(): Promise<void> {
    if (!this.queueDepthSource) return;
    let depths: QueueDepth[];
    try {
      depths = await this.queueDepthSource();
    } catch {
      // An unreachable queue backend must not fail the whole scrape; the error counter and the missing series show it.
      this.queueDepthErrors.inc();
      this.queueJobs.reset();
      return;
    }
    this.queueJobs.reset();
    for (const { queue, state, count } of depths) this.queueJobs.set({ queue, state }, count);
  }
}
