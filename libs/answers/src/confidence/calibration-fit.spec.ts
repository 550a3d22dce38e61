import { CalibrationSample, crossValidate, evaluateCalibration, fitCalibration } from './calibration-fit';
import { predictConfidence } from './calibration-model';

/** mulberry32: a seeded generator, so the synthetic data (and the tests) are the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(next: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

/** Labels drawn from a known logistic model: 2·good − 1.5·bad + 0·noise (on raw features, scale 10 for good). */
function noisySamples(n: number, seed: number): CalibrationSample[] {
  const next = random(seed);
  return Array.from({ length: n }, () => {
    const good = gaussian(next) * 10 + 50;
    const bad = gaussian(next);
    const noise = gaussian(next);
    const z = 0.2 * (good - 50) - 1.5 * bad - 0.3;
    const label = next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    return { features: { good, bad, noise }, label };
  });
}

function separableSamples(): CalibrationSample[] {
  const samples: CalibrationSample[] = [];
  for (let i = 0; i < 40; i += 1) {
    const x = i / 39;
    samples.push({ features: { margin: x, constant: 3 }, label: x > 0.5 ? 1 : 0 });
  }
  return samples;
}

describe('fitCalibration', () => {
  it('separates separable data with a finite, positive weight thanks to the L2 penalty', () => {
    const samples = separableSamples();
    const model = fitCalibration(samples, { l2: 1 });
    expect(model.features).toEqual(['constant', 'margin']);
    expect(model.weights[1]).toBeGreaterThan(1);
    expect(Number.isFinite(model.weights[1])).toBe(true);
    // A constant feature carries no evidence: std 1 and a zero weight.
    expect(model.std[0]).toBe(1);
    expect(model.weights[0]).toBe(0);
    expect(predictConfidence(model, { margin: 1, constant: 3 })).toBeGreaterThan(0.9);
    expect(predictConfidence(model, { margin: 0, constant: 3 })).toBeLessThan(0.1);
    const training = model.fittedOn.training as { auroc: number };
    expect(training.auroc).toBe(1);
    expect(model.fittedOn.converged).toBe(true);
  });

  it('recovers the signs of the weights on noisy data and is calibrated in the large', () => {
    const samples = noisySamples(2000, 7);
    const model = fitCalibration(samples, { featureNames: ['good', 'bad', 'noise'], l2: 1 });
    expect(model.features).toEqual(['good', 'bad', 'noise']);
    expect(model.mean[0]).toBeCloseTo(50, 0);
    expect(model.std[0]).toBeCloseTo(10, 0);
    const [good, bad, noise] = model.weights;
    // Standardised true weights: 0.2 · 10 = 2 for good, −1.5 for bad, 0 for noise.
    expect(good).toBeGreaterThan(1.5);
    expect(good).toBeLessThan(2.5);
    expect(bad).toBeLessThan(-1.1);
    expect(bad).toBeGreaterThan(-1.9);
    expect(Math.abs(noise)).toBeLessThan(0.2);

    const statistics = evaluateCalibration(model, samples);
    expect(statistics.meanPredicted).toBeCloseTo(statistics.observedRate, 6);
    expect(statistics.auroc).toBeGreaterThan(0.8);
    expect(statistics.brier).toBeLessThan(0.2);
    // Calibrated per decile too: within a few points in every populated decile.
    const order = samples
      .map((s) => ({ p: predictConfidence(model, s.features), y: s.label }))
      .sort((a, b) => a.p - b.p);
    for (let d = 0; d < 10; d += 1) {
      const slice = order.slice(d * 200, (d + 1) * 200);
      const predicted = slice.reduce((sum, s) => sum + s.p, 0) / slice.length;
      const observed = slice.reduce((sum, s) => sum + s.y, 0) / slice.length;
      expect(Math.abs(predicted - observed)).toBeLessThan(0.08);
    }
  });

  it('is deterministic and tolerates missing features', () => {
    const samples = noisySamples(300, 11);
    const a = fitCalibration(samples, { fittedAt: new Date(0) });
    const b = fitCalibration(samples, { fittedAt: new Date(0) });
    expect(a).toEqual(b);
    const withGap = samples.map((s, i) =>
      i % 10 === 0 ? { ...s, features: { good: s.features.good, bad: s.features.bad } } : s,
    );
    const model = fitCalibration(withGap, { featureNames: ['good', 'bad', 'noise'] });
    expect(model.weights.every(Number.isFinite)).toBe(true);
  });

  it('shrinks the weights as the penalty grows', () => {
    const samples = noisySamples(300, 3);
    const loose = fitCalibration(samples, { featureNames: ['good'], l2: 0.01 });
    const tight = fitCalibration(samples, { featureNames: ['good'], l2: 1000 });
    expect(Math.abs(tight.weights[0])).toBeLessThan(Math.abs(loose.weights[0]));
  });

  it('refuses samples of one label', () => {
    expect(() => fitCalibration([{ features: { x: 1 }, label: 1 }])).toThrow(/both labels/);
  });

  it('records what it was fitted on', () => {
    const model = fitCalibration(noisySamples(200, 5), { fittedOn: { datasets: ['x'] }, fittedAt: new Date(0) });
    expect(model.fittedOn).toMatchObject({
      datasets: ['x'],
      fittedAt: '1970-01-01T00:00:00.000Z',
      l2: 1,
      training: { samples: 200 },
    });
  });
});

describe('crossValidate', () => {
  it('reports held-out figures close to the training ones on well-specified data', () => {
    const samples = noisySamples(1000, 21);
    const result = crossValidate(samples, 5);
    expect(result.folds).toBe(5);
    expect(result.perFold).toHaveLength(5);
    expect(result.perFold.reduce((sum, fold) => sum + fold.samples, 0)).toBe(1000);
    expect(result.samples).toBe(1000);
    expect(result.auroc).toBeGreaterThan(0.8);
    expect(result.brier).toBeLessThan(0.2);
    expect(Math.abs(result.meanPredicted - result.observedRate)).toBeLessThan(0.03);
  });

  it('gives chance-level AUROC on pure noise', () => {
    const next = random(99);
    const samples: CalibrationSample[] = Array.from({ length: 600 }, () => ({
      features: { noise: gaussian(next) },
      label: next() < 0.4 ? 1 : 0,
    }));
    const result = crossValidate(samples, 5);
    expect(result.auroc).toBeGreaterThan(0.35);
    expect(result.auroc).toBeLessThan(0.65);
  });

  it('refuses too few samples or folds', () => {
    expect(() => crossValidate(noisySamples(3, 1), 5)).toThrow(/folds/);
    expect(() => crossValidate(noisySamples(30, 1), 1)).toThrow(/folds/);
  });
});
