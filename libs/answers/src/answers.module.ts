import { Module } from '@nestjs/common';
import { ConversationsModule } from '@switchboard/conversations';
import { KnowledgeModule } from '@switchboard/knowledge';
import { LlmModule } from '@switchboard/llm';
import { AnswerService, CONFIDENCE_MODEL } from './answer.service';
import { AnswerCache } from './cache/answer-cache';
import { ConfidenceModel } from './confidence/confidence.model';
import { UsageService } from './reports/usage.service';
import { ConversationRetriever } from './retrieval/conversation-retriever';
import { Retriever } from './retrieval/retriever';
import { AnswerTracesRepository } from './traces/answer-traces.repository';
import { AnswerTracesService } from './traces/answer-traces.service';
import { AnswerPersonalDataService } from './traces/answer-personal-data.service';

@Module({
  imports: [ConversationsModule, KnowledgeModule, LlmModule],
  providers: [
    AnswerService,
    Retriever,
    ConversationRetriever,
    AnswerCache,
    AnswerTracesRepository,
    AnswerTracesService,
    UsageService,
    AnswerPersonalDataService,
    { provide: CONFIDENCE_MODEL, useFactory: () => new ConfidenceModel() },
  ],
  exports: [AnswerService, AnswerTracesService, UsageService, AnswerPersonalDataService],
})
export class AnswersModule {}
