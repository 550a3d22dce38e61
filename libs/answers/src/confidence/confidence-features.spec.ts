import { tokenize } from '@switchboard/vector-store';
import { ComposedAnswer } from '../compose/composed-answer';
import { FOLLOWUP_GATE, GATE_VERDICT_FEATURES, gateFeatures } from '../retrieval/conversation-retriever';
import { LexicalEvidence } from '../retrieval/lexical-evidence';
import { RankedCandidate, Retrieval } from '../retrieval/retriever';
import { confidenceFeatures } from './confidence-features';
import { CALIBRATED_MODEL } from './confidence.model';

interface CandidateSpec {
  documentId: string;
  text: string;
  score: number;
  cosine?: number | null;
  denseRank?: number | null;
  lexicalRank?: number | null;
}

let nextChunk = 0;

function candidate(spec: CandidateSpec): RankedCandidate {
  nextChunk += 1;
  return {
    hit: {
      chunk: {
        id: `chunk-${nextChunk}`,
        workspaceId: 'workspace-1',
        sourceId: 'source-1',
        documentId: spec.documentId,
        visibility: 'public',
        title: '',
        headingPath: [],
        text: spec.text,
        url: null,
        position: 0,
        contentHash: `hash-${nextChunk}`,
      },
      score: 1 / 61,
      denseRank: spec.denseRank === undefined ? null : spec.denseRank,
      lexicalRank: spec.lexicalRank === undefined ? null : spec.lexicalRank,
      cosine: spec.cosine === undefined ? null : spec.cosine,
    },
    score: spec.score,
    coverage: 0,
    titleCoverage: 0,
    bm25: 0,
    injection: 0,
    terms: tokenize(spec.text),
  };
}

/** A retrieval as the Retriever returns it: evidence over the candidates' terms, coverage against the query terms. */
function retrieval(query: string, candidates: RankedCandidate[]): Retrieval {
  const queryTerms = tokenize(query);
  const evidence = new LexicalEvidence(candidates.map((c) => c.terms));
  for (const c of candidates) c.coverage = evidence.coverage(queryTerms, c.terms);
  return { queryTerms, candidates, evidence, queryVector: [1, 0] };
}

function answer(text: string): ComposedAnswer {
  return { text, cited: [], model: 'extractive', prompt: '', promptTokens: 0, completionTokens: 0, costUsd: 0 };
}

const REFUNDS = 'Refunds reach your card within ten days of the return.';
const QUESTION = 'When do refunds reach my card?';

/** Ranked candidates of three documents: a, a, b, c, a, a. */
function sixCandidates(): RankedCandidate[] {
  return [
    candidate({ documentId: 'a', text: REFUNDS, score: 2.0, cosine: 0.8, denseRank: 2, lexicalRank: 1 }),
    candidate({ documentId: 'a', text: 'Your bank may need two more days.', score: 1.8, cosine: 0.85, denseRank: 1 }),
    candidate({ documentId: 'b', text: 'Card payments are refunded.', score: 1.5, cosine: 0.6, lexicalRank: 2 }),
    candidate({ documentId: 'c', text: 'Warranty claims take a month.', score: 1.2, cosine: 0.7, denseRank: 3 }),
    candidate({ documentId: 'a', text: 'Returns are free within Europe.', score: 1.0, cosine: 0.3 }),
    candidate({ documentId: 'a', text: 'Gift cards cannot be refunded.', score: 0.9, cosine: 0.95 }),
  ];
}

