import { tokenize } from '@switchboard/vector-store';
import { LexicalEvidence } from '../retrieval/lexical-evidence';
import { RankedCandidate } from '../retrieval/retriever';
import { INJECTION_THRESHOLD, detectInjection } from '../safety';
import { answerSentences } from './answer-sentences';
import { ComposedAnswer } from './composed-answer';

const CHUNKS_CONSIDERED = 3;
const MAX_ANSWER_CHARS = 600;

interface ScoredSentence {
  text: string;
  candidate: RankedCandidate;
  chunkRank: number;
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
  const top = candidates.slice(0, CHUNKS_CONSIDERED);
  const sentences: ScoredSentence[] = top.flatMap((candidate, chunkRank) =>
    answerSentences(candidate.hit.chunk.text)
      .map((text) => text.trim())
      .filter((text) => text.length >= 12)
      // A sentence that reads as instructions is never quoted to a customer. A sentence scores no higher than its
      // chunk, which the retriever scored already, so only flagged chunks are screened sentence by sentence.
      .filter((text) => candidate.injection < INJECTION_THRESHOLD || detectInjection(text).score < INJECTION_THRESHOLD)
      .map((text, position) => {
        const words = text.split(/\s+/).length;
        const lengthPrior = words < 5 ? 0.6 : words > 60 ? 0.8 : 1;
        const context = evidence.coverage(queryTerms, `${candidate.hit.chunk.headingPath.join(' ')} ${text}`);
        const own = evidence.coverage(queryTerms, text);
        const score = (0.7 * own + 0.3 * context) * lengthPrior + 0.15 / (1 + chunkRank) + 0.02 / (1 + position);
        return { text, candidate, chunkRank, position, score, own };
      }),
  );
  if (sentences.length === 0) {
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

  const ranked = [...sentences].sort((a, b) => b.score - a.score);
  const best = ranked[0];
  const picked: ScoredSentence[] = [best];
  let length = best.text.length;
  // The sentence after the best one usually finishes its thought; then other strong sentences.
  const follower = sentences.find((s) => s.candidate === best.candidate && s.position === best.position + 1);
  for (const next of [follower, ...ranked.slice(1)]) {
    if (!next || picked.includes(next)) continue;
    if (next !== follower && next.score < best.score * 0.75) continue;
    if (length + next.text.length > MAX_ANSWER_CHARS) continue;
    picked.push(next);
    length += next.text.length;
    if (picked.length >= 3) break;
  }
  picked.sort((a, b) => a.chunkRank - b.chunkRank || a.position - b.position);

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

/** What the extractive answerer looked at, recorded as the trace's prompt. */
function describe(question: string, chunks: RankedCandidate[]): string {
  return JSON.stringify({ answerer: 'extractive', question, chunks: chunks.map((c) => c.hit.chunk.id) });
}
