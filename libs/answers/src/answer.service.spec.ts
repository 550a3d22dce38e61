import { AppConfig } from '@switchboard/config';
import { WorkspacesService } from '@switchboard/conversations';
import { DEFAULT_WORKSPACE_SETTINGS, Visibility, WorkspaceId, asWorkspaceId } from '@switchboard/database';
import { tokenize } from '@switchboard/vector-store';
import { AnswerService } from './answer.service';
import { AnswerEvent, AnswerRequest, ConversationTurn } from './answer.types';
import { AnswerCache, CachedAnswer } from './cache/answer-cache';
import { ConfidenceModel } from './confidence/confidence.model';
import { ConversationRetrieval, ConversationRetriever } from './retrieval/conversation-retriever';
import { LexicalEvidence } from './retrieval/lexical-evidence';
import { RankedCandidate, Retrieval, Retriever } from './retrieval/retriever';
import { AnswerTracesService, NewTrace } from './traces/answer-traces.service';

const WORKSPACE = asWorkspaceId('3f9b2d6a-1c4e-4e7a-9b8d-0a2c5e7f9d13');
const THRESHOLD = DEFAULT_WORKSPACE_SETTINGS.confidenceThreshold;
const QUESTION = 'How do I reset my password?';
const CHUNK_TEXT =
  'You can reset your password from the sign-in page. The link stays valid for one hour. Parcels travel by road.';
/** What the extractive answerer drafts from CHUNK_TEXT for QUESTION: the best sentence and its follower. */
const DRAFT = 'You can reset your password from the sign-in page. The link stays valid for one hour. [1]';
const HISTORY: ConversationTurn[] = [
  { role: 'customer', text: 'I cannot sign in.' },
  { role: 'bot', text: 'Check that caps lock is off.', documentIds: ['sign-in'] },
];

function candidate(): RankedCandidate {
  const chunk = {
    id: 'chunk-reset',
    workspaceId: WORKSPACE,
    sourceId: 'source-1',
    documentId: 'doc-reset',
    visibility: 'public' as const,
    title: 'Reset your password',
    headingPath: [],
    text: CHUNK_TEXT,
    url: 'https://help.example.com/reset',
    position: 0,
    contentHash: 'hash-reset',
  };
  return {
    hit: { chunk, score: 1 / 61, denseRank: 1, lexicalRank: 1, cosine: 0.8 },
    score: 2,
    coverage: 1,
    titleCoverage: 1,
    bm25: 1,
    injection: 0,
    terms: tokenize(`${chunk.title}\n${chunk.text}`),
  };
}

function retrieval(): Retrieval {
  const candidates = [candidate()];
  return {
    queryTerms: tokenize(QUESTION),
    candidates,
    evidence: new LexicalEvidence(candidates.map((c) => c.terms)),
    queryVector: [1, 0],
  };
}

class FixedConfidence extends ConfidenceModel {
  readonly seen: Array<Record<string, number>> = [];

  constructor(private readonly value: number) {
    super();
  }

  override predict(features: Record<string, number>): number {
    this.seen.push(features);
    return this.value;
  }
}

