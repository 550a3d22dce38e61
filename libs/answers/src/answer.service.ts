import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DEFAULT_WORKSPACE_SETTINGS, Workspace, WorkspaceId } from '@switchboard/database';
import { DataSource } from 'typeorm';
import { AnswerEvent, AnswerRequest, AnswerResult, Citation, ConversationTurn } from './answer.types';
import { AnswerCache } from './cache/answer-cache';
import { ComposedAnswer } from './compose/composed-answer';
import { composeExtractive } from './compose/extractive-answerer';
import { confidenceFeatures } from './confidence/confidence-features';
import { ConfidenceModel } from './confidence/confidence.model';
import { Retriever } from './retrieval/retriever';
import { AnswerTracesService } from './traces/answer-traces.service';

export const CONFIDENCE_MODEL = Symbol('CONFIDENCE_MODEL');

export class InvalidQuestionError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidQuestionError';
  }
}

/** Follow-ups like "who is eligible?" mean little alone: the customer's previous turn gives them their subject. */
function retrievalQuery(question: string, history: ConversationTurn[] = []): string {
  const previous = [...history]
    .reverse()
    .find((turn) => turn.role === 'customer' && turn.text.trim() !== question.trim());
  const words = question.trim().split(/\s+/).length;
  return previous && words <= 8 ? `${question}\n${previous.text}` : question;
}

function elapsed(since: bigint): number {
  return Math.round(Number(process.hrtime.bigint() - since) / 1e4) / 100;
}

/** question → retrieve → rerank → compose → confidence → decide, with a trace for every answer. */
@Injectable()
export class AnswerService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly retriever: Retriever,
    private readonly cache: AnswerCache,
    private readonly traces: AnswerTracesService,
    @Inject(CONFIDENCE_MODEL) private readonly confidence: ConfidenceModel,
  ) {}

  async answer(request: AnswerRequest): Promise<AnswerResult> {
    for await (const event of this.answerStream(request)) if (event.type === 'result') return event.result;
    throw new Error('The answer stream ended without a result');
  }

  async *answerStream(request: AnswerRequest): AsyncGenerator<AnswerEvent> {
    const started = process.hrtime.bigint();
    const latencyMs: Record<string, number> = {};
    const question = request.question.trim();
    if (!question) throw new InvalidQuestionError('empty', 'The question is empty');
    const settings = await this.settings(request.workspaceId);
    const threshold = request.threshold ?? settings.confidenceThreshold;

    const cacheKey = request.bypassCache
      ? null
      : await this.cache.key(request.workspaceId, question, request.visibility);
    const cached = cacheKey ? await this.cache.get(cacheKey) : null;
    if (cached && cached.threshold === threshold) {
      latencyMs.total = elapsed(started);
      const traceId = await this.traces.record({
        workspaceId: request.workspaceId,
        conversationId: request.conversationId ?? null,
        messageId: request.messageId ?? null,
        question,
        retrieved: cached.retrieved,
        prompt: '',
        completion: cached.draft,
        model: cached.model,
        promptTokens: 0,
        completionTokens: 0,
        costUsd: '0',
        latencyMs,
        features: cached.features,
        confidence: cached.confidence,
        threshold,
        decision: cached.decision,
        reason: cached.reason,
        cacheHit: true,
      });
      if (cached.decision === 'answer') yield { type: 'token', text: cached.text };
      yield { type: 'result', result: { ...cached, traceId, cacheHit: true, latencyMs } };
      return;
    }

    let stage = process.hrtime.bigint();
    const retrieval = await this.retriever.retrieve(
      request.workspaceId,
      retrievalQuery(question, request.history),
      request.visibility,
    );
    latencyMs.retrieve = elapsed(stage);

    stage = process.hrtime.bigint();
    const composed: ComposedAnswer = composeExtractive(question, retrieval.candidates, retrieval.evidence);
    latencyMs.compose = elapsed(stage);

    stage = process.hrtime.bigint();
    const features = confidenceFeatures(retrieval, composed);
    const confidence = composed.text ? this.confidence.predict(features) : 0;
    latencyMs.confidence = elapsed(stage);
    const decision = confidence >= threshold ? 'answer' : 'escalate';
    const reason = decision === 'escalate' ? 'low_confidence' : null;

    const citations: Citation[] = composed.cited.map((candidate, i) => ({
      index: i + 1,
      chunkId: candidate.hit.chunk.id,
      documentId: candidate.hit.chunk.documentId,
      title: candidate.hit.chunk.title,
      url: candidate.hit.chunk.url,
    }));
    const text = decision === 'answer' ? composed.text : settings.handoffMessage;
    if (decision === 'answer') {
      for (const token of composed.text.match(/\S+\s*/g) ?? []) yield { type: 'token', text: token };
    }
    latencyMs.total = elapsed(started);

    const retrieved = retrieval.candidates.map((candidate, i) => ({
      chunkId: candidate.hit.chunk.id,
      documentId: candidate.hit.chunk.documentId,
      rank: i + 1,
      score: Math.round(candidate.score * 1e4) / 1e4,
    }));
    const traceId = await this.traces.record({
      workspaceId: request.workspaceId,
      conversationId: request.conversationId ?? null,
      messageId: request.messageId ?? null,
      question,
      retrieved,
      prompt: composed.prompt,
      completion: composed.text,
      model: composed.model,
      promptTokens: composed.promptTokens,
      completionTokens: composed.completionTokens,
      costUsd: composed.costUsd.toFixed(6),
      latencyMs,
      features,
      confidence,
      threshold,
      decision,
      reason,
      cacheHit: false,
    });
    const result: AnswerResult = {
      traceId,
      text,
      draft: composed.text,
      citations,
      confidence,
      threshold,
      decision,
      reason,
      retrieved,
      features,
      cacheHit: false,
      model: composed.model,
      latencyMs,
    };
    if (cacheKey) {
      const { traceId: _trace, cacheHit: _hit, latencyMs: _latency, ...cacheable } = result;
      await this.cache.set(cacheKey, cacheable);
    }
    yield { type: 'result', result };
  }

  private async settings(workspaceId: WorkspaceId): Promise<Workspace['settings']> {
    const workspace = await this.dataSource.getRepository(Workspace).findOne({ where: { id: workspaceId } });
    return { ...DEFAULT_WORKSPACE_SETTINGS, ...workspace?.settings };
  }
}
