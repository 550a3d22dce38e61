import { AuditModule } from '@switchboard/audit';
import { Module } from '@nestjs/common';
import { ActionsModule } from '@switchboard/actions';
import { AnswersModule } from '@switchboard/answers';
import { AgentDirectoryModule, AuthModule, RateLimiter } from '@switchboard/auth';
import { ChannelsModule } from '@switchboard/channels';
import { ConversationsModule } from '@switchboard/conversations';
import { KnowledgeModule } from '@switchboard/knowledge';
import { LlmModule } from '@switchboard/llm';
import { CannedRepliesRepository } from './canned-replies.repository';
import { CannedRepliesService } from './canned-replies.service';
import { CustomerTurnService } from './customer-turn.service';
import { FirstResponseListener } from './first-response.listener';
import { HandoffSummarizer } from './handoff-summary';
import { TeamsRepository } from './labels/teams.repository';
import { TeamsService } from './labels/teams.service';
import { TicketClassifier } from './labels/ticket-classifier';
import { TicketLabelCorrectionsRepository } from './labels/ticket-label-corrections.repository';
import { TicketLabelsService } from './labels/ticket-labels.service';
import { ThresholdSimulatorService } from './reports/threshold-simulator.service';
import { SupportReportsService } from './support-reports.service';
import { TicketNoticesListener } from './ticket-notices.listener';
import { TicketRealtimeListener } from './ticket-realtime.listener';
import { TicketsRepository } from './tickets.repository';
import { TicketPersonalDataService } from './ticket-personal-data.service';
import { TicketsService } from './tickets.service';

/** One instance for the process: the api's admin routes and the bot's turn share its caches (enabled actions). */
const ACTIONS_MODULE = ActionsModule.register({ imports: [AuthModule], rateLimiter: RateLimiter });

/** The bot's turn, tickets, assignment, handoff summaries, canned replies and support reports. Needs ConfigModule, DatabaseModule and EventEmitterModule. */
@Module({
  imports: [
    ConversationsModule,
    AuditModule,
    AgentDirectoryModule,
    ChannelsModule,
    KnowledgeModule,
    LlmModule,
    AnswersModule,
    ACTIONS_MODULE,
  ],
  providers: [
    TicketsRepository,
    CannedRepliesRepository,
    TeamsRepository,
    TicketLabelCorrectionsRepository,
    TicketClassifier,
    TicketLabelsService,
    TeamsService,
    CustomerTurnService,
    TicketsService,
    HandoffSummarizer,
    FirstResponseListener,
    TicketRealtimeListener,
    TicketNoticesListener,
    CannedRepliesService,
    SupportReportsService,
    ThresholdSimulatorService,
    TicketPersonalDataService,
  ],
  exports: [
    ACTIONS_MODULE,
    CustomerTurnService,
    TicketsService,
    HandoffSummarizer,
    CannedRepliesService,
    SupportReportsService,
    ThresholdSimulatorService,
    TicketClassifier,
    TicketLabelsService,
    TeamsService,
    TicketPersonalDataService,
  ],
})
export class HandoffModule {}
