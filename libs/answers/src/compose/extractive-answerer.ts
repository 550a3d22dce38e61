import { tokenize } from '@switchboard/vector-store';
import { LexicalEvidence } from '../retrieval/lexical-evidence';
import { RankedCandidate } from '../retrieval/retriever';
import { INJECTION_THRESHOLD, detectInjection } from '../safety';
import { answerSentences } from './answer-sentences';
import { ComposedAnswer } from './composed-answer';

const CHUNKS_CONSIDERED = 3;
const MAX_ANSWER_CHARS = 600;
const SAME_DOCUMENT_CHUNKS = 6;
/** Beside the best sentence, others are quoted when they score at least this share of it. */
const STRONG_SENTENCE = 0.75;

interface ScoredSentence {
  text: string;
  candidate: RankedCandidate;
  /** Rank of the chunk as the answer weighs it: the other chunks of the best document weigh as the last top chunk. */
  chunkRank: number;
  /** Order of the chunk among those considered, then of the sentence in its chunk. */
  chunkOrder: number;
  position: number;
  score: number;
  /** Coverage of the question by the sentence alone. */
  own: number;
}

/**
 * The offline answerer: picks the sentences of the best chunks that cover the question best, keeps
 * their order, and cites the chunks they come from. It is the default without an LLM and the last fallback.
 */
export function composeExtractive(
  question: string,
  candidates: RankedCandidate[],
  evidence: LexicalEvidence,
): ComposedAnswer {
  const queryTerms = tokenize(question);
  const score = (candidate: RankedCandidate, index: number) => scoreSentences(candidate, index, queryTerms, evidence);
  const topSentences = candidates.slice(0, CHUNKS_CONSIDERED).flatMap(score);
  const extra = otherChunksWorthReading(candidates, queryTerms, evidence, topSentences);
  const top = [...candidates.slice(0, CHUNKS_CONSIDERED), ...extra];
  const sentences = [...topSentences, ...extra.flatMap((candidate, i) => score(candidate, CHUNKS_CONSIDERED + i))];
  const statements = answersToQuestions(sentences);
  if (statements.length === 0) {
    return {
      text: '',
      cited: [],
      model: 'extractive',
      prompt: describe(question, top),
      promptTokens: 0,
      completionTokens: 0,
      costUsd: 0,
    };
  }

  const ranked = [...statements].sort((a, b) => b.score - a.score);
  const best = ranked[0];
  const picked: ScoredSentence[] = [best];
  let length = best.text.length;
  // The sentence after the best one usually finishes its thought; then other strong sentences.
  const follower = statements.find((s) => s.candidate === best.candidate && s.position === best.position + 1);
  for (const next of [follower, ...ranked.slice(1)]) {
    if (!next || picked.includes(next)) continue;
    if (next !== follower && next.score < best.score * STRONG_SENTENCE) continue;
    if (length + next.text.length > MAX_ANSWER_CHARS) continue;
    picked.push(next);
    length += next.text.length;
    if (picked.length >= 3) break;
  }
  picked.sort((a, b) => a.chunkOrder - b.chunkOrder || a.position - b.position);

  // One citation per document: two chunks of one article are one source to the customer.
  const cited: RankedCandidate[] = [];
  const parts: string[] = [];
  for (const sentence of picked) {
    const documentId = sentence.candidate.hit.chunk.documentId;
    let index = cited.findIndex((candidate) => candidate.hit.chunk.documentId === documentId);
    if (index < 0) index = cited.push(sentence.candidate) - 1;
    const last = parts.length - 1;
    const marker = `[${index + 1}]`;
    // One marker after consecutive sentences from the same chunk.
    if (last >= 0 && parts[last].endsWith(marker))
      parts[last] = `${parts[last].slice(0, -marker.length).trimEnd()} ${sentence.text} ${marker}`;
    else parts.push(`${sentence.text} ${marker}`);
  }
  return {
    text: parts.join(' '),
    cited,
    evidence: { sentenceCoverage: best.own, sentenceChunkRank: best.chunkRank },
    model: 'extractive',
    prompt: describe(question, top),
    promptTokens: 0,
    completionTokens: 0,
    costUsd: 0,
  };
}

