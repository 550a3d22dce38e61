import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { WorkspacesService } from '@switchboard/conversations';
import { LLM_CLIENT, LlmClient, LlmCompletion, LlmStreamInterruptedError } from '@switchboard/llm';
import { tokenize } from '@switchboard/vector-store';
import { AnswerEvent, AnswerRequest, AnswerResult, Citation, ConversationTurn, EscalationReason } from './answer.types';
import { AnswerCache } from './cache/answer-cache';
import { ComposedAnswer } from './compose/composed-answer';
import { composeExtractive } from './compose/extractive-answerer';
import {
  NO_ANSWER,
  SYSTEM_PROMPT,
  answerMessages,
  citedNumbers,
  groundingMessages,
  promptSources,
  rewriteMessages,
} from './compose/llm-prompt';
import { StreamingOutputFilter } from './compose/streaming-output-filter';
import { confidenceFeatures } from './confidence/confidence-features';
import { ConfidenceModel } from './confidence/confidence.model';
import { ConversationRetrieval, ConversationRetriever, WITHOUT_CONTEXT } from './retrieval/conversation-retriever';
import { RankedCandidate, Retrieval, Retriever } from './retrieval/retriever';
import { INJECTION_THRESHOLD, checkQuestion, detectInjection, filterAnswer } from './safety';
import { AnswerTracesService } from './traces/answer-traces.service';

export const CONFIDENCE_MODEL = Symbol('CONFIDENCE_MODEL');

/** Chunks placed in the LLM prompt. */
const PROMPT_SOURCES = 5;
/** An answer drawn with the earlier turns that holds none of the question's own words is never sent as sure. */
const CARRIED_OVER_CONFIDENCE_CAP = 0.2;
/** A question with this many content words names a subject of its own. */
const OWN_SUBJECT_TERMS = 3;

/**
 * A question that names its own subject, answered with the earlier turns by a draft that contains none of its
 * words, was answered about the old subject: whatever the retrieval evidence says, that answer is not sure.
 */
function isCarriedOver(features: Record<string, number>, questionTerms: string[]): boolean {
  return (
    features.context_used === 1 &&
    new Set(questionTerms).size >= OWN_SUBJECT_TERMS &&
    features.answer_question_coverage === 0
  );
}

/** An answer the grounding check rejects is never sent as sure: its confidence is capped here. */
const UNGROUNDED_CONFIDENCE_CAP = 0.2;

export class InvalidQuestionError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidQuestionError';
  }
}

function elapsed(since: bigint): number {
  return Math.round(Number(process.hrtime.bigint() - since) / 1e4) / 100;
}

function citationsOf(cited: RankedCandidate[]): Citation[] {
  return cited.map((candidate, i) => ({
    index: i + 1,
    chunkId: candidate.hit.chunk.id,
    documentId: candidate.hit.chunk.documentId,
    title: candidate.hit.chunk.title,
    url: candidate.hit.chunk.url,
  }));
}

/** The chunks of the documents an extractive answer cites: what its sentences may quote. */
function quotedChunks(retrieval: Retrieval, answer: ComposedAnswer): RankedCandidate[] {
  const documents = new Set(answer.cited.map((candidate) => candidate.hit.chunk.documentId));
  return retrieval.candidates.filter((candidate) => documents.has(candidate.hit.chunk.documentId));
}

interface Composition {
  composed: ComposedAnswer;
  /** The text as sent (filtered), '' when nothing could be composed. */
  text: string;
  features: Record<string, number>;
  /** Set when the LLM path decided against answering (no answer in the sources, ungrounded, failure). */
  escalation: EscalationReason | null;
  confidenceCap: number;
}

/** question → (rewrite) → retrieve → rerank → compose → confidence → decide, with a trace for every answer. */
@Injectable()
export class AnswerService {
  private readonly logger = new Logger(AnswerService.name);

  constructor(
    private readonly workspaces: WorkspacesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly retriever: Retriever,
    private readonly conversationRetriever: ConversationRetriever,
    private readonly cache: AnswerCache,
    private readonly traces: AnswerTracesService,
    @Inject(CONFIDENCE_MODEL) private readonly confidence: ConfidenceModel,
    @Optional() @Inject(LLM_CLIENT) private readonly llm: LlmClient | null = null,
  ) {}

