import { Module } from '@nestjs/common';
import { AnswersModule } from '@switchboard/answers';
import { ChannelsModule } from '@switchboard/channels';
import { ConversationsModule } from '@switchboard/conversations';
import { LlmModule } from '@switchboard/llm';
import { CannedRepliesService } from './canned-replies.service';
import { CustomerTurnService } from './customer-turn.service';
import { FirstResponseListener } from './first-response.listener';
import { HandoffSummarizer } from './handoff-summary';
import { SupportReportsService } from './support-reports.service';
import { TicketRealtimeListener } from './ticket-realtime.listener';
import { TicketsService } from './tickets.service';

/** The bot's turn, tickets, assignment, handoff summaries, canned replies and support reports. Needs ConfigModule, DatabaseModule and EventEmitterModule. */
@Module({
  imports: [ConversationsModule, ChannelsModule, LlmModule, AnswersModule],
  providers: [
    CustomerTurnService,
    TicketsService,
    HandoffSummarizer,
    FirstResponseListener,
    TicketRealtimeListener,
    CannedRepliesService,
    SupportReportsService,
  ],
  exports: [CustomerTurnService, TicketsService, HandoffSummarizer, CannedRepliesService, SupportReportsService],
})
export class HandoffModule {}
