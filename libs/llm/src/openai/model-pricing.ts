export interface ModelPrice {
  /** USD per 1M prompt (input) tokens. */
  inputPerMillionUsd: number;
  /** USD per 1M completion (output) tokens. */
  outputPerMillionUsd: number;
}

export type ModelPriceTable = Readonly<Record<string, ModelPrice>>;

/** OpenAI list prices (standard tier, USD per 1M tokens) as of 2025-08; override for other providers or new prices. */
export const DEFAULT_MODEL_PRICES: ModelPriceTable = {
  'gpt-4o': { inputPerMillionUsd: 2.5, outputPerMillionUsd: 10 },
  'gpt-4o-mini': { inputPerMillionUsd: 0.15, outputPerMillionUsd: 0.6 },
  'gpt-4.1': { inputPerMillionUsd: 2, outputPerMillionUsd: 8 },
  'gpt-4.1-mini': { inputPerMillionUsd: 0.4, outputPerMillionUsd: 1.6 },
  'gpt-4.1-nano': { inputPerMillionUsd: 0.1, outputPerMillionUsd: 0.4 },
  'gpt-5': { inputPerMillionUsd: 1.25, outputPerMillionUsd: 10 },
  'gpt-5-mini': { inputPerMillionUsd: 0.25, outputPerMillionUsd: 2 },
  'gpt-5-nano': { inputPerMillionUsd: 0.05, outputPerMillionUsd: 0.4 },
  'gpt-3.5-turbo': { inputPerMillionUsd: 0.5, outputPerMillionUsd: 1.5 },
  'text-embedding-3-small': { inputPerMillionUsd: 0.02, outputPerMillionUsd: 0 },
  'text-embedding-3-large': { inputPerMillionUsd: 0.13, outputPerMillionUsd: 0 },
  'text-embedding-ada-002': { inputPerMillionUsd: 0.1, outputPerMillionUsd: 0 },
};

export interface ModelCost {
  costUsd: number;
  /** False when the model has no price, so `costUsd` is 0 for want of data, not because the call was free. */
  known: boolean;
}

/** Dated snapshots (`gpt-4o-mini-2024-07-18`) cost what their alias costs. */
const SNAPSHOT_SUFFIX = /-\d{4}-\d{2}-\d{2}$/;

export class ModelPricing {
  private readonly prices: ModelPriceTable;

  constructor(overrides: ModelPriceTable = {}) {
    for (const [model, price] of Object.entries(overrides)) {
      if (!(price.inputPerMillionUsd >= 0) || !(price.outputPerMillionUsd >= 0)) {
        throw new Error(`ModelPricing: the price of ${model} must be non-negative numbers`);
      }
    }
    this.prices = { ...DEFAULT_MODEL_PRICES, ...overrides };
  }

  priceOf(model: string): ModelPrice | undefined {
    return this.prices[model] ?? this.prices[model.replace(SNAPSHOT_SUFFIX, '')];
  }

  cost(model: string, promptTokens: number, completionTokens: number): ModelCost {
    const price = this.priceOf(model);
    if (!price) return { costUsd: 0, known: false };
    const usd = (promptTokens * price.inputPerMillionUsd + completionTokens * price.outputPerMillionUsd) / 1_000_000;
    // Rounded to 1e-10 USD so float noise does not leak into stored costs.
    return { costUsd: Math.round(usd * 1e10) / 1e10, known: true };
  }
}
