import { RankedCandidate } from '../retrieval/retriever';

/** An answer drafted from retrieved chunks, with the chunks it cites. */
export interface ComposedAnswer {
  text: string;
  /** The candidates cited, in citation order ([1] is the first). */
  cited: RankedCandidate[];
  model: string;
  prompt: string;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  /** How well the extractive draft's best sentence fits the question (absent for a model's answer). */
  evidence?: ExtractiveEvidence;
}

export interface ExtractiveEvidence {
  /** IDF-weighted share of the question's terms in the best sentence alone. */
  sentenceCoverage: number;
  /** 0-based retrieval rank of the chunk the best sentence comes from. */
  sentenceChunkRank: number;
}
