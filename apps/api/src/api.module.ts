import { ConsoleModule } from './console/console.module';
import { WidgetModule } from './widget/widget.module';
import { SlackModule } from './slack/slack.module';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { MulterModule } from '@nestjs/platform-express';
import { AnswersModule } from '@switchboard/answers';
import { AuditContextInterceptor, AuditModule } from '@switchboard/audit';
import { AuthModule } from '@switchboard/auth';
import { AppConfig, ConfigModule } from '@switchboard/config';
import { ConversationsModule } from '@switchboard/conversations';
import { CsatModule } from '@switchboard/csat';
import { DatabaseModule } from '@switchboard/database';
import { HandoffModule } from '@switchboard/handoff';
import { FineTuningModule } from '@switchboard/fine-tuning';
import { KnowledgeModule } from '@switchboard/knowledge';
import { ObservabilityModule } from '@switchboard/observability';
import { QueueModule } from '@switchboard/queue';
import { WebhooksModule } from '@switchboard/webhooks';
import { PrivacyModule } from '@switchboard/privacy';
import { ActionsController } from './actions/actions.controller';
import { AgentsController } from './agents/agents.controller';
import { AnswersController } from './answers/answers.controller';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { AssetsController } from './assets/assets.controller';
import { HealthModule } from './health/health.module';
import { EmailModule } from './email/email.module';
import { DomainErrorsFilter } from './http/domain-errors.filter';
import { MalformedValueFilter } from './http/malformed-value.filter';
import { InboxesController } from './inboxes/inboxes.controller';
import { KnowledgeErrorsFilter } from './knowledge/knowledge-errors.filter';
import { KnowledgeController, MAX_FILES_PER_UPLOAD } from './knowledge/knowledge.controller';
import { MetricsController } from './metrics/metrics.controller';
import { TeamsController } from './teams/teams.controller';
import { WorkspaceController } from './workspaces/workspace.controller';
import { WebhooksController } from './webhooks/webhooks.controller';
import { WorkspacesController } from './workspaces/workspaces.controller';
import { ContactsController } from './contacts/contacts.controller';
import { FineTuningController } from './fine-tuning/fine-tuning.controller';
import { AuditEventsController } from './audit/audit-events.controller';
import { SearchModule } from './search/search.module';
import { CsatLinkController } from './csat/csat-link.controller';

/** The HTTP process: controllers only; it enqueues through the outbox but never consumes a queue. */
@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot('api', config),
        ObservabilityModule.forRoot(),
        DatabaseModule,
        EventEmitterModule.forRoot(),
        QueueModule.forRoot({ relay: false }),
        ConversationsModule,
        AuthModule,
        KnowledgeModule,
        AnswersModule,
        HandoffModule,
        FineTuningModule,
        WebhooksModule,
        AuditModule,
        CsatModule,
        PrivacyModule,
        HealthModule,
        WidgetModule,
        ConsoleModule,
        SlackModule,
        EmailModule,
        SearchModule,
        // Uploads stay in memory: they are bounded by UPLOAD_MAX_BYTES and written to the blob store at once.
        MulterModule.register({
          limits: { fileSize: config.knowledge.uploadMaxBytes, files: MAX_FILES_PER_UPLOAD, fields: 10 },
        }),
      ],
      controllers: [
        WorkspacesController,
        WorkspaceController,
        InboxesController,
        AgentsController,
        TeamsController,
        ApiKeysController,
        KnowledgeController,
        ActionsController,
        FineTuningController,
        ContactsController,
        WebhooksController,
        AnswersController,
        MetricsController,
        AssetsController,
        AuditEventsController,
        CsatLinkController,
      ],
      providers: [
        { provide: APP_FILTER, useClass: MalformedValueFilter },
        { provide: APP_FILTER, useClass: DomainErrorsFilter },
        { provide: APP_FILTER, useClass: KnowledgeErrorsFilter },
        // Every authenticated request runs in an audit context: the actor and IP that AuditLog.record stores.
        { provide: APP_INTERCEPTOR, useClass: AuditContextInterceptor },
      ],
    };
  }
}