function setUp(confidence: number) {
  const workspaces: WorkspaceId[] = [];
  const workspacesService = {
    settings: async (workspaceId: WorkspaceId) => {
      workspaces.push(workspaceId);
      return { ...DEFAULT_WORKSPACE_SETTINGS };
    },
  };
  const config = { answers: { allowedLinkDomains: [] } };
  const retriever = {
    calls: [] as Array<{ workspaceId: WorkspaceId; query: string; visibility: Visibility[] }>,
    async retrieve(workspaceId: WorkspaceId, query: string, visibility: Visibility[]) {
      this.calls.push({ workspaceId, query, visibility });
      return retrieval();
    },
  };
  const conversationRetriever = {
    calls: [] as Array<{ question: string; history: readonly ConversationTurn[]; visibility: Visibility[] }>,
    async retrieve(
      _workspaceId: WorkspaceId,
      question: string,
      history: readonly ConversationTurn[],
      visibility: Visibility[],
    ): Promise<ConversationRetrieval> {
      this.calls.push({ question, history, visibility });
      return {
        retrieval: retrieval(),
        questionTerms: tokenize(question),
        features: { context_used: 1, context_followup: 0.9 },
      };
    },
  };
  const cache = {
    keys: [] as Array<{ workspaceId: WorkspaceId; question: string; visibility: Visibility[] }>,
    gets: [] as string[],
    sets: [] as Array<{ key: string; answer: CachedAnswer }>,
    async key(workspaceId: WorkspaceId, question: string, visibility: Visibility[]) {
      this.keys.push({ workspaceId, question, visibility });
      return 'cache-key-1';
    },
    async get(key: string): Promise<CachedAnswer | null> {
      this.gets.push(key);
      return null;
    },
    async set(key: string, answer: CachedAnswer) {
      this.sets.push({ key, answer });
    },
  };
  const traces = {
    recorded: [] as NewTrace[],
    async record(trace: NewTrace) {
      this.recorded.push(trace);
      return 'trace-1';
    },
  };
  const model = new FixedConfidence(confidence);
  const service = new AnswerService(
    workspacesService as unknown as WorkspacesService,
    config as unknown as AppConfig,
    retriever as unknown as Retriever,
    conversationRetriever as unknown as ConversationRetriever,
    cache as unknown as AnswerCache,
    traces as unknown as AnswerTracesService,
    model,
  );
  return { service, workspaces, retriever, conversationRetriever, cache, traces, model };
}

function request(overrides: Partial<AnswerRequest> = {}): AnswerRequest {
  return { workspaceId: WORKSPACE, question: QUESTION, visibility: ['public'], ...overrides };
}

