import { Injectable } from '@nestjs/common';
import type { AnswerTrace, ContactScope, ErasureCounts, WorkspaceId } from '@switchboard/database';
import { AnswerCache } from '../cache/answer-cache';
import { AnswerTracesRepository } from './answer-traces.repository';

export type ContactAnswerTraceExport = Pick<
  AnswerTrace,
  'id' | 'conversationId' | 'messageId' | 'question' | 'completion' | 'model' | 'decision' | 'reason' | 'confidence'
> & { createdAt: Date };

/** The answer traces of a contact's conversations (their questions, the prompts and completions), and the cache. */
@Injectable()
export class AnswerPersonalDataService {
  constructor(
    private readonly traces: AnswerTracesRepository,
    private readonly cache: AnswerCache,
  ) {}

  async exportForContact(scope: ContactScope): Promise<ContactAnswerTraceExport[]> {
    const traces = await this.traces.ofConversations(scope.workspaceId, scope.conversationIds);
    return traces.map((t) => ({
      id: t.id,
      conversationId: t.conversationId,
      messageId: t.messageId,
      question: t.question,
      completion: t.completion,
      model: t.model,
      decision: t.decision,
      reason: t.reason,
      confidence: t.confidence,
      createdAt: t.createdAt,
    }));
  }

  /** The traces, and the workspace's whole answer cache (its keys cannot be traced back to one person). */
  async eraseForContact(scope: ContactScope): Promise<ErasureCounts> {
    const answerTraces = await this.traces.deleteOfConversations(scope.workspaceId, scope.conversationIds);
    const answerCacheKeys = await this.cache.clearWorkspace(scope.workspaceId);
    return { answerTraces, answerCacheKeys };
  }

  /** Retention: the traces of conversations that expired (cached answers expire on their own within a day). */
  async eraseForConversations(workspaceId: WorkspaceId, conversationIds: readonly string[]): Promise<ErasureCounts> {
    return { answerTraces: await this.traces.deleteOfConversations(workspaceId, conversationIds) };
  }
}
