import { Injectable } from '@nestjs/common';
import type { ContactScope, ErasureCounts, LlmCall, WorkspaceId } from '@switchboard/database';
import { LlmCallsRepository } from './llm-calls.repository';

export type ContactLlmCallExport = Pick<
  LlmCall,
  'id' | 'conversationId' | 'task' | 'provider' | 'model' | 'prompt' | 'completion' | 'status' | 'createdAt'
>;

/** The LLM calls made for a contact's conversations: their prompts quote the contact's messages. */
@Injectable()
export class LlmCallPersonalDataService {
  constructor(private readonly calls: LlmCallsRepository) {}

  async exportForContact(scope: ContactScope): Promise<ContactLlmCallExport[]> {
    const calls = await this.calls.ofConversations(scope.workspaceId, scope.conversationIds);
    return calls.map(({ id, conversationId, task, provider, model, prompt, completion, status, createdAt }) => ({
      id,
      conversationId,
      task,
      provider,
      model,
      prompt,
      completion,
      status,
      createdAt,
    }));
  }

  eraseForContact(scope: ContactScope): Promise<ErasureCounts> {
    return this.eraseForConversations(scope.workspaceId, scope.conversationIds);
  }

  async eraseForConversations(workspaceId: WorkspaceId, conversationIds: readonly string[]): Promise<ErasureCounts> {
    return { llmCalls: await this.calls.deleteOfConversations(workspaceId, conversationIds) };
  }
}
