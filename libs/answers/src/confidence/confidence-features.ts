import { ComposedAnswer } from '../compose/composed-answer';
import { RankedCandidate, Retrieval } from '../retrieval/retriever';

/**
 * Features the service records in a trace after (or beside) the confidence, never inputs of the confidence model:
 * the carried-over cap, and the LLM path's grounding check, fallback, no-answer and output-filter verdicts.
 */
export const RECORDED_AFTER_CONFIDENCE: readonly string[] = [
  'context_carried_over',
  'grounded',
  'llm_fallback',
  'llm_no_answer',
  'output_blocked',
];

/**
 * Evidence that the answer is right, from ranks, cosines and term statistics the service computes itself,
 * never from a store's raw scores (LanceDB and Qdrant score differently). `questionTerms` are the terms of this
 * turn alone: when earlier turns shaped the search, the coverage of what was actually asked still counts, so an
 * answer carried over from an old subject cannot borrow its confidence.
 */
export function confidenceFeatures(
  retrieval: Retrieval,
  answer: ComposedAnswer,
  questionTerms: string[] = retrieval.queryTerms,
): Record<string, number> {
  const { candidates, evidence, queryTerms } = retrieval;
  const top = candidates[0];
  if (!top) {
    return {
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
      query_terms: Math.log1p(new Set(queryTerms).size),
      rarest_term_found: 0,
      candidates: 0,
    };
  }
  const topDocument = top.hit.chunk.documentId;
  const otherDocument = candidates.find((c) => c.hit.chunk.documentId !== topDocument);
  const topCosine = top.hit.cosine ?? 0;
  const otherCosine = Math.max(
    -1,
    ...candidates.filter((c) => c.hit.chunk.documentId !== topDocument).map((c) => c.hit.cosine ?? -1),
  );
  const denseFirst = firstBy(candidates, (c) => c.hit.denseRank);
  const lexicalFirst = firstBy(candidates, (c) => c.hit.lexicalRank);
  const topFive = candidates.slice(0, 5);
  const distinct = [...new Set(queryTerms)];
  const rarest = distinct.sort((a, b) => evidence.idf(b) - evidence.idf(a))[0];
  return {
    top_score: top.score,
    score_margin: top.score - (otherDocument?.score ?? 0),
    top_cosine: topCosine,
    cosine_margin: otherCosine > -1 ? topCosine - otherCosine : topCosine,
    top_coverage: top.coverage,
    answer_coverage: answer.text ? evidence.coverage(queryTerms, answer.text) : 0,
    question_coverage: evidence.coverage(questionTerms, top.terms),
    answer_question_coverage: answer.text ? evidence.coverage(questionTerms, answer.text) : 0,
    sentence_coverage: answer.evidence?.sentenceCoverage ?? 0,
    sentence_top_chunk: answer.evidence?.sentenceChunkRank === 0 ? 1 : 0,
    dense_top: top.hit.denseRank ? 1 / top.hit.denseRank : 0,
    lexical_top: top.hit.lexicalRank ? 1 / top.hit.lexicalRank : 0,
    agreement:
      denseFirst && lexicalFirst && denseFirst.hit.chunk.documentId === lexicalFirst.hit.chunk.documentId ? 1 : 0,
    doc_concentration: topFive.filter((c) => c.hit.chunk.documentId === topDocument).length / topFive.length,
    query_terms: Math.log1p(distinct.length),
    rarest_term_found: rarest && top.terms.includes(rarest) ? 1 : 0,
    candidates: Math.log1p(candidates.length),
  };
}

/** The candidate one retriever ranked first; undefined when that retriever found none of them. */
function firstBy(
  candidates: RankedCandidate[],
  rank: (c: RankedCandidate) => number | null,
): RankedCandidate | undefined {
  const ranked = candidates.filter((c) => rank(c) !== null);
  return ranked.sort((a, b) => (rank(a) ?? 0) - (rank(b) ?? 0))[0];
}
