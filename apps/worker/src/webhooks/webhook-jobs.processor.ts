import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { asWorkspaceId } from '@switchboard/database';
import { QueueConsumer } from '@switchboard/queue';
import { WebhookDeliveriesService } from '@switchboard/webhooks';

// Deliveries wait on receivers (up to the 10 s timeout each): I/O bound, so many run at once.
const DELIVERY_CONCURRENCY = 16;

/**
 * Consumes the webhooks queue, and sweeps for due deliveries whose job is gone (a Redis restarted empty) every
 * WEBHOOK_SWEEP_INTERVAL_MS; sweeps never overlap.
 */
@Injectable()
export class WebhookJobsProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookJobsProcessor.name);
  private timer?: NodeJS.Timeout;
  private sweeping: Promise<void> = Promise.resolve();

  constructor(
    private readonly consumer: QueueConsumer,
    private readonly deliveries: WebhookDeliveriesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.consumer.consume(
      'webhooks',
      {
        'webhooks.deliver': async (payload) => {
          await this.deliveries.attempt(asWorkspaceId(payload.workspaceId), payload.deliveryId);
        },
      },
      { concurrency: DELIVERY_CONCURRENCY },
    );
    this.timer = setInterval(() => {
      this.sweeping = this.sweeping.then(() => this.sweep());
    }, this.config.webhooks.sweepIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  private async sweep(): Promise<void> {
    try {
      const requeued = await this.deliveries.sweep();
      if (requeued > 0) this.logger.log(`re-enqueued ${requeued} overdue webhook deliveries`);
    } catch (error) {
      // Redis or Postgres is down: the next sweep tries again.
      this.logger.debug(`webhook sweep failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
