import { AnswerService } from '../answer.service';
import { AnswerRequest, AnswerResult } from '../answer.types';
import { EvalDataset, EvalQuestion } from './eval-dataset';
import { EvalOptions, askQuestions } from './eval-runner';

const WORKSPACE = '7e4a1c2b-9f3d-4b6e-8a0c-5d2f1e9b3c7a';

const QUESTIONS: EvalQuestion[] = [
  {
    id: 'q1',
    question: 'How do I reset my password?',
    answerable: true,
    answer: 'Use the reset link.',
    doc_ids: ['doc-1'],
    history: [],
  },
  {
    id: 'q2',
    question: 'And on the app?',
    answerable: true,
    answer: 'Under Settings.',
    doc_ids: ['doc-2'],
    history: [
      { role: 'customer', text: 'How do I reset my password?' },
      { role: 'bot', text: 'Use the reset link.', documentIds: ['u1'] },
    ],
    kind: 'followup',
  },
  {
    id: 'q3',
    question: 'Do you ship to Mars?',
    answerable: false,
    answer: '',
    doc_ids: [],
    history: [{ role: 'customer', text: 'Hello' }],
  },
];

const DATASET: EvalDataset = {
  name: 'tiny',
  dir: '/datasets/tiny',
  documentsFile: '/datasets/tiny/documents.jsonl',
  questionsFile: '/datasets/tiny/questions.jsonl',
  documentLines: [],
  questions: QUESTIONS,
};

const DATASET_IDS: Record<string, string> = { u1: 'doc-1', u2: 'doc-2' };
const datasetIdOf = (documentId: string) => DATASET_IDS[documentId] ?? `unknown:${documentId}`;

function options(overrides: Partial<EvalOptions> = {}): EvalOptions {
  const unused = async () => {
    throw new Error('the runner must not boot processes to ask questions');
  };
  return { datasetDir: '/datasets/tiny', processes: { createApi: unused, createWorker: unused }, ...overrides };
}

function result(documentId: string, decision: 'answer' | 'escalate', threshold: number): AnswerResult {
  return {
    traceId: 'trace',
    text: decision === 'answer' ? `About ${documentId} [1]` : 'Handing over.',
    draft: `About ${documentId} [1]`,
    citations: [{ index: 1, chunkId: `chunk-${documentId}`, documentId, title: documentId, url: null }],
    confidence: decision === 'answer' ? 0.9 : 0.2,
    threshold,
    decision,
    reason: decision === 'answer' ? null : 'low_confidence',
    retrieved: [{ chunkId: `chunk-${documentId}`, documentId, rank: 1, score: 1 }],
    features: { top_cosine: 0.5 },
    cacheHit: false,
    model: 'extractive',
    latencyMs: { total: 1 },
  };
}

/** Answers each question with the next prepared result (or error) and records the requests. */
class FakeAnswerService {
  readonly requests: AnswerRequest[] = [];

  constructor(private readonly outcomes: Array<AnswerResult | Error>) {}

  async answer(request: AnswerRequest): Promise<AnswerResult> {
    this.requests.push(request);
    const outcome = this.outcomes[this.requests.length - 1];
    if (!outcome) throw new Error('no more prepared answers');
    if (outcome instanceof Error) throw outcome;
    return outcome;
  }
}

function ask(
  fake: FakeAnswerService,
  overrides: Partial<EvalOptions> = {},
  progress: (line: string) => void = () => {},
) {
  return askQuestions(fake as unknown as AnswerService, WORKSPACE, DATASET, datasetIdOf, options(overrides), progress);
}

function answering(threshold = 0.65): FakeAnswerService {
  return new FakeAnswerService([
    result('u1', 'answer', threshold),
    result('u2', 'answer', threshold),
    result('u9', 'escalate', threshold),
  ]);
}

