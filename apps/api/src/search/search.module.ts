import { Module } from '@nestjs/common';
import { AuthModule } from '@switchboard/auth';
import { ConversationsModule } from '@switchboard/conversations';
import { HandoffModule } from '@switchboard/handoff';
import { ConversationsSearchController } from './conversations-search.controller';
import { SearchService } from './search.service';

/** Conversation search: the API's route (integrations, notes left out) and the service the console's shares. */
@Module({
  imports: [AuthModule, ConversationsModule, HandoffModule],
  controllers: [ConversationsSearchController],
  providers: [SearchService],
  // The console's search route lives with the console's controllers.
  exports: [SearchService],
})
export class SearchModule {}
