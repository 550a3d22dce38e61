import { Injectable } from '@nestjs/common';
import { ConversationMessagesService } from '@switchboard/conversations';
import { WorkspaceId, answerMetadataOf } from '@switchboard/database';
import { HandoffSummarizer, SummaryTurn } from '@switchboard/handoff';

const SUMMARY_TURNS = 40;

/** A summary of the conversation so far, when an agent asks for one (not only at handoff). */
@Injectable()
export class ConversationSummaryService {
  constructor(
    private readonly messages: ConversationMessagesService,
    private readonly summarizer: HandoffSummarizer,
  ) {}

  async summarize(workspaceId: WorkspaceId, conversationId: string): Promise<{ summary: string }> {
    await this.messages.getConversation(workspaceId, conversationId);
    const rows = await this.messages.recentDialogue(workspaceId, conversationId, SUMMARY_TURNS);
    const turns = rows.map((message): SummaryTurn => ({
      role: message.author === 'contact' ? 'customer' : message.author === 'agent' ? 'agent' : 'bot',
      text: message.content,
      confidence: answerMetadataOf(message)?.confidence ?? null,
    }));
    return { summary: await this.summarizer.summarize(workspaceId, { turns, conversationId }) };
  }
}
