import { WorkspaceId } from '@switchboard/database';
import { NewTrace } from '../traces/answer-traces.repository';

/** A stored answer with nothing retrieved or spent; tests override what they look at. */
export function answerTrace(workspaceId: WorkspaceId, overrides: Partial<NewTrace> = {}): NewTrace {
  return {
    workspaceId,
    conversationId: null,
    messageId: null,
    question: 'How do I reset my password?',
    retrieved: [],
    prompt: '',
    completion: '',
    model: 'extractive',
    promptTokens: 0,
    completionTokens: 0,
    costUsd: '0',
    latencyMs: {},
    features: {},
    confidence: 0.5,
    threshold: 0.5,
    decision: 'answer',
    reason: null,
    cacheHit: false,
    ...overrides,
  };
}
