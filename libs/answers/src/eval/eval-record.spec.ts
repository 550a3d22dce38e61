import { EvalQuestion } from './eval-dataset';
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
  const question: EvalQuestion = {
    id: 'q1',
    question: 'How?',
    answerable: true,
    answer: 'So.',
    doc_ids: ['doc-2'],
    history: [],
  };
  const result = {
    retrieved: [chunk('u1', 3), chunk('u2', 1), chunk('u2', 2), chunk('u9', 4)],
    citations: [citation('u2', 1), citation('u2', 2), citation('u3', 3)],
    draft: 'Do this [1].',
    confidence: 0.8,
    decision: 'answer' as const,
    reason: null,
    features: { top_cosine: 0.7 },
  };

  it('maps uuids to dataset ids, keeps retrieval order and makes documents distinct', () => {
    const record = buildEvalRecord(question, result, datasetIdOf, 123.456);
    expect(record).toEqual({
      id: 'q1',
      answerable: true,
      goldDocIds: ['doc-2'],
      goldAnswer: 'So.',
      historyTurns: 0,
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

  it('lists cited documents in citation-index order, whatever order the citations come in', () => {
    const shuffled = { ...result, citations: [citation('u3', 3), citation('u1', 2), citation('u2', 1)] };
    expect(buildEvalRecord(question, shuffled, datasetIdOf, 1).citedDocIds).toEqual(['doc-2', 'doc-1', 'doc-3']);
  });

  it('records how many history turns the question was asked with', () => {
    const followUp: EvalQuestion = {
      ...question,
      history: [
        { role: 'customer', text: 'Hi' },
        { role: 'bot', text: 'Hello' },
        { role: 'customer', text: 'About my licence' },
      ],
    };
    expect(buildEvalRecord(followUp, result, datasetIdOf, 1).historyTurns).toBe(3);
    const withoutHistory = { ...question, history: undefined } as unknown as EvalQuestion;
    expect(buildEvalRecord(withoutHistory, result, datasetIdOf, 1).historyTurns).toBe(0);
  });
});
