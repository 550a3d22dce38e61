import { Injectable } from '@nestjs/common';
import { AnswerService } from '@switchboard/answers';
import { ConversationMessagesService } from '@switchboard/conversations';
import type { WorkspaceId } from '@switchboard/database';
import { NothingToSuggestError } from './assist.errors';

/** A draft for the agent: never sent by itself; the agent edits it and sends it. */
export interface ReplySuggestion {
  text: string;
  citations: Array<{ index: number; title: string; url: string | null }>;
  /** The calibrated confidence the bot would have had answering with it. */
  confidence: number;
  /** The model that wrote it, or `extractive` offline. */
  model: string;
  /** The customer message it replies to. */
  replyingTo: string;
}

/** Drafts a reply to the customer's latest message from the knowledge base and the conversation. */
@Injectable()
export class ReplySuggestionService {
  constructor(
    private readonly messages: ConversationMessagesService,
    private readonly answers: AnswerService,
  ) {}

  async suggest(workspaceId: WorkspaceId, conversationId: string): Promise<ReplySuggestion> {
    await this.messages.getConversation(workspaceId, conversationId);
    const turns = await this.messages.recentTurns(workspaceId, conversationId);
    const last = turns.map((turn) => turn.role).lastIndexOf('customer');
    if (last < 0) throw new NothingToSuggestError(conversationId);
    const result = await this.answers.answer({
      workspaceId,
      question: turns[last].text,
      history: turns.slice(0, last),
      // The draft goes to the customer: only what customers may read, whoever writes it.
      visibility: ['public'],
      conversationId,
      bypassCache: true,
      task: 'suggest_reply',
      route: { path: 'answer', why: 'a reply suggested to an agent' },
    });
    return {
      text: result.draft,
      citations: result.citations.map(({ index, title, url }) => ({ index, title, url })),
      confidence: result.confidence,
      model: result.model,
      replyingTo: turns[last].text,
    };
  }
}
