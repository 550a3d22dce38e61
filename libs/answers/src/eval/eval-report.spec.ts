import { formatEvalSummary } from './eval-report';
import { EvalRecord, summarise } from './metrics';

function record(overrides: Partial<EvalRecord>): EvalRecord {
  return {
    id: 'q',
    answerable: true,
    goldDocIds: ['g'],
    goldAnswer: 'renew online',
    historyTurns: 0,
    retrievedDocIds: ['g'],
    citedDocIds: ['g'],
    draft: 'renew online [1]',
    confidence: 0.9,
    decision: 'answer',
    reason: null,
    latencyMs: 10,
    features: {},
    ...overrides,
  };
}

describe('formatEvalSummary', () => {
  it('renders every section, with a dash for missing figures', () => {
    const text = formatEvalSummary(summarise([], 0.5), 'doc2dial');
    expect(text).toContain('doc2dial: 0 questions (0 answerable, 0 unanswerable, 0 with history), threshold 0.5');
    expect(text).toContain('hit@1 —');
    expect(text).toContain('token F1 —');
    expect(text).toContain('p50 — ms');
    expect(text).toContain('answered —');
    expect(text).toMatch(/label\s+correct\s+AUROC\s+resolution\s+false answers/);
    expect(text).toMatch(/^ {2}strict\s+0\s+—\s+—\s+—$/m);
    expect(text).toMatch(/reliability\s+bin\s+n\s+predicted\s+observed strict\s+observed cited/);
    expect(text.split('\n').filter((line) => /^\s+0\.\d-\d\.\d\s/.test(line))).toHaveLength(10);
    expect(text.split('\n').filter((line) => /^\s+0\.\d{2}\s/.test(line))).toHaveLength(19);
  });

  it('shows both labels side by side where they differ', () => {
    // One record correct by both labels, one correct by cited only (its first citation is not gold).
    const summary = summarise(
      [record({ id: 'both' }), record({ id: 'cited', citedDocIds: ['x', 'g'], confidence: 0.3, historyTurns: 2 })],
      0.5,
    );
    const text = formatEvalSummary(summary, 'demo');
    const lines = text.split('\n');
    expect(lines[0]).toBe('demo: 2 questions (2 answerable, 0 unanswerable, 1 with history), threshold 0.5');
    // Strict: 1 correct, AUROC 1, both answered (decision "answer") → 50% resolved, 50% false; cited: 2, 100%, 0%.
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}strict\s+1\s+1\.000\s+50\.0%\s+50\.0%$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}cited\s+2\s+—\s+100\.0%\s+0\.0%$/));
    // The 0.3 bin: observed 0 by strict, 1 by cited.
    expect(lines).toContainEqual(expect.stringMatching(/^\s+0\.3-0\.4\s+1\s+0\.300\s+0\.000\s+1\.000$/));
    // At 0.50 only the 0.9 record answers: strict resolves 1/2 with no false answer, cited the same.
    expect(lines).toContainEqual(expect.stringMatching(/^\s+0\.50\s+50\.0%\s+—\s+50\.0%\s+0\.0%\s+50\.0%\s+0\.0%$/));
  });
});
