import {
  EvalRecord,
  SWEEP_THRESHOLDS,
  answersAt,
  auroc,
  decisionFigures,
  hitAtK,
  isCorrect,
  isDraftCorrect,
  isStrictlyCorrect,
  percentile,
  reciprocalRank,
  reliabilityTable,
  summarise,
  tokenF1,
  tokenRecall,
} from './metrics';

function record(overrides: Partial<EvalRecord>): EvalRecord {
  return {
    id: 'q',
    answerable: true,
    goldDocIds: ['g'],
    goldAnswer: '',
    historyTurns: 0,
    retrievedDocIds: [],
    citedDocIds: [],
    draft: '',
    confidence: 0.5,
    decision: 'answer',
    reason: null,
    latencyMs: 10,
    features: {},
    ...overrides,
  };
}

describe('hitAtK and reciprocalRank', () => {
  it('finds a gold document within the first k', () => {
    expect(hitAtK(['a', 'g', 'b'], ['g'], 1)).toBe(0);
    expect(hitAtK(['a', 'g', 'b'], ['g'], 2)).toBe(1);
    expect(hitAtK([], ['g'], 5)).toBe(0);
    expect(hitAtK(['a', 'h'], ['g', 'h'], 5)).toBe(1);
  });

  it('is one over the rank of the first gold document', () => {
    expect(reciprocalRank(['g'], ['g'])).toBe(1);
    expect(reciprocalRank(['a', 'b', 'g', 'h'], ['h', 'g'])).toBeCloseTo(1 / 3);
    expect(reciprocalRank(['a', 'b'], ['g'])).toBe(0);
  });
});

