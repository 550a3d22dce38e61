import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { asWorkspaceId } from '@switchboard/database';
import { FineTuningJobsService } from '@switchboard/fine-tuning';
import { QueueConsumer } from '@switchboard/queue';

// Each follow-up is two short provider reads; a few at once are plenty.
const FOLLOW_CONCURRENCY = 2;

/** Consumes the fine-tuning queue: follows running jobs until they end. */
@Injectable()
export class FineTuningJobsProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly consumer: QueueConsumer,
    private readonly jobs: FineTuningJobsService,
  ) {}

  onApplicationBootstrap(): void {
    this.consumer.consume(
      'fine-tuning',
      {
        'fine-tuning.follow-job': (payload) => this.jobs.follow(asWorkspaceId(payload.workspaceId), payload.jobId),
      },
      { concurrency: FOLLOW_CONCURRENCY },
    );
  }
}