  async answer(request: AnswerRequest): Promise<AnswerResult> {
    for await (const event of this.answerStream(request)) if (event.type === 'result') return event.result;
    throw new Error('The answer stream ended without a result');
  }

  async *answerStream(request: AnswerRequest): AsyncGenerator<AnswerEvent> {
    const started = process.hrtime.bigint();
    const latencyMs: Record<string, number> = {};
    const checked = checkQuestion(request.question);
    if (!checked.ok) throw new InvalidQuestionError(checked.code, checked.message);
    const question = checked.text;
    const settings = await this.workspaces.settings(request.workspaceId);
    const threshold = request.threshold ?? settings.confidenceThreshold;

    const history = request.history ?? [];
    // Only first questions are shared between customers: a later turn's answer may depend on what was said before.
    const cacheKey =
      request.bypassCache || history.length > 0
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
        route: request.route ?? null,
      });
      if (cached.decision === 'answer') yield { type: 'token', text: cached.text };
      yield { type: 'result', result: { ...cached, traceId, cacheHit: true, latencyMs } };
      return;
    }

    let stage = process.hrtime.bigint();
    const found = await this.retrieveFor(request, question, history, latencyMs);
    const retrieval = found.retrieval;
    latencyMs.retrieve = elapsed(stage);

    stage = process.hrtime.bigint();
    const extractive = composeExtractive(question, retrieval.candidates, retrieval.evidence);
    const injection = detectInjection(question).score;
    const features: Record<string, number> = {
      ...confidenceFeatures(retrieval, extractive, found.questionTerms),
      question_injection: injection,
      ...found.features,
    };
    const carriedOver = isCarriedOver(features, found.questionTerms);
    if (carriedOver) features.context_carried_over = 1;
    const predicted = extractive.text ? this.confidence.predict(features) : 0;
    const retrievalConfidence = carriedOver ? Math.min(predicted, CARRIED_OVER_CONFIDENCE_CAP) : predicted;
    latencyMs.confidence = elapsed(stage);

    // The decision to answer is taken before anything is streamed: a customer never sees text that is then withdrawn.
    let composition: Composition;
    stage = process.hrtime.bigint();
    if (injection >= INJECTION_THRESHOLD) {
      // A question that tries to instruct the bot is not answered at all: a person looks at it.
      composition = { composed: extractive, text: '', features, escalation: 'policy', confidenceCap: 0 };
    } else if (retrievalConfidence < threshold || !extractive.text) {
      composition = { composed: extractive, text: '', features, escalation: 'low_confidence', confidenceCap: 1 };
    } else if (this.llm) {
      const generator = this.composeWithLlm(this.llm, request, question, history, retrieval, extractive, features);
      let next = await generator.next();
      while (!next.done) {
        yield next.value;
        next = await generator.next();
      }
      composition = next.value;
    } else {
      const filtered = this.filter(extractive.text, question, quotedChunks(retrieval, extractive));
      for (const token of filtered.match(/\S+\s*/g) ?? []) yield { type: 'token', text: token };
      composition = { composed: extractive, text: filtered, features, escalation: null, confidenceCap: 1 };
    }
    latencyMs.compose = elapsed(stage);

    const confidence = Math.min(retrievalConfidence, composition.confidenceCap);
    const decision = composition.escalation === null && confidence >= threshold ? 'answer' : 'escalate';
    const reason: EscalationReason | null = decision === 'answer' ? null : (composition.escalation ?? 'low_confidence');
    const text = decision === 'answer' ? composition.text : settings.handoffMessage;
    latencyMs.total = elapsed(started);

    const retrieved = retrieval.candidates.map((candidate, i) => ({
      chunkId: candidate.hit.chunk.id,
      documentId: candidate.hit.chunk.documentId,
      rank: i + 1,
      score: Math.round(candidate.score * 1e4) / 1e4,
      injection: candidate.injection,
    }));
    const composed = composition.composed;
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
      features: composition.features,
      confidence,
      threshold,
      decision,
      reason,
      cacheHit: false,
      route: request.route ?? null,
    });
    const result: AnswerResult = {
      traceId,
      text,
      draft: composition.text || composed.text,
      citations: citationsOf(composed.cited),
      confidence,
      threshold,
      decision,
      reason,
      retrieved,
      features: composition.features,
      cacheHit: false,
      model: composed.model,
      latencyMs,
    };
    // LLM failures are not cached: the next asker should get a fresh try.
    if (cacheKey && reason !== 'llm_failure') {
      const { traceId: _trace, cacheHit: _hit, latencyMs: _latency, ...cacheable } = result;
      await this.cache.set(cacheKey, cacheable);
    }
    yield { type: 'result', result };
  }

  /**
   * Streams the LLM's grounded answer through the output filter. Falls back to the extractive answer when the
   * model is unavailable or its stream breaks (telling the caller to reset what it showed), and escalates when
   * the model finds no answer in the sources or the grounding check rejects it.
   */
  private async *composeWithLlm(
    llm: LlmClient,
    request: AnswerRequest,
    question: string,
    history: ConversationTurn[],
    retrieval: Retrieval,
    extractive: ComposedAnswer,
    features: Record<string, number>,
  ): AsyncGenerator<AnswerEvent, Composition> {
    const sources = promptSources(retrieval.candidates, PROMPT_SOURCES);
    const messages = answerMessages(question, history, sources);
    const prompt = JSON.stringify(messages);
    const filter = new StreamingOutputFilter(
      this.filterContext(
        question,
        sources.flatMap((s) => s.chunks),
      ),
    );
    let completion: LlmCompletion | undefined;
    let streamed = false;
    // A model tuned on the workspace's conversations answers first; the configured model is its fallback.
    const tunedModel = (await this.workspaces.settings(request.workspaceId)).tunedModels?.answer;
    try {
      for await (const event of llm.stream({
        task: request.task ?? 'answer',
        messages,
        workspaceId: request.workspaceId,
        ...conversationOf(request),
        temperature: 0,
        ...(tunedModel ? { tunedModel } : {}),
      })) {
        if (event.type === 'done') {
          completion = event.completion;
          break;
        }
        // Hold back the start until it cannot be the no-answer marker.
        if (
          !streamed &&
          NO_ANSWER.startsWith(filter.rawText.trim() + event.text.trim()) &&
          filter.rawText.length < NO_ANSWER.length + 2
        ) {
          filter.push(event.text);
          continue;
        }
        const delta = filter.push(event.text);
        if (delta) {
          streamed = true;
          yield delta.type === 'text' ? { type: 'token', text: delta.text } : { type: 'reset', text: delta.text };
        }
      }
    } catch (error) {
      this.logger.warn(
        { error: error instanceof Error ? error.message : String(error) },
        'LLM failed; falling back to the extractive answer',
      );
      const fallbackFeatures = { ...features, llm_fallback: 1 };
      if (!extractive.text)
        return {
          composed: extractive,
          text: '',
          features: fallbackFeatures,
          escalation: 'llm_failure',
          confidenceCap: 1,
        };
      const text = this.filter(extractive.text, question, quotedChunks(retrieval, extractive));
      if (streamed || error instanceof LlmStreamInterruptedError) yield { type: 'reset', text };
      else for (const token of text.match(/\S+\s*/g) ?? []) yield { type: 'token', text: token };
      return { composed: extractive, text, features: fallbackFeatures, escalation: null, confidenceCap: 1 };
    }

    const raw = filter.rawText.trim();
    const usage = {
      model: completion?.model ?? 'unknown',
      prompt,
      promptTokens: completion?.promptTokens ?? 0,
      completionTokens: completion?.completionTokens ?? 0,
      costUsd: completion?.costUsd ?? 0,
    };
    if (raw === NO_ANSWER || raw.startsWith(NO_ANSWER)) {
      return {
        composed: { ...usage, text: raw, cited: [] },
        text: '',
        features: { ...features, llm_no_answer: 1 },
        escalation: 'low_confidence',
        confidenceCap: 0,
      };
    }
    const finished = filter.finish();
    if (finished.delta)
      yield finished.delta.type === 'text'
        ? { type: 'token', text: finished.delta.text }
        : { type: 'reset', text: finished.delta.text };
    const numbers = citedNumbers(finished.text, sources.length);
    const cited = (numbers.length ? numbers : [1]).map((n) => sources[n - 1].candidate);
    const composed: ComposedAnswer = { ...usage, text: raw, cited };
    if (finished.blocked) {
      return {
        composed,
        text: finished.text,
        features: { ...features, output_blocked: 1 },
        escalation: 'policy',
        confidenceCap: 0,
      };
    }

    const grounded = await this.groundingCheck(
      llm,
      request,
      finished.text,
      sources.filter((_, i) => numbers.includes(i + 1) || numbers.length === 0),
    );
    const groundedFeatures = { ...features, grounded: grounded === null ? -1 : grounded ? 1 : 0 };
    return {
      composed,
      text: finished.text,
      features: groundedFeatures,
      escalation: null,
      confidenceCap: grounded === false ? UNGROUNDED_CONFIDENCE_CAP : 1,
    };
  }

  /** The small model checks the answer against its citations; null when the check itself could not run. */
  private async groundingCheck(
    llm: LlmClient,
    request: AnswerRequest,
    answer: string,
    sources: ReturnType<typeof promptSources>,
  ): Promise<boolean | null> {
    try {
      const result = await llm.complete({
        task: 'grounding',
        messages: groundingMessages(answer, sources),
        responseFormat: 'json',
        workspaceId: request.workspaceId,
        ...conversationOf(request),
        maxTokens: 20,
        temperature: 0,
      });
      const parsed = JSON.parse(result.text) as { grounded?: unknown };
      return typeof parsed.grounded === 'boolean' ? parsed.grounded : null;
    } catch {
      return null;
    }
  }

  /**
   * A first question is searched as asked. A later one is rewritten by the LLM into a standalone query when one is
   * configured; otherwise (or when the rewrite fails) the conversation retriever decides whether the earlier
   * turns belong to it.
   */
  private async retrieveFor(
    request: AnswerRequest,
    question: string,
    history: ConversationTurn[],
    latencyMs: Record<string, number>,
  ): Promise<ConversationRetrieval> {
    const questionTerms = tokenize(question);
    if (history.length === 0) {
      const retrieval = await this.retriever.retrieve(request.workspaceId, question, request.visibility);
      return { retrieval, questionTerms, features: { ...WITHOUT_CONTEXT } };
    }
    if (this.llm) {
      const started = process.hrtime.bigint();
      const rewritten = await this.rewrite(this.llm, request, question, history);
      latencyMs.rewrite = elapsed(started);
      if (rewritten) {
        const retrieval = await this.retriever.retrieve(request.workspaceId, rewritten, request.visibility);
        return { retrieval, questionTerms, features: { context_used: 1, context_followup: 1, context_rewritten: 1 } };
      }
    }
    return this.conversationRetriever.retrieve(request.workspaceId, question, history, request.visibility);
  }

  /** The LLM's standalone version of a follow-up; null when it failed or said nothing. */
  private async rewrite(
    llm: LlmClient,
    request: AnswerRequest,
    question: string,
    history: ConversationTurn[],
  ): Promise<string | null> {
    try {
      const result = await llm.complete({
        // Not `rewrite`: that is an agent's draft, and usage by task keeps the two apart.
        task: 'query_rewrite',
        messages: rewriteMessages(question, history),
        workspaceId: request.workspaceId,
        ...conversationOf(request),
        maxTokens: 60,
        temperature: 0,
      });
      return result.text.trim().split('\n')[0].slice(0, 500) || null;
    } catch {
      return null;
    }
  }

  private filterContext(question: string, cited: RankedCandidate[]) {
    return {
      sources: cited.map((candidate) => ({ text: candidate.hit.chunk.text, url: candidate.hit.chunk.url })),
      question,
      systemPrompt: SYSTEM_PROMPT,
      allowedDomains: this.config.answers.allowedLinkDomains,
    };
  }

  private filter(text: string, question: string, cited: RankedCandidate[]): string {
    return filterAnswer(text, this.filterContext(question, cited)).text;
  }
}

/** The conversation an LLM call is logged under, when the answer belongs to one. */
function conversationOf(request: Pick<AnswerRequest, 'conversationId'>): { conversationId?: string } {
  return request.conversationId ? { conversationId: request.conversationId } : {};
}
