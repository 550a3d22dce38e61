import { buildEvalRecord } from './eval-record';

describe('buildEvalRecord', () => {
  const names: Record<string, string> = { u1: 'doc-1', u2: 'doc-2', u3: 'doc-3' };
  const datasetIdOf = (id: string) => names[id] ?? `unknown:${id}`;
  const chunk = (documentId: string, rank: number) => ({ chunkId: `c${rank}`, documentId, rank, score: 1 / rank });
  const citation = (documentId: string, index: number) => ({
    index,
    chunkId: `c${index}`,
    documentId,
    title: '',
    url: null,
  });

  it('maps uuids to dataset ids, keeps retrieval order and makes documents distinct', () => {
    const record = buildEvalRecord(
      { id: 'q1', question: 'How?', answerable: true, answer: 'So.', doc_ids: ['doc-2'] },
      {
        retrieved: [chunk('u1', 3), chunk('u2', 1), chunk('u2', 2), chunk('u9', 4)],
        citations: [citation('u2', 1), citation('u2', 2), citation('u3', 3)],
        draft: 'Do this [1].',
        confidence: 0.8,
        decision: 'answer',
        reason: null,
        features: { top_cosine: 0.7 },
      },
      datasetIdOf,
      123.456,
    );
    expect(record).toEqual({
      id: 'q1',
      answerable: true,
      goldDocIds: ['doc-2'],
      goldAnswer: 'So.',
      retrievedDocIds: ['doc-2', 'doc-1', 'unknown:u9'],
      citedDocIds: ['doc-2', 'doc-3'],
      draft: 'Do this [1].',
      confidence: 0.8,
      decision: 'answer',
      reason: null,
      latencyMs: 123.5,
      features: { top_cosine: 0.7 },
    });
  });
});