describe('confidenceFeatures: ranks and scores', () => {
  const found = retrieval(QUESTION, sixCandidates());
  const features = confidenceFeatures(found, answer(REFUNDS));

  it('reports the top candidate score', () => {
    expect(features.top_score).toBe(2.0);
  });

  it('measures the score margin against the best candidate of another document', () => {
    // The second candidate (1.8) belongs to the top document; the best other document scores 1.5.
    expect(features.score_margin).toBeCloseTo(0.5, 12);
  });

  it('takes the whole top score as the margin when every candidate is of the top document', () => {
    const single = retrieval(QUESTION, [
      candidate({ documentId: 'a', text: REFUNDS, score: 2.0, cosine: 0.8 }),
      candidate({ documentId: 'a', text: 'Your bank may need two more days.', score: 1.8, cosine: 0.9 }),
    ]);
    const own = confidenceFeatures(single, answer(REFUNDS));
    expect(own.score_margin).toBe(2.0);
    expect(own.cosine_margin).toBe(0.8);
  });

  it('reports the top cosine, 0 when unknown', () => {
    expect(features.top_cosine).toBe(0.8);
    const unknown = retrieval(QUESTION, [candidate({ documentId: 'a', text: REFUNDS, score: 1, cosine: null })]);
    expect(confidenceFeatures(unknown, answer(REFUNDS)).top_cosine).toBe(0);
  });

  it('measures the cosine margin against the most similar chunk of any other document', () => {
    // Other documents' cosines: 0.6 and 0.7; the top document's own 0.85 and 0.95 do not count.
    expect(features.cosine_margin).toBeCloseTo(0.8 - 0.7, 12);
  });

  it('ignores other documents whose cosine is unknown in the cosine margin', () => {
    const found = retrieval(QUESTION, [
      candidate({ documentId: 'a', text: REFUNDS, score: 2, cosine: 0.8 }),
      candidate({ documentId: 'b', text: 'Card payments are refunded.', score: 1, cosine: null }),
      candidate({ documentId: 'c', text: 'Warranty claims take a month.', score: 0.5, cosine: 0.5 }),
    ]);
    expect(confidenceFeatures(found, answer(REFUNDS)).cosine_margin).toBeCloseTo(0.3, 12);
  });

  it("reports the inverse of the top candidate's dense and lexical ranks, 0 when absent", () => {
    expect(features.dense_top).toBe(1 / 2);
    expect(features.lexical_top).toBe(1);
    const absent = retrieval(QUESTION, [candidate({ documentId: 'a', text: REFUNDS, score: 1 })]);
    const none = confidenceFeatures(absent, answer(REFUNDS));
    expect(none.dense_top).toBe(0);
    expect(none.lexical_top).toBe(0);
  });

  it("sets agreement when the dense side's first and the lexical side's first are of one document", () => {
    // Dense first is the second candidate, lexical first the top one: both of document a.
    expect(features.agreement).toBe(1);
  });

  it('clears agreement when the dense and lexical firsts are of different documents', () => {
    const found = retrieval(QUESTION, [
      candidate({ documentId: 'a', text: REFUNDS, score: 2, denseRank: 2, lexicalRank: 1 }),
      candidate({ documentId: 'b', text: 'Card payments are refunded.', score: 1, denseRank: 1, lexicalRank: 2 }),
    ]);
    expect(confidenceFeatures(found, answer(REFUNDS)).agreement).toBe(0);
  });

  it('clears agreement when the lexical side found none of the candidates', () => {
    const found = retrieval(QUESTION, [
      candidate({ documentId: 'a', text: REFUNDS, score: 2, denseRank: 1, lexicalRank: null }),
      candidate({ documentId: 'a', text: 'Card payments are refunded.', score: 1, denseRank: 2, lexicalRank: null }),
    ]);
    expect(confidenceFeatures(found, answer(REFUNDS)).agreement).toBe(0);
  });

  it('reports the share of the top five candidates that belong to the top document', () => {
    // Top five: a, a, b, c, a; the sixth (a again) is not counted.
    expect(features.doc_concentration).toBeCloseTo(3 / 5, 12);
  });

  it('divides the document concentration by the candidates there are when fewer than five', () => {
    const found = retrieval(QUESTION, [
      candidate({ documentId: 'a', text: REFUNDS, score: 2 }),
      candidate({ documentId: 'b', text: 'Card payments are refunded.', score: 1 }),
    ]);
    expect(confidenceFeatures(found, answer(REFUNDS)).doc_concentration).toBe(1 / 2);
  });

  it('reports the log of the number of distinct query terms and of candidates', () => {
    expect(features.query_terms).toBeCloseTo(Math.log1p(new Set(tokenize(QUESTION)).size), 12);
    expect(features.candidates).toBeCloseTo(Math.log1p(6), 12);
  });

  it('counts a repeated query term once', () => {
    const found = retrieval('refund refund refunds card', [candidate({ documentId: 'a', text: REFUNDS, score: 1 })]);
    expect(confidenceFeatures(found, answer(REFUNDS)).query_terms).toBeCloseTo(Math.log1p(2), 12);
  });
});

describe('confidenceFeatures: rarest term found', () => {
  const candidates = () => [
    candidate({ documentId: 'a', text: 'Refunds reach your card within ten days.', score: 2 }),
    candidate({ documentId: 'b', text: 'Refunds for a warranty claim take a month.', score: 1 }),
    candidate({ documentId: 'c', text: 'Refunds are free within Europe.', score: 0.5 }),
  ];

  it('is 1 when the query term rarest among the candidates is in the top chunk', () => {
    // "card" is in one candidate, "refund" in all three.
    expect(confidenceFeatures(retrieval('refund card', candidates()), answer('')).rarest_term_found).toBe(1);
  });

  it('is 0 when the rarest query term is only in another chunk', () => {
    // "warranti" is in one candidate (not the top one), "refund" in all three.
    expect(confidenceFeatures(retrieval('refund warranty', candidates()), answer('')).rarest_term_found).toBe(0);
  });

  it('is 0 when the rarest query term is in no candidate at all', () => {
    expect(confidenceFeatures(retrieval('card bicycle', candidates()), answer('')).rarest_term_found).toBe(0);
  });
});