/** The quotable sentences of a chunk, scored by how well they cover the question. */
function scoreSentences(
  candidate: RankedCandidate,
  index: number,
  queryTerms: string[],
  evidence: LexicalEvidence,
): ScoredSentence[] {
  const chunkRank = Math.min(index, CHUNKS_CONSIDERED);
  return (
    answerSentences(candidate.hit.chunk.text)
      .map((text) => text.trim())
      .filter((text) => text.length >= 12 || asks(text))
      // A sentence that reads as instructions is never quoted to a customer. A sentence scores no higher than its
      // chunk, which the retriever scored already, so only flagged chunks are screened sentence by sentence.
      .filter((text) => candidate.injection < INJECTION_THRESHOLD || detectInjection(text).score < INJECTION_THRESHOLD)
      .map((text, position) => {
        const words = text.split(/\s+/).length;
        const lengthPrior = words < 5 ? 0.6 : words > 60 ? 0.8 : 1;
        const context = evidence.coverage(queryTerms, `${candidate.hit.chunk.headingPath.join(' ')} ${text}`);
        const own = evidence.coverage(queryTerms, text);
        const score = (0.7 * own + 0.3 * context) * lengthPrior + rankBonus(chunkRank) + 0.02 / (1 + position);
        return { text, candidate, chunkRank, chunkOrder: index, position, score, own };
      })
  );
}

function rankBonus(chunkRank: number): number {
  return 0.15 / (1 + chunkRank);
}

/**
 * The other retrieved chunks of the best document: the passage that answers is often a few chunks away from the
 * one that matched the question best. Only those that could hold a sentence worth quoting are read: a sentence
 * covers the question no better than its whole chunk does, which bounds its score.
 */
function otherChunksWorthReading(
  candidates: RankedCandidate[],
  queryTerms: string[],
  evidence: LexicalEvidence,
  topSentences: ScoredSentence[],
): RankedCandidate[] {
  const documentId = candidates[0]?.hit.chunk.documentId;
  const bar = STRONG_SENTENCE * Math.max(0, ...topSentences.map((sentence) => sentence.score));
  const bound = (candidate: RankedCandidate) =>
    evidence.coverage(queryTerms, candidate.terms) + rankBonus(CHUNKS_CONSIDERED) + 0.02;
  return candidates
    .slice(CHUNKS_CONSIDERED)
    .filter((candidate) => candidate.hit.chunk.documentId === documentId)
    .slice(0, SAME_DOCUMENT_CHUNKS)
    .filter((candidate) => bound(candidate) >= bar);
}

/** A sentence that asks: in a help article, the heading of the answer that follows it. */
function asks(text: string): boolean {
  return text.endsWith('?');
}

/**
 * Help articles are often questions each followed by its answer ("I received a letter. What can I do? Read the letter
 * …"). A customer asking that question wants the answer, not the question back: a question, with a statement that
 * leads into it, is never quoted, and the first statement after it in its chunk scores as well as the question
 * matched. Positions keep the text's order.
 */
function answersToQuestions(sentences: ScoredSentence[]): ScoredSentence[] {
  const statements: ScoredSentence[] = [];
  const answers = new Set<ScoredSentence>();
  let question: ScoredSentence | undefined;
  for (const sentence of sentences) {
    if (question && question.candidate !== sentence.candidate) question = undefined;
    if (asks(sentence.text)) {
      const leadIn = question ? undefined : leadingStatement(statements, sentence, answers);
      if (leadIn) statements.pop();
      question = [question, leadIn, sentence].reduce(stronger);
      continue;
    }
    const answer = question && question.score > sentence.score ? lend(question, sentence) : sentence;
    if (question) answers.add(answer);
    statements.push(answer);
    question = undefined;
  }
  return statements;
}

/** The statement just before a question in the same chunk ("I received a letter." before "What can I do?"). */
function leadingStatement(
  statements: ScoredSentence[],
  question: ScoredSentence,
  answers: Set<ScoredSentence>,
): ScoredSentence | undefined {
  const previous = statements.at(-1);
  const adjacent = previous?.candidate === question.candidate && previous.position === question.position - 1;
  return adjacent && !answers.has(previous) ? previous : undefined;
}

function stronger(a: ScoredSentence | undefined, b: ScoredSentence | undefined): ScoredSentence | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.score > a.score ? b : a;
}

function lend(question: ScoredSentence, answer: ScoredSentence): ScoredSentence {
  return { ...answer, score: question.score, own: Math.max(answer.own, question.own) };
}

/** What the extractive answerer looked at, recorded as the trace's prompt. */
function describe(question: string, chunks: RankedCandidate[]): string {
  return JSON.stringify({ answerer: 'extractive', question, chunks: chunks.map((c) => c.hit.chunk.id) });
}
