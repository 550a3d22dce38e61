import { ModelPricing } from './model-pricing';

describe('ModelPricing', () => {
  it('prices tokens per million, input and output apart', () => {
    const { costUsd, known } = new ModelPricing().cost('gpt-4o', 1_000_000, 100_000);

    expect(known).toBe(true);
    expect(costUsd).toBeCloseTo(2.5 + 1, 10);
  });

  it('prices a dated snapshot like its alias', () => {
    expect(new ModelPricing().priceOf('gpt-4o-mini-2024-07-18')).toEqual(new ModelPricing().priceOf('gpt-4o-mini'));
  });

  it('prices embeddings on input only', () => {
    expect(new ModelPricing().cost('text-embedding-3-small', 1_000_000, 0).costUsd).toBeCloseTo(0.02, 10);
  });

  it('costs an unknown model 0 and says the cost is unknown', () => {
    expect(new ModelPricing().cost('mistral-small', 1_000, 1_000)).toEqual({ costUsd: 0, known: false });
  });

  it('lets configured prices override and extend the table', () => {
    const pricing = new ModelPricing({
      'gpt-4o-mini': { inputPerMillionUsd: 1, outputPerMillionUsd: 1 },
      'qwen2.5:7b': { inputPerMillionUsd: 0, outputPerMillionUsd: 0 },
    });

    expect(pricing.cost('gpt-4o-mini', 1_000_000, 0).costUsd).toBe(1);
    expect(pricing.cost('qwen2.5:7b', 1_000, 1_000)).toEqual({ costUsd: 0, known: true });
    expect(() => new ModelPricing({ x: { inputPerMillionUsd: -1, outputPerMillionUsd: 0 } })).toThrow(/non-negative/);
  });
});
