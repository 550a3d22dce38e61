import { Module } from '@nestjs/common';
import { AuthModule } from '@switchboard/auth';
import { ConversationsModule } from '@switchboard/conversations';
import { HandoffModule } from '@switchboard/handoff';
import { ConsoleSearchController } from './console-search.controller';
import { ConversationsSearchController } from './conversations-search.controller';
import { SearchService } from './search.service';

/** Conversation search: the console's (agents, notes included) and the API's (integrations, notes left out). */
@Module({
  imports: [AuthModule, ConversationsModule, HandoffModule],
  controllers: [ConsoleSearchController, ConversationsSearchController],
  providers: [SearchService],
})
export class SearchModule {}