describe('auroc', () => {
  it('is 1 for a perfect ranking and 0 for a reversed one', () => {
    expect(auroc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(auroc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
  });

  it('counts a tied positive/negative pair as one half', () => {
    // Pairs (pos, neg): (0.5, 0.5) tie = 0.5, (0.5, 0.1) = 1, (0.9, 0.5) = 1, (0.9, 0.1) = 1 → 3.5 / 4.
    expect(auroc([0.5, 0.9, 0.5, 0.1], [1, 1, 0, 0])).toBeCloseTo(0.875);
    expect(auroc([0.3, 0.3, 0.3], [true, false, false])).toBeCloseTo(0.5);
  });

  it('matches a hand count on a mixed case', () => {
    // Positives 0.8, 0.4; negatives 0.6, 0.2: pairs won 1 + 1 + 0 + 1 = 3 of 4.
    expect(auroc([0.8, 0.6, 0.4, 0.2], [1, 0, 1, 0])).toBeCloseTo(0.75);
  });

  it('is null when a class is missing', () => {
    expect(auroc([0.1, 0.2], [1, 1])).toBeNull();
    expect(auroc([], [])).toBeNull();
  });
});

describe('reliabilityTable', () => {
  it('bins by equal width, keeps empty bins and puts 1.0 in the last bin', () => {
    const table = reliabilityTable([0.05, 0.15, 0.12, 0.95, 1], [0, 1, 0, 1, 1], 10);
    expect(table).toHaveLength(10);
    expect(table[0]).toEqual({ from: 0, to: 0.1, n: 1, predicted: 0.05, observed: 0 });
    expect(table[1].n).toBe(2);
    expect(table[1].predicted).toBeCloseTo(0.135);
    expect(table[1].observed).toBeCloseTo(0.5);
    expect(table[2]).toEqual({ from: 0.2, to: 0.3, n: 0, predicted: null, observed: null });
    expect(table[9].n).toBe(2);
    expect(table[9].predicted).toBeCloseTo(0.975);
    expect(table[9].observed).toBe(1);
  });

  it('honours another bin count', () => {
    expect(reliabilityTable([0.49, 0.5], [0, 1], 2).map((bin) => bin.n)).toEqual([1, 1]);
  });
});

describe('tokenF1', () => {
  it('normalises case, punctuation and articles', () => {
    expect(tokenF1('The Cat, sat!', 'cat sat')).toBe(1);
    expect(tokenF1('an apple', 'apple')).toBe(1);
  });

  it('computes precision and recall over common tokens', () => {
    // prediction: renew your license online (4); gold: you can renew online (4); common: renew, online → P = R = 0.5.
    expect(tokenF1('renew your license online', 'you can renew online')).toBeCloseTo(0.5);
    // prediction 2 tokens, gold 4, common 2 → P = 1, R = 0.5, F1 = 2/3.
    expect(tokenF1('renew online', 'you can renew online')).toBeCloseTo(2 / 3);
  });

  it('counts repeated tokens at most as often as they occur in the gold answer', () => {
    // Three predicted tokens, one gold: common 1 → P = 1/3, R = 1, F1 = 0.5.
    expect(tokenF1('form form form', 'form')).toBeCloseTo(0.5);
  });

  it('handles empty sides', () => {
    expect(tokenF1('', '')).toBe(1);
    expect(tokenF1('the', '')).toBe(1);
    expect(tokenF1('something', '')).toBe(0);
    expect(tokenF1('', 'something')).toBe(0);
    expect(tokenF1('cat', 'dog')).toBe(0);
  });
});

describe('tokenRecall', () => {
  it('normalises case, punctuation and articles', () => {
    expect(tokenRecall('The CAT sat.', 'a cat, sat!')).toBe(1);
  });

  it('is the share of gold tokens found in the prediction, whatever else the prediction says', () => {
    // Gold: you can renew online (4); found: renew, online → 2/4.
    expect(tokenRecall('renew online', 'you can renew online')).toBe(0.5);
    expect(tokenRecall('to renew, go online or call us or visit an office', 'renew online')).toBe(1);
  });

  it('counts a repeated gold token only as often as the prediction holds it', () => {
    expect(tokenRecall('form', 'form form')).toBe(0.5);
    expect(tokenRecall('form form form', 'form form')).toBe(1);
  });

  it('handles empty sides', () => {
    expect(tokenRecall('', 'something')).toBe(0);
    expect(tokenRecall('anything', '')).toBe(1);
    expect(tokenRecall('anything', 'the')).toBe(1);
    expect(tokenRecall('cat', 'dog')).toBe(0);
  });
});

describe('percentile', () => {
  it('interpolates linearly between closest ranks', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBeCloseTo(2.5);
    expect(percentile([4, 1, 3, 2], 0)).toBe(1);
    expect(percentile([1, 2, 3, 4], 100)).toBe(4);
    // position 0.95 * 4 = 3.8 → 40 + 0.8 * (50 - 40) = 48.
    expect(percentile([10, 20, 30, 40, 50], 95)).toBeCloseTo(48);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });
});

describe('isDraftCorrect and answersAt', () => {
  it('needs an answerable question and a cited gold document', () => {
    expect(isDraftCorrect(record({ citedDocIds: ['x', 'g'] }))).toBe(true);
    expect(isDraftCorrect(record({ citedDocIds: ['x'] }))).toBe(false);
    expect(isDraftCorrect(record({ answerable: false, goldDocIds: [], citedDocIds: ['g'] }))).toBe(false);
  });

  it('re-decides low-confidence escalations but keeps other escalations', () => {
    expect(answersAt(record({ confidence: 0.4, decision: 'escalate', reason: 'low_confidence' }), 0.3)).toBe(true);
    expect(answersAt(record({ confidence: 0.4, decision: 'escalate', reason: 'llm_failure' }), 0.3)).toBe(false);
    expect(answersAt(record({ confidence: 0.4, decision: 'answer' }), 0.5)).toBe(false);
    expect(answersAt(record({ confidence: 0.5, decision: 'answer' }), 0.5)).toBe(true);
  });
});

describe('isStrictlyCorrect', () => {
  const strict = (overrides: Partial<EvalRecord>) =>
    record({ goldDocIds: ['g'], goldAnswer: 'renew your licence online', draft: 'renew online today', ...overrides });

  it('needs the first citation to be a gold document, not any citation', () => {
    expect(isStrictlyCorrect(strict({ citedDocIds: ['g', 'x'] }))).toBe(true);
    expect(isStrictlyCorrect(strict({ citedDocIds: ['x', 'g'] }))).toBe(false);
    expect(isDraftCorrect(strict({ citedDocIds: ['x', 'g'] }))).toBe(true);
    expect(isStrictlyCorrect(strict({ citedDocIds: [] }))).toBe(false);
  });

  it('needs the draft to hold at least half of the gold answer', () => {
    // Gold: renew your licence online (4 tokens); "renew online today" holds 2 → 0.5, enough.
    expect(isStrictlyCorrect(strict({ citedDocIds: ['g'] }))).toBe(true);
    // "renew today" holds 1 of 4: the right document, but not the answer.
    expect(isStrictlyCorrect(strict({ citedDocIds: ['g'], draft: 'renew today [1]' }))).toBe(false);
    expect(isDraftCorrect(strict({ citedDocIds: ['g'], draft: 'renew today [1]' }))).toBe(true);
    // Normalised as SQuAD does: case, punctuation and articles do not count.
    expect(
      isStrictlyCorrect(strict({ citedDocIds: ['g'], goldAnswer: 'The Form, signed.', draft: 'form signed' })),
    ).toBe(true);
  });

  it('is never true for an unanswerable question', () => {
    expect(
      isStrictlyCorrect(
        strict({ answerable: false, goldDocIds: ['g'], goldAnswer: 'x', draft: 'x', citedDocIds: ['g'] }),
      ),
    ).toBe(false);
  });

  it('is what isCorrect gives for each label', () => {
    const firstWrong = strict({ citedDocIds: ['x', 'g'] });
    expect(isCorrect(firstWrong, 'strict')).toBe(false);
    expect(isCorrect(firstWrong, 'cited')).toBe(true);
  });
});

describe('decisionFigures', () => {
  it('counts answered records as correct by the label it is given', () => {
    const records = [
      record({ id: 'right', citedDocIds: ['g'], goldAnswer: 'renew online', draft: 'renew online' }),
      record({ id: 'second', citedDocIds: ['x', 'g'], goldAnswer: 'renew online', draft: 'renew online' }),
      record({ id: 'unanswerable', answerable: false, goldDocIds: [] }),
    ];
    const answerAll = () => true;
    // Both answerable records answered; strict counts one correct, cited two.
    expect(decisionFigures(records, answerAll, 'strict')).toEqual({
      answered_rate: 1,
      resolution_rate: 0.5,
      false_answer_rate: 0.6667,
      unanswerable_escalation_recall: 0,
    });
    expect(decisionFigures(records, answerAll, 'cited')).toEqual({
      answered_rate: 1,
      resolution_rate: 1,
      false_answer_rate: 0.3333,
      unanswerable_escalation_recall: 0,
    });
  });
});

describe('summarise', () => {
  // Four answerable (a1..a4) and two unanswerable (u1, u2) questions, hand-computed below.
  // Correct by cited: a1, a2 (a later citation is gold), a3. Correct by strict: a1 only (a2's first citation is not
  // gold; a3's draft holds 1 of the 3 gold tokens).
  const records: EvalRecord[] = [
    record({
      id: 'a1',
      goldDocIds: ['d1'],
      goldAnswer: 'renew online',
      retrievedDocIds: ['d1', 'd2'],
      citedDocIds: ['d1'],
      draft: 'renew online',
      confidence: 0.9,
      decision: 'answer',
      latencyMs: 10,
    }),
    record({
      id: 'a2',
      goldDocIds: ['d2'],
      goldAnswer: 'call the office',
      historyTurns: 2,
      retrievedDocIds: ['d3', 'd2'],
      citedDocIds: ['d3', 'd2'],
      draft: 'visit office',
      confidence: 0.7,
      decision: 'answer',
      latencyMs: 20,
    }),
    record({
      id: 'a3',
      goldDocIds: ['d4'],
      goldAnswer: 'apply in person',
      retrievedDocIds: ['d5', 'd6', 'd7', 'd8', 'd9', 'd4'],
      citedDocIds: ['d4'],
      draft: 'apply by mail',
      confidence: 0.3,
      decision: 'escalate',
      reason: 'low_confidence',
      latencyMs: 30,
    }),
    record({
      id: 'a4',
      goldDocIds: ['d10'],
      retrievedDocIds: [],
      citedDocIds: [],
      confidence: 0.1,
      decision: 'escalate',
      reason: 'low_confidence',
      latencyMs: 40,
    }),
    record({
      id: 'u1',
      answerable: false,
      goldDocIds: [],
      historyTurns: 1,
      retrievedDocIds: ['d1'],
      citedDocIds: ['d1'],
      confidence: 0.6,
      decision: 'answer',
      latencyMs: 50,
    }),
    record({
      id: 'u2',
      answerable: false,
      goldDocIds: [],
      retrievedDocIds: ['d2'],
      citedDocIds: ['d2'],
      confidence: 0.2,
      decision: 'escalate',
      reason: 'low_confidence',
      latencyMs: 60,
    }),
  ];
  const summary = summarise(records, 0.5);

  it('counts questions', () => {
    expect(summary).toMatchObject({ questions: 6, answerable: 4, unanswerable: 2, threshold: 0.5 });
  });

  it('counts the questions asked with a history', () => {
    // a2 (2 turns) and u1 (1 turn).
    expect(summary.multi_turn).toEqual({ questions_with_history: 2 });
  });

  it('computes retrieval over answerable questions', () => {
    // hit@1: a1 only → 1/4; hit@5: a1, a2 → 2/4 (a3's gold is 6th); MRR: (1 + 1/2 + 1/6 + 0) / 4.
    expect(summary.retrieval).toEqual({ hit_at_1: 0.25, hit_at_5: 0.5, mrr: 0.4167 });
  });

  it('reports both labels, strict first', () => {
    expect(Object.keys(summary.labels)).toEqual(['strict', 'cited']);
    expect(summary.labels.strict.correct).toBe(1);
    expect(summary.labels.cited.correct).toBe(3);
  });

  it('computes the decision figures under each label', () => {
    // Answered: a1, a2, u1 → 3/6; u2 escalated → 1/2 whatever the label.
    // Cited: a1, a2 correct → 2/4 resolved, 1/3 false. Strict: a1 correct → 1/4 resolved, 2/3 false.
    expect(summary.labels.cited.decision).toEqual({
      answered_rate: 0.5,
      resolution_rate: 0.5,
      false_answer_rate: 0.3333,
      unanswerable_escalation_recall: 0.5,
    });
    expect(summary.labels.strict.decision).toEqual({
      answered_rate: 0.5,
      resolution_rate: 0.25,
      false_answer_rate: 0.6667,
      unanswerable_escalation_recall: 0.5,
    });
  });

  it('scores the confidence against each label', () => {
    // Cited positives 0.9, 0.7, 0.3; negatives 0.1, 0.6, 0.2: 3 + 3 + 2 = 8 of 9 pairs.
    expect(summary.labels.cited.auroc).toBe(0.8889);
    // Strict positive 0.9 beats all five negatives.
    expect(summary.labels.strict.auroc).toBe(1);
  });

  it('bins the same confidences against each label', () => {
    const cited = summary.labels.cited.reliability;
    const strict = summary.labels.strict.reliability;
    expect(cited).toHaveLength(10);
    expect(strict).toHaveLength(10);
    expect(cited[9]).toEqual({ from: 0.9, to: 1, n: 1, predicted: 0.9, observed: 1 });
    expect(strict[9]).toEqual({ from: 0.9, to: 1, n: 1, predicted: 0.9, observed: 1 });
    // a3 (0.3) and a2 (0.7) are correct by cited only.
    expect(cited[3]).toEqual({ from: 0.3, to: 0.4, n: 1, predicted: 0.3, observed: 1 });
    expect(strict[3]).toEqual({ from: 0.3, to: 0.4, n: 1, predicted: 0.3, observed: 0 });
    expect(cited[7].observed).toBe(1);
    expect(strict[7].observed).toBe(0);
    expect(cited[4].n).toBe(0);
  });

  it('averages token F1 over answered answerable questions', () => {
    // a1: 1; a2: "visit office" vs "call office" → P = R = 1/2 → 0.5; mean 0.75.
    expect(summary.answer.token_f1).toBe(0.75);
  });

  it('reports latency percentiles', () => {
    // Sorted 10..60; p50 at position 2.5 → 35; p95 at 4.75 → 57.5.
    expect(summary.latency_ms).toEqual({ p50: 35, p95: 57.5 });
  });

  it('sweeps thresholds from the recorded confidences under each label', () => {
    expect(summary.labels.strict.threshold_sweep.map((row) => row.threshold)).toEqual(SWEEP_THRESHOLDS);
    expect(summary.labels.cited.threshold_sweep.map((row) => row.threshold)).toEqual(SWEEP_THRESHOLDS);
    expect(SWEEP_THRESHOLDS[0]).toBe(0.05);
    expect(SWEEP_THRESHOLDS[18]).toBe(0.95);
    const at = (label: 'strict' | 'cited', t: number) =>
      summary.labels[label].threshold_sweep.find((row) => row.threshold === t);
    // At 0.25 everything but a4 (0.1) and u2 (0.2) answers: a1, a2, a3 and u1.
    // Cited: a1, a2, a3 correct → 3/4 resolved, 1/4 false. Strict: a1 correct → 1/4 resolved, 3/4 false.
    expect(at('cited', 0.25)).toEqual({
      threshold: 0.25,
      answered_rate: 0.6667,
      resolution_rate: 0.75,
      false_answer_rate: 0.25,
      unanswerable_escalation_recall: 0.5,
    });
    expect(at('strict', 0.25)).toEqual({
      threshold: 0.25,
      answered_rate: 0.6667,
      resolution_rate: 0.25,
      false_answer_rate: 0.75,
      unanswerable_escalation_recall: 0.5,
    });
    // At 0.95 nothing answers.
    const nothing = {
      threshold: 0.95,
      answered_rate: 0,
      resolution_rate: 0,
      false_answer_rate: null,
      unanswerable_escalation_recall: 1,
    };
    expect(at('cited', 0.95)).toEqual(nothing);
    expect(at('strict', 0.95)).toEqual(nothing);
  });

  it('gives nulls rather than NaN on an empty run', () => {
    const empty = summarise([], 0.5);
    expect(empty.retrieval.mrr).toBeNull();
    expect(empty.multi_turn.questions_with_history).toBe(0);
    for (const label of ['strict', 'cited'] as const) {
      expect(empty.labels[label].decision.answered_rate).toBeNull();
      expect(empty.labels[label].auroc).toBeNull();
    }
    expect(empty.latency_ms.p50).toBeNull();
  });
});
