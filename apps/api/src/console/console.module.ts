import { Module } from '@nestjs/common';
import { AssistModule } from '@switchboard/assist';
import { AuditModule } from '@switchboard/audit';
import { KnowledgeModule } from '@switchboard/knowledge';
import { AuthModule } from '@switchboard/auth';
import { ChannelsModule } from '@switchboard/channels';
import { ConversationsModule } from '@switchboard/conversations';
import { FineTuningModule } from '@switchboard/fine-tuning';
import { HandoffModule } from '@switchboard/handoff';
import { WebhooksModule } from '@switchboard/webhooks';
import { SupportReportsController } from '../reports/support-reports.controller';
import { SearchModule } from '../search/search.module';
import { ConsoleCsatController } from '../csat/console-csat.controller';
import { CsatReportsController } from '../csat/csat-reports.controller';
import { CsatModule } from '@switchboard/csat';
import { ConsoleActionsController } from './console-actions.controller';
import { ConsoleAuditController } from './console-audit.controller';
import { ConsoleAssistController } from './console-assist.controller';
import { ConsoleConversationsController } from './console-conversations.controller';
import { ConsoleConversationsService } from './console-conversations.service';
import { ConsoleFineTuningController } from './console-fine-tuning.controller';
import { ConsolePrivacyController } from './console-privacy.controller';
import { PrivacyModule } from '@switchboard/privacy';
import { ConsoleEventsController } from './console-events.controller';
import { ConsoleLabelsController } from './console-labels.controller';
import { ConsoleEventsService } from './console-events.service';
import { ConsoleSearchController } from './console-search.controller';
import { ConsoleSessionController } from './console-session.controller';
import { ConsoleTicketsController } from './console-tickets.controller';
import { ConsoleTicketsService } from './console-tickets.service';
import { ConsoleViewsService } from './console-views.service';
import { ConsoleWorkspaceController } from './console-workspace.controller';
import { ConsoleWebhooksController } from './console-webhooks.controller';

/** The agent console's HTTP surface: sign-in, ticket queue, conversations, replies and notes, reports, actions, fine-tuning, webhooks, live events. */
@Module({
  // HandoffModule re-exports the one ActionsModule of the process (definitions cache shared with the bot's turn).
  imports: [
    AuthModule,
    ConversationsModule,
    ChannelsModule,
    HandoffModule,
    KnowledgeModule,
    AssistModule,
    FineTuningModule,
    AuditModule,
    WebhooksModule,
    SearchModule,
    CsatModule,
    PrivacyModule,
  ],
  controllers: [
    ConsoleSessionController,
    ConsoleTicketsController,
    ConsoleLabelsController,
    ConsoleConversationsController,
    ConsoleWorkspaceController,
    ConsoleAssistController,
    ConsoleActionsController,
    ConsoleFineTuningController,
    ConsolePrivacyController,
    ConsoleEventsController,
    SupportReportsController,
    ConsoleAuditController,
    ConsoleWebhooksController,
    ConsoleSearchController,
    ConsoleCsatController,
    CsatReportsController,
  ],
  providers: [ConsoleViewsService, ConsoleTicketsService, ConsoleConversationsService, ConsoleEventsService],
})
export class ConsoleModule {}