describe('confidenceFeatures: coverage of the search query and of the question', () => {
  const found = retrieval(QUESTION, sixCandidates());

  it('takes top_coverage from the top candidate, computed against retrieval.queryTerms', () => {
    const features = confidenceFeatures(found, answer(REFUNDS), tokenize('warranty'));
    expect(features.top_coverage).toBe(found.candidates[0].coverage);
    expect(features.top_coverage).toBe(1);
  });

  it('computes answer_coverage of retrieval.queryTerms in the answer text', () => {
    const features = confidenceFeatures(found, answer('Refunds are sent within ten days.'), tokenize('warranty'));
    const expected = found.evidence.coverage(found.queryTerms, 'Refunds are sent within ten days.');
    expect(features.answer_coverage).toBeCloseTo(expected, 12);
    expect(features.answer_coverage).toBeGreaterThan(0);
    expect(features.answer_coverage).toBeLessThan(1);
  });

  it('computes question_coverage and answer_question_coverage from the question terms given', () => {
    const questionTerms = tokenize('Does the warranty cover my card?');
    const features = confidenceFeatures(found, answer('Your card is covered.'), questionTerms);
    expect(features.question_coverage).toBeCloseTo(
      found.evidence.coverage(questionTerms, found.candidates[0].terms),
      12,
    );
    expect(features.answer_question_coverage).toBeCloseTo(
      found.evidence.coverage(questionTerms, 'Your card is covered.'),
      12,
    );
    expect(features.question_coverage).toBeGreaterThan(0);
    expect(features.question_coverage).toBeLessThan(1);
  });

  it('uses retrieval.queryTerms for the question coverages when no question terms are given', () => {
    const features = confidenceFeatures(found, answer(REFUNDS));
    expect(features.question_coverage).toBe(features.top_coverage);
    expect(features.answer_question_coverage).toBe(features.answer_coverage);
  });

  it('gives a follow-up retrieved with history terms the question itself lacks a question_coverage of 0', () => {
    const history = 'Can I pause my subscription?\nYes, you can pause your subscription for up to three months.';
    const inContext = retrieval(`How much is it?\n${history}`, [
      candidate({ documentId: 'pause', text: 'Pause your subscription for up to three months.', score: 2 }),
      candidate({ documentId: 'cancel', text: 'Cancel your subscription at any time.', score: 1 }),
    ]);
    const draft = answer('You can pause your subscription for up to three months.');
    const features = confidenceFeatures(inContext, draft, tokenize('How much is it?'));
    expect(features.top_coverage).toBeGreaterThan(0);
    expect(features.answer_coverage).toBeGreaterThan(0);
    expect(features.question_coverage).toBe(0);
    expect(features.answer_question_coverage).toBe(0);
  });

  it('gives an empty answer an answer_coverage and answer_question_coverage of 0', () => {
    const features = confidenceFeatures(found, answer(''), tokenize(QUESTION));
    expect(features.answer_coverage).toBe(0);
    expect(features.answer_question_coverage).toBe(0);
  });
});

describe("confidenceFeatures: the extractive draft's best sentence", () => {
  const found = retrieval(QUESTION, sixCandidates());

  it('reports how much of the question the best sentence covers, and whether it comes from the top chunk', () => {
    const draft = { ...answer(REFUNDS), evidence: { sentenceCoverage: 0.8, sentenceChunkRank: 0 } };
    expect(confidenceFeatures(found, draft)).toMatchObject({ sentence_coverage: 0.8, sentence_top_chunk: 1 });
  });

  it('clears sentence_top_chunk when the best sentence comes from a lower-ranked chunk', () => {
    const draft = { ...answer(REFUNDS), evidence: { sentenceCoverage: 0.5, sentenceChunkRank: 2 } };
    expect(confidenceFeatures(found, draft).sentence_top_chunk).toBe(0);
  });

  it('gives 0 for an answer without extractive evidence (a model wrote it)', () => {
    expect(confidenceFeatures(found, answer(REFUNDS))).toMatchObject({ sentence_coverage: 0, sentence_top_chunk: 0 });
  });
});

