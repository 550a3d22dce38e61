import { ChannelsModule } from '@switchboard/channels';
import { ConversationsModule } from '@switchboard/conversations';
import { HandoffModule } from '@switchboard/handoff';
import { FineTuningModule } from '@switchboard/fine-tuning';
import { FineTuningJobsProcessor } from './fine-tuning/fine-tuning-jobs.processor';
import { ConversationJobsProcessor } from './conversations/conversation-jobs.processor';
import { DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { AppConfig, ConfigModule } from '@switchboard/config';
import { DatabaseModule } from '@switchboard/database';
import { KnowledgeModule } from '@switchboard/knowledge';
import { ObservabilityModule } from '@switchboard/observability';
import { QueueConsumer, QueueModule } from '@switchboard/queue';
import { WebhooksModule } from '@switchboard/webhooks';
import { EmbeddingModelReindexer } from './knowledge/embedding-model.reindexer';
import { KnowledgeProcessor } from './knowledge/knowledge.processor';
import { SourceScheduler } from './knowledge/source.scheduler';
import { SyncWatchdogTimer } from './knowledge/sync-watchdog.timer';
import { WebhookJobsProcessor } from './webhooks/webhook-jobs.processor';
import { PrivacyModule } from '@switchboard/privacy';
import { RetentionProcessor } from './privacy/retention.processor';
import { CsatModule } from '@switchboard/csat';
import { CsatIdleProcessor } from './csat/csat-idle.processor';

/** The background process: queue processors and the outbox relay; no HTTP controllers. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot('worker', config),
        ObservabilityModule.forRoot(),
        DatabaseModule,
        EventEmitterModule.forRoot(),
        QueueModule.forRoot({ relay: true }),
        KnowledgeModule,
        ConversationsModule,
        ChannelsModule,
        HandoffModule,
        FineTuningModule,
        WebhooksModule,
        PrivacyModule,
        CsatModule,
      ],
      providers: [
        QueueConsumer,
        SourceScheduler,
        KnowledgeProcessor,
        EmbeddingModelReindexer,
        SyncWatchdogTimer,
        ConversationJobsProcessor,
        FineTuningJobsProcessor,
        WebhookJobsProcessor,
        RetentionProcessor,
        CsatIdleProcessor,
      ],
    };
  }
}
