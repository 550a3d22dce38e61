import { estimateTokens } from '@switchboard/llm';
import type { ChatExampleMessage } from './chat-example';

/** OpenAI refuses a fine-tuning job with fewer training examples than this. */
export const OPENAI_MIN_EXAMPLES = 10;

/**
 * USD per 1M training tokens, OpenAI's published fine-tuning prices (platform.openai.com/docs/pricing, 2025-08).
 * Dated snapshots cost what their alias costs.
 */
export const TRAINING_PRICE_PER_MILLION_USD: Readonly<Record<string, number>> = {
  'gpt-4o-mini': 3,
  'gpt-4o': 25,
  'gpt-4.1': 25,
  'gpt-4.1-mini': 5,
  'gpt-4.1-nano': 1.5,
  'gpt-3.5-turbo': 8,
};

/** Per message: role and separators, as OpenAI's cookbook counts them. */
const TOKENS_PER_MESSAGE = 4;

export function exampleTokens(messages: readonly ChatExampleMessage[]): number {
  return messages.reduce((sum, message) => sum + TOKENS_PER_MESSAGE + estimateTokens(message.content), 3);
}

/**
 * The epochs OpenAI's `n_epochs: "auto"` picks for a dataset of this size (the cookbook "Data preparation and
 * analysis for chat model fine-tuning"): 3, more for under 100 examples, fewer for over 25,000.
 */
export function autoEpochs(examples: number): number {
  if (examples <= 0) return 0;
  if (examples * 3 < 100) return Math.min(25, Math.floor(100 / examples));
  if (examples * 3 > 25_000) return Math.max(1, Math.floor(25_000 / examples));
  return 3;
}

export interface TrainingCostEstimate {
  tokensPerEpoch: number;
  epochs: number;
  costUsd: number;
  /** False when the model has no known training price: `costUsd` is then 0. */
  priced: boolean;
}

/** Billed training tokens are the dataset's tokens times the epochs; the estimate counts ~4 characters a token. */
export function estimateTrainingCost(
  examples: ReadonlyArray<readonly ChatExampleMessage[]>,
  model: string,
): TrainingCostEstimate {
  const tokensPerEpoch = examples.reduce((sum, messages) => sum + exampleTokens(messages), 0);
  const epochs = autoEpochs(examples.length);
  const price = TRAINING_PRICE_PER_MILLION_USD[model.replace(/-\d{4}-\d{2}-\d{2}$/, '')];
  const costUsd = price === undefined ? 0 : (tokensPerEpoch * epochs * price) / 1_000_000;
  return { tokensPerEpoch, epochs, costUsd: Math.round(costUsd * 10_000) / 10_000, priced: price !== undefined };
}
