import { Module } from '@nestjs/common';
import { ChannelsModule } from '@switchboard/channels';
import { ConversationsModule } from '@switchboard/conversations';
import { LlmModule } from '@switchboard/llm';
import { FirstResponseListener } from './first-response.listener';
import { HandoffSummarizer } from './handoff-summary';
import { TicketRealtimeListener } from './ticket-realtime.listener';
import { TicketsService } from './tickets.service';

/** Tickets, assignment and handoff summaries. Needs ConfigModule, DatabaseModule and EventEmitterModule. */
@Module({
  imports: [ConversationsModule, ChannelsModule, LlmModule],
  providers: [TicketsService, HandoffSummarizer, FirstResponseListener, TicketRealtimeListener],
  exports: [TicketsService, HandoffSummarizer],
})
export class HandoffModule {}
