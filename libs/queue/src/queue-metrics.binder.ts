import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { MetricsService, QueueDepth } from '@switchboard/observability';
import { QueueJobCounts, QueueProducer } from './queue-producer.service';

const STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

// A scrape must not hang on a Redis that stopped answering.
const DEPTH_TIMEOUT_MS = 2_000;

/** Feeds the queue_jobs gauge (jobs per queue and state) from BullMQ at every scrape. */
@Injectable()
export class QueueMetricsBinder implements OnModuleInit {
  constructor(
    private readonly producer: QueueProducer,
    // Absent in processes without ObservabilityModule (some tests): then there is nothing to feed.
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  onModuleInit(): void {
    this.metrics?.setQueueDepthSource(async () => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('queue depth timed out')), DEPTH_TIMEOUT_MS);
      });
      const counts: Record<string, QueueJobCounts> = await Promise.race([this.producer.counts(), timeout]).finally(() =>
        clearTimeout(timer),
      );
      return Object.entries(counts).flatMap(([queue, states]): QueueDepth[] =>
        STATES.map((state) => ({ queue, state, count: states[state] })),
      );
    });
  }
}