describe('confidenceFeatures: no candidates', () => {
  it('returns every feature as 0 except the number of query terms', () => {
    const empty = retrieval('refund refund card', []);
    expect(confidenceFeatures(empty, answer(''), tokenize('warranty'))).toEqual({
      top_score: 0,
      score_margin: 0,
      top_cosine: 0,
      cosine_margin: 0,
      top_coverage: 0,
      answer_coverage: 0,
      question_coverage: 0,
      answer_question_coverage: 0,
      sentence_coverage: 0,
      sentence_top_chunk: 0,
      dense_top: 0,
      lexical_top: 0,
      agreement: 0,
      doc_concentration: 0,
      query_terms: Math.log1p(2),
      rarest_term_found: 0,
      candidates: 0,
    });
  });

  it('returns all zeros for a query without terms', () => {
    const features = confidenceFeatures(retrieval('', []), answer(''));
    expect(Object.values(features).every((value) => value === 0)).toBe(true);
  });

  it('returns the same feature names as for a non-empty retrieval', () => {
    const empty = confidenceFeatures(retrieval(QUESTION, []), answer(''));
    const full = confidenceFeatures(retrieval(QUESTION, sixCandidates()), answer(REFUNDS));
    expect(Object.keys(empty).sort()).toEqual(Object.keys(full).sort());
  });
});

/** What the follow-up gate sees for a follow-up: enough to list the names it returns. */
function gateFeatureNames(): string[] {
  const alone = retrieval('How much is it?', [candidate({ documentId: 'a', text: REFUNDS, score: 1, cosine: 0.4 })]);
  const inContext = retrieval('How much is it? refunds', sixCandidates());
  return Object.keys(
    gateFeatures('How much is it?', tokenize('How much is it?'), [{ role: 'customer', text: 'Refunds?' }], {
      alone,
      inContext,
      inConversationDocument: inContext,
      topic: inContext,
      conversationDocument: 'a',
    }),
  );
}

describe('the shipped models name only features the service computes', () => {
  // The features AnswerService adds to confidenceFeatures (libs/answers/src/answer.service.ts): question_injection
  // in answerStream; context_used / context_followup / context_rewritten in retrieveFor; llm_fallback,
  // llm_no_answer, output_blocked and grounded in composeWithLlm. For a follow-up without an LLM it also merges
  // the conversation retriever's features, which are gateFeatures' names.
  const SERVICE_FEATURES = [
    'question_injection',
    'context_used',
    'context_followup',
    'context_rewritten',
    'context_top_in_conversation_document',
    'grounded',
    'llm_fallback',
    'llm_no_answer',
    'output_blocked',
  ];

  it('names in the confidence model only features the service computes, for any retrieval', () => {
    const full = Object.keys(confidenceFeatures(retrieval(QUESTION, sixCandidates()), answer(REFUNDS)));
    const empty = Object.keys(confidenceFeatures(retrieval(QUESTION, []), answer('')));
    const extra = [...SERVICE_FEATURES, ...gateFeatureNames()];
    expect(CALIBRATED_MODEL.features.filter((name) => !full.includes(name) && !extra.includes(name))).toEqual([]);
    expect(CALIBRATED_MODEL.features.filter((name) => !empty.includes(name) && !extra.includes(name))).toEqual([]);
  });

  it('gives the confidence model one mean, std and weight per feature', () => {
    const count = CALIBRATED_MODEL.features.length;
    expect(CALIBRATED_MODEL.mean).toHaveLength(count);
    expect(CALIBRATED_MODEL.std).toHaveLength(count);
    expect(CALIBRATED_MODEL.weights).toHaveLength(count);
    expect(new Set(CALIBRATED_MODEL.features).size).toBe(count);
  });

  it('names in the follow-up gate only features gateFeatures returns', () => {
    const names = gateFeatureNames();
    expect(FOLLOWUP_GATE.features.filter((name) => !names.includes(name))).toEqual([]);
  });

  it('uses no verdict feature as an input of the follow-up gate', () => {
    expect(FOLLOWUP_GATE.features.filter((name) => GATE_VERDICT_FEATURES.includes(name))).toEqual([]);
  });

  it('gives the follow-up gate one mean, std and weight per feature', () => {
    const count = FOLLOWUP_GATE.features.length;
    expect(FOLLOWUP_GATE.mean).toHaveLength(count);
    expect(FOLLOWUP_GATE.std).toHaveLength(count);
    expect(FOLLOWUP_GATE.weights).toHaveLength(count);
    expect(new Set(FOLLOWUP_GATE.features).size).toBe(count);
  });
});
