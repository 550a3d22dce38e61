import { Module } from '@nestjs/common';
import { AssistModule } from '@switchboard/assist';
import { KnowledgeModule } from '@switchboard/knowledge';
import { AuthModule } from '@switchboard/auth';
import { ChannelsModule } from '@switchboard/channels';
import { ConversationsModule } from '@switchboard/conversations';
import { FineTuningModule } from '@switchboard/fine-tuning';
import { HandoffModule } from '@switchboard/handoff';
import { SupportReportsController } from '../reports/support-reports.controller';
import { ConsoleActionsController } from './console-actions.controller';
import { ConsoleAssistController } from './console-assist.controller';
import { ConsoleConversationsController } from './console-conversations.controller';
import { ConsoleConversationsService } from './console-conversations.service';
import { ConsoleFineTuningController } from './console-fine-tuning.controller';
import { ConsolePrivacyController } from './console-privacy.controller';
import { PrivacyModule } from '@switchboard/privacy';
import { ConsoleEventsController } from './console-events.controller';
import { ConsoleLabelsController } from './console-labels.controller';
import { ConsoleEventsService } from './console-events.service';
import { ConsoleSessionController } from './console-session.controller';
import { ConsoleTicketsController } from './console-tickets.controller';
import { ConsoleTicketsService } from './console-tickets.service';
import { ConsoleViewsService } from './console-views.service';
import { ConsoleWorkspaceController } from './console-workspace.controller';

/** The agent console's HTTP surface: sign-in, ticket queue, conversations, replies and notes, reports, actions, fine-tuning, live events. */
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
  ],
  providers: [ConsoleViewsService, ConsoleTicketsService, ConsoleConversationsService, ConsoleEventsService],
})
export class ConsoleModule {}
