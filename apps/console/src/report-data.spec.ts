import { handoffBars } from './report-data';

describe('handoffBars', () => {
  it('turns a reason→count map into bars, largest first, scaled to the largest', () => {
    expect(handoffBars({ policy: 2, low_confidence: 8, customer_asked: 4 })).toEqual([
      { reason: 'low_confidence', count: 8, share: 1 },
      { reason: 'customer_asked', count: 4, share: 0.5 },
      { reason: 'policy', count: 2, share: 0.25 },
    ]);
  });

  it('leaves out empty reasons and copes with nothing', () => {
    expect(handoffBars({ policy: 0 })).toEqual([]);
    expect(handoffBars(null)).toEqual([]);
  });
});
