import { autoEpochs, estimateTrainingCost, exampleTokens } from './training-cost';

const example = (text: string) => [
  { role: 'system' as const, content: 'abcd' },
  { role: 'user' as const, content: text },
  { role: 'assistant' as const, content: text },
];

describe('training cost estimate', () => {
  it("picks epochs as OpenAI's auto does: more for small sets, 3 in the middle, fewer for huge ones", () => {
    expect(autoEpochs(10)).toBe(10);
    expect(autoEpochs(20)).toBe(5);
    expect(autoEpochs(1000)).toBe(3);
    expect(autoEpochs(100_000)).toBe(1);
  });

  it('counts ~4 characters a token plus the per-message overhead', () => {
    expect(exampleTokens(example('12345678'))).toBe(3 + 3 * 4 + 1 + 2 + 2);
  });

  it("prices the billed tokens (file tokens times epochs) at the model's training price, snapshots as their alias", () => {
    const examples = Array.from({ length: 10 }, () => example('x'.repeat(4000)));
    const estimate = estimateTrainingCost(examples, 'gpt-4o-mini-2024-07-18');
    expect(estimate).toMatchObject({ epochs: 10, priced: true });
    expect(estimate.costUsd).toBeCloseTo((estimate.tokensPerEpoch * 10 * 3) / 1_000_000, 4);
    expect(estimateTrainingCost(examples, 'llama-3-8b')).toMatchObject({ costUsd: 0, priced: false });
  });
});
