import { truncateInput, USE_LITE_DIMENSION, USE_LITE_MAX_INPUT_CHARS, UseLiteEmbedder } from './use-lite.embedder';

// Loading the model takes ~0.2 s per worker, and two suites may share the two cores.
const MODEL_TIMEOUT_MS = 30_000;

function cosine(a: number[], b: number[]): number {
  return a.reduce((sum, value, i) => sum + value * b[i], 0);
}

const SUPPORT_TEXTS = Array.from(
  { length: 24 },
  (_, i) =>
    [
      `Order ${i} ships within ${i + 1} business days.`,
      `Question ${i}: how do I change the email on my account?`,
      `Refund policy, clause ${i}: refunds are issued to the original card.`,
    ][i % 3],
);

describe('UseLiteEmbedder', () => {
  let embedder: UseLiteEmbedder;

  beforeAll(() => {
    embedder = new UseLiteEmbedder({ threads: 2, subBatchSize: 4 });
  });

  afterAll(async () => {
    await embedder.close();
  });

  it(
    'returns 512-dim unit vectors in input order for a call spread over both workers',
    async () => {
      const vectors = await embedder.embed(SUPPORT_TEXTS);
      const singles = await embedder.embed([SUPPORT_TEXTS[0], SUPPORT_TEXTS[13], SUPPORT_TEXTS[23]]);

      expect(vectors).toHaveLength(SUPPORT_TEXTS.length);
      for (const vector of vectors) {
        expect(vector).toHaveLength(USE_LITE_DIMENSION);
        expect(Math.hypot(...vector)).toBeCloseTo(1, 6);
      }
      expect(cosine(vectors[0], singles[0])).toBeCloseTo(1, 5);
      expect(cosine(vectors[13], singles[1])).toBeCloseTo(1, 5);
      expect(cosine(vectors[23], singles[2])).toBeCloseTo(1, 5);
      const stats = embedder.workerStats;
      expect(stats).toHaveLength(2);
      expect(stats.every((worker) => worker.batchesCompleted > 0)).toBe(true);
    },
    MODEL_TIMEOUT_MS,
  );

  it(
    'places paraphrases closer than unrelated sentences',
    async () => {
      const [question, paraphrase, unrelated] = await embedder.embed([
        'How do I reset my password?',
        'I forgot my password and need a new one',
        'The weather in Paris is sunny',
      ]);

      expect(cosine(question, paraphrase)).toBeGreaterThan(cosine(question, unrelated) + 0.3);
      expect(cosine(question, paraphrase)).toBeGreaterThan(cosine(paraphrase, unrelated) + 0.3);
    },
    MODEL_TIMEOUT_MS,
  );

  it(
    'keeps one vector per text for empty, blank and over-long inputs',
    async () => {
      const long = 'Reset links expire after one hour. '.repeat(200);
      const vectors = await embedder.embed(['', 'first', '   ', long, long.slice(0, USE_LITE_MAX_INPUT_CHARS), '']);

      expect(vectors).toHaveLength(6);
      for (const vector of vectors) expect(Math.hypot(...vector)).toBeCloseTo(1, 6);
      expect(cosine(vectors[3], vectors[4])).toBeCloseTo(1, 5);
    },
    MODEL_TIMEOUT_MS,
  );

  it(
    'rejects the in-flight call when a worker crashes, then recovers',
    async () => {
      const before = embedder.workerStats.map((worker) => worker.threadId);
      const inFlight = embedder.embed(SUPPORT_TEXTS);

      await embedder.terminateBusyWorkerForTesting();

      await expect(inFlight).rejects.toThrow(/worker thread \d+ crashed/);
      const vectors = await embedder.embed(SUPPORT_TEXTS.slice(0, 8));
      expect(vectors).toHaveLength(8);
      const after = embedder.workerStats.map((worker) => worker.threadId);
      expect(after).toHaveLength(2);
      expect(after).not.toEqual(before);
    },
    MODEL_TIMEOUT_MS,
  );
});

describe('UseLiteEmbedder lifecycle', () => {
  it(
    'surfaces a model that fails to load as an error on every waiting call',
    async () => {
      const broken = new UseLiteEmbedder({ threads: 2, modules: { embeddings: 'node:path', model: 'node:path' } });
      try {
        await expect(broken.embed(['a', 'b', 'c'])).rejects.toThrow(/model failed to load: TypeError: initModel/);
        await expect(broken.embed(['again'])).rejects.toThrow(/model failed to load/);
        expect(broken.workerStats).toEqual([]);
      } finally {
        await broken.close();
      }
    },
    MODEL_TIMEOUT_MS,
  );

  it(
    'rejects calls after close() and leaves no worker running',
    async () => {
      const subject = new UseLiteEmbedder({ threads: 1 });
      await subject.embed(['warm up']);
      await subject.close();

      expect(subject.workerStats).toEqual([]);
      await expect(subject.embed(['x'])).rejects.toThrow(/after close/);
    },
    MODEL_TIMEOUT_MS,
  );

  it(
    'rejects work still queued when close() is called',
    async () => {
      const subject = new UseLiteEmbedder({ threads: 1 });
      const rejected = expect(subject.embed(SUPPORT_TEXTS)).rejects.toThrow(/closed while embedding/);
      await subject.close();

      await rejected;
    },
    MODEL_TIMEOUT_MS,
  );

  it('validates its options', () => {
    expect(() => new UseLiteEmbedder({ threads: -1 })).toThrow(/threads must be a positive integer/);
    expect(() => new UseLiteEmbedder({ threads: 1.5 })).toThrow(/threads must be a positive integer/);
  });
});

describe('truncateInput', () => {
  it('keeps short text and never splits a surrogate pair', () => {
    expect(truncateInput('short', 10)).toBe('short');
    expect(truncateInput('abcdef', 3)).toBe('abc');
    expect(truncateInput('ab😀cd', 3)).toBe('ab');
  });
});
