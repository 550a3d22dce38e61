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
}
