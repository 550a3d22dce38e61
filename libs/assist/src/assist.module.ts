import { Module } from '@nestjs/common';
import { AnswersModule } from '@switchboard/answers';
import { ConversationsModule } from '@switchboard/conversations';
import { HandoffModule } from '@switchboard/handoff';
import { LlmModule } from '@switchboard/llm';
import { ConversationSummaryService } from './conversation-summary.service';
import { ReplySuggestionService } from './reply-suggestion.service';
import { TextRewriteService } from './text-rewrite.service';

/** Agent assist: direct model calls an agent asks for in the console (suggest, rewrite, summarise). */
@Module({
  imports: [ConversationsModule, AnswersModule, HandoffModule, LlmModule],
  providers: [ReplySuggestionService, TextRewriteService, ConversationSummaryService],
  exports: [ReplySuggestionService, TextRewriteService, ConversationSummaryService],
})
export class AssistModule {}