describe('askQuestions: the requests', () => {
  it('asks every question, in order, in the workspace', async () => {
    const fake = answering();
    await ask(fake);
    expect(fake.requests.map((r) => r.question)).toEqual(QUESTIONS.map((q) => q.question));
    expect(fake.requests.map((r) => r.workspaceId)).toEqual([WORKSPACE, WORKSPACE, WORKSPACE]);
  });

  it("passes each question's history", async () => {
    const fake = answering();
    await ask(fake);
    expect(fake.requests.map((r) => r.history)).toEqual(QUESTIONS.map((q) => q.history));
  });

  it("asks every question with visibility ['public'] and the cache bypassed", async () => {
    const fake = answering();
    await ask(fake);
    for (const request of fake.requests) {
      expect(request.visibility).toEqual(['public']);
      expect(request.bypassCache).toBe(true);
    }
  });

  it('passes the threshold option through to every question', async () => {
    const fake = answering(0.4);
    await ask(fake, { threshold: 0.4 });
    expect(fake.requests.map((r) => r.threshold)).toEqual([0.4, 0.4, 0.4]);
  });

  it('leaves the threshold to the workspace when the option is not set', async () => {
    const fake = answering();
    await ask(fake);
    expect(fake.requests.map((r) => r.threshold)).toEqual([undefined, undefined, undefined]);
  });
});

describe('askQuestions: the records', () => {
  it('builds one record per question, in the order asked', async () => {
    const answered = await ask(answering());
    expect(answered.map((item) => item.record.id)).toEqual(['q1', 'q2', 'q3']);
  });

  it('records how many earlier turns each question was asked with', async () => {
    const answered = await ask(answering());
    expect(answered.map((item) => item.record.historyTurns)).toEqual([0, 2, 1]);
  });

  it('records the answer in dataset terms', async () => {
    const answered = await ask(answering());
    expect(answered[0].record).toMatchObject({
      answerable: true,
      goldDocIds: ['doc-1'],
      retrievedDocIds: ['doc-1'],
      citedDocIds: ['doc-1'],
      draft: 'About u1 [1]',
      confidence: 0.9,
      decision: 'answer',
      reason: null,
    });
    expect(answered[1].record.kind).toBe('followup');
    expect(answered[2].record).toMatchObject({
      answerable: false,
      retrievedDocIds: ['unknown:u9'],
      decision: 'escalate',
      reason: 'low_confidence',
    });
  });

  it('returns the threshold each answer was decided at', async () => {
    const answered = await ask(answering(0.7));
    expect(answered.map((item) => item.threshold)).toEqual([0.7, 0.7, 0.7]);
  });

  it('reports progress when the last question is answered', async () => {
    const lines: string[] = [];
    await ask(answering(), {}, (line) => lines.push(line));
    expect(lines.at(-1)).toMatch(/^\[eval\] answered 3\/3 \d+s$/);
  });
});

describe('askQuestions: a failing answer', () => {
  it('rejects with an error naming the question id and the cause', async () => {
    const cause = new Error('store unavailable');
    const fake = new FakeAnswerService([result('u1', 'answer', 0.65), cause]);
    const asked = ask(fake);
    await expect(asked).rejects.toThrow('Question q2 failed: store unavailable');
    await expect(asked).rejects.toMatchObject({ cause });
  });

  it('names the question id when the failure is not an Error', async () => {
    const fake = {
      answer: async () => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- a non-Error rejection is the case under test
        throw 'timeout';
      },
    };
    const asked = askQuestions(fake as unknown as AnswerService, WORKSPACE, DATASET, datasetIdOf, options(), () => {});
    await expect(asked).rejects.toThrow('Question q1 failed: timeout');
  });

  it('asks no further question after a failure', async () => {
    const fake = new FakeAnswerService([new Error('boom'), result('u2', 'answer', 0.65)]);
    await expect(ask(fake)).rejects.toThrow('Question q1 failed');
    expect(fake.requests).toHaveLength(1);
  });
});