async function collect(stream: AsyncGenerator<AnswerEvent>): Promise<AnswerEvent[]> {
  const events: AnswerEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

function streamedText(events: AnswerEvent[]): string {
  return events.map((event) => (event.type === 'token' ? event.text : '')).join('');
}

describe('AnswerService at the default threshold, without an LLM', () => {
  it('reads the threshold from the workspace settings', async () => {
    const { service, workspaces } = setUp(THRESHOLD + 0.001);
    const result = await service.answer(request());
    expect(workspaces).toEqual([WORKSPACE]);
    expect(result.threshold).toBe(THRESHOLD);
  });

  describe('confidence just above the threshold', () => {
    it('answers with the extractive draft and its [1] citation', async () => {
      const { service } = setUp(THRESHOLD + 0.001);
      const result = await service.answer(request());
      expect(result.decision).toBe('answer');
      expect(result.reason).toBeNull();
      expect(result.text).toBe(DRAFT);
      expect(result.draft).toBe(DRAFT);
      expect(result.confidence).toBe(THRESHOLD + 0.001);
      expect(result.model).toBe('extractive');
      expect(result.citations).toEqual([
        {
          index: 1,
          chunkId: 'chunk-reset',
          documentId: 'doc-reset',
          title: 'Reset your password',
          url: 'https://help.example.com/reset',
        },
      ]);
    });

    it('streams tokens that add up to the answer text, then the result', async () => {
      const { service } = setUp(THRESHOLD + 0.001);
      const events = await collect(service.answerStream(request()));
      const last = events.at(-1);
      expect(last?.type).toBe('result');
      expect(events.slice(0, -1).every((event) => event.type === 'token')).toBe(true);
      expect(events.length).toBeGreaterThan(2);
      expect(streamedText(events)).toBe(last?.type === 'result' ? last.result.text : null);
      expect(streamedText(events)).toBe(DRAFT);
    });

    it('records a trace of the decision and returns its id', async () => {
      const { service, traces } = setUp(THRESHOLD + 0.001);
      const result = await service.answer(request());
      expect(result.traceId).toBe('trace-1');
      expect(traces.recorded).toHaveLength(1);
      expect(traces.recorded[0]).toMatchObject({
        workspaceId: WORKSPACE,
        question: QUESTION,
        completion: DRAFT,
        decision: 'answer',
        reason: null,
        threshold: THRESHOLD,
        cacheHit: false,
      });
    });
  });

  describe('confidence just below the threshold', () => {
    it("escalates for low confidence with the workspace's handoff message", async () => {
      const { service } = setUp(THRESHOLD - 0.001);
      const result = await service.answer(request());
      expect(result.decision).toBe('escalate');
      expect(result.reason).toBe('low_confidence');
      expect(result.text).toBe(DEFAULT_WORKSPACE_SETTINGS.handoffMessage);
      expect(result.confidence).toBe(THRESHOLD - 0.001);
    });

    it('keeps the extractive draft for the agent', async () => {
      const { service } = setUp(THRESHOLD - 0.001);
      const result = await service.answer(request());
      expect(result.draft).toBe(DRAFT);
    });

    it('streams nothing before the result', async () => {
      const { service } = setUp(THRESHOLD - 0.001);
      const events = await collect(service.answerStream(request()));
      expect(events.map((event) => event.type)).toEqual(['result']);
    });
  });

  describe('a first question', () => {
    it('is retrieved as asked, with the confidence features of a question without context', async () => {
      const { service, retriever, conversationRetriever, model } = setUp(THRESHOLD + 0.001);
      await service.answer(request({ visibility: ['public', 'internal'] }));
      expect(retriever.calls).toEqual([
        { workspaceId: WORKSPACE, query: QUESTION, visibility: ['public', 'internal'] },
      ]);
      expect(conversationRetriever.calls).toEqual([]);
      expect(model.seen[0]).toMatchObject({ context_used: 0, context_followup: 0 });
      expect(model.seen[0].question_injection).toEqual(expect.any(Number));
    });

    it('is looked up in the cache and its answer cached', async () => {
      const { service, cache } = setUp(THRESHOLD + 0.001);
      const result = await service.answer(request());
      expect(cache.keys).toEqual([{ workspaceId: WORKSPACE, question: QUESTION, visibility: ['public'] }]);
      expect(cache.gets).toEqual(['cache-key-1']);
      expect(cache.sets).toHaveLength(1);
      expect(cache.sets[0].key).toBe('cache-key-1');
      const { traceId: _trace, cacheHit: _hit, latencyMs: _latency, ...cacheable } = result;
      expect(cache.sets[0].answer).toEqual(cacheable);
    });

    it('is not cached when the request bypasses the cache', async () => {
      const { service, cache } = setUp(THRESHOLD + 0.001);
      await service.answer(request({ bypassCache: true }));
      expect(cache.keys).toEqual([]);
      expect(cache.gets).toEqual([]);
      expect(cache.sets).toEqual([]);
    });
  });

  describe('a question with history', () => {
    it('goes to the conversation retriever, not the plain retriever', async () => {
      const { service, retriever, conversationRetriever } = setUp(THRESHOLD + 0.001);
      await service.answer(request({ question: 'And on the app?', history: HISTORY }));
      expect(retriever.calls).toEqual([]);
      expect(conversationRetriever.calls).toEqual([
        { question: 'And on the app?', history: HISTORY, visibility: ['public'] },
      ]);
    });

    it("passes the conversation retriever's features to the confidence model", async () => {
      const { service, model } = setUp(THRESHOLD + 0.001);
      await service.answer(request({ question: 'And on the app?', history: HISTORY }));
      expect(model.seen[0]).toMatchObject({ context_used: 1, context_followup: 0.9 });
    });

    it('does not answer a question that names its own subject with a draft about the old one', async () => {
      const { service } = setUp(0.95);
      const result = await service.answer(
        request({ question: 'Can I rent a tandem for my holiday in Portugal?', history: HISTORY }),
      );
      expect(result.features.context_carried_over).toBe(1);
      expect(result.confidence).toBeLessThanOrEqual(0.2);
      expect(result).toMatchObject({ decision: 'escalate', reason: 'low_confidence' });
    });

    it('answers a follow-up whose draft holds its words, whatever its length', async () => {
      const { service } = setUp(0.95);
      const result = await service.answer(
        request({ question: 'How long does the reset link stay valid?', history: HISTORY }),
      );
      expect(result.features.context_carried_over).toBeUndefined();
      expect(result).toMatchObject({ decision: 'answer', confidence: 0.95 });
    });

    it('neither reads nor writes the cache', async () => {
      const { service, cache } = setUp(THRESHOLD + 0.001);
      const result = await service.answer(request({ question: 'And on the app?', history: HISTORY }));
      expect(result.decision).toBe('answer');
      expect(cache.keys).toEqual([]);
      expect(cache.gets).toEqual([]);
      expect(cache.sets).toEqual([]);
    });
  });
});
