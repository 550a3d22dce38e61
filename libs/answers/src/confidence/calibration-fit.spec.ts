import {
  CalibrationSample,
  connectedGroups,
  crossValidate,
  datasetFamily,
  evaluateCalibration,
  fitCalibration,
  groupKeys,
  groupedFolds,
} from './calibration-fit';
import { MAX_STANDARD_SCORE, predictConfidence } from './calibration-model';

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

/**
 * Labels drawn from a known logistic model: 2·good − 1.5·bad + 0·noise (on raw features, scale 10 for good).
 * Consecutive samples share a group, `groupSize` at a time.
 */
function noisySamples(n: number, seed: number, groupSize = 1): CalibrationSample[] {
  const next = random(seed);
  return Array.from({ length: n }, (_, i) => {
    const good = gaussian(next) * 10 + 50;
    const bad = gaussian(next);
    const noise = gaussian(next);
    const z = 0.2 * (good - 50) - 1.5 * bad - 0.3;
    const label = next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    return { features: { good, bad, noise }, label, group: `g${Math.floor(i / groupSize)}` };
  });
}

function separableSamples(): CalibrationSample[] {
  const samples: CalibrationSample[] = [];
  for (let i = 0; i < 40; i += 1) {
    const x = i / 39;
    samples.push({ features: { margin: x, constant: 3 }, label: x > 0.5 ? 1 : 0, group: `g${i}` });
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
    const samples: CalibrationSample[] = Array.from({ length: 600 }, (_, i) => ({
      features: { noise: gaussian(next) },
      label: next() < 0.4 ? 1 : 0,
      group: `g${i}`,
    }));
    const result = crossValidate(samples, 5);
    expect(result.auroc).toBeGreaterThan(0.35);
    expect(result.auroc).toBeLessThan(0.65);
  });

  it('refuses too few groups or folds', () => {
    expect(() => crossValidate(noisySamples(3, 1), 5)).toThrow(/folds/);
    expect(() => crossValidate(noisySamples(30, 1), 1)).toThrow(/folds/);
    // 30 samples, but only 3 groups of 10.
    expect(() => crossValidate(noisySamples(30, 1, 10), 5)).toThrow(/3 groups of 30 samples cannot fill 5 folds/);
  });

  it('holds every group out exactly once', () => {
    const samples = groupsOfMixedSizes(31);
    const result = crossValidate(samples, 5);
    expect(result.groups).toBe(new Set(samples.map((s) => s.group)).size);
    // A group split across folds would be counted in two folds.
    expect(result.perFold.reduce((sum, fold) => sum + fold.groups, 0)).toBe(result.groups);
    expect(result.perFold.reduce((sum, fold) => sum + fold.samples, 0)).toBe(samples.length);
  });

  it('predicts each sample with the model fitted on the other folds only', () => {
    const samples = groupsOfMixedSizes(41);
    const result = crossValidate(samples, 4, { l2: 1 });
    const foldOf = groupedFolds(samples, 4);
    expect(result.predictions).toHaveLength(samples.length);
    for (let fold = 0; fold < 4; fold += 1) {
      const model = fitCalibration(
        samples.filter((_, i) => foldOf[i] !== fold),
        { featureNames: ['bad', 'good', 'noise'], l2: 1 },
      );
      samples.forEach((sample, i) => {
        if (foldOf[i] === fold)
          expect(result.predictions[i]).toBeCloseTo(predictConfidence(model, sample.features), 12);
      });
    }
  });

  it('is deterministic, whatever the order of the samples', () => {
    const samples = groupsOfMixedSizes(17);
    expect(crossValidate(samples, 5)).toEqual(crossValidate(samples, 5));
    const reversed = [...samples].reverse();
    const forward = crossValidate(samples, 5);
    const backward = crossValidate(reversed, 5);
    expect(backward.perFold.map((fold) => fold.samples)).toEqual(forward.perFold.map((fold) => fold.samples));
    expect(backward.auroc).toBeCloseTo(forward.auroc ?? NaN, 6);
    expect(backward.logLoss).toBeCloseTo(forward.logLoss, 6);
  });
});

/** 600 samples in groups of 1 to 12, the group sizes drawn with a seed. */
function groupsOfMixedSizes(seed: number): CalibrationSample[] {
  const samples = noisySamples(600, seed);
  const next = random(seed + 1);
  let group = 0;
  let left = 0;
  return samples.map((sample) => {
    if (left === 0) {
      group += 1;
      left = 1 + Math.floor(next() * 12);
    }
    left -= 1;
    return { ...sample, group: `doc-${group}` };
  });
}

describe('groupedFolds', () => {
  const foldsByGroup = (samples: readonly CalibrationSample[], foldOf: readonly number[]) => {
    const folds = new Map<string, Set<number>>();
    samples.forEach((sample, i) => folds.set(sample.group, (folds.get(sample.group) ?? new Set()).add(foldOf[i])));
    return folds;
  };

  it('never splits a group across folds', () => {
    const samples = groupsOfMixedSizes(5);
    const foldOf = groupedFolds(samples, 5);
    expect(foldOf.every((fold) => Number.isInteger(fold) && fold >= 0 && fold < 5)).toBe(true);
    for (const folds of foldsByGroup(samples, foldOf).values()) expect(folds.size).toBe(1);
  });

  it('keeps the folds balanced in size and in their rate of positives', () => {
    const samples = groupsOfMixedSizes(9);
    const foldOf = groupedFolds(samples, 5);
    const rate = samples.filter((s) => s.label === 1).length / samples.length;
    for (let fold = 0; fold < 5; fold += 1) {
      const members = samples.filter((_, i) => foldOf[i] === fold);
      // 600 / 5 = 120 a fold; a group holds at most 12.
      expect(Math.abs(members.length - 120)).toBeLessThanOrEqual(12);
      expect(Math.abs(members.filter((s) => s.label === 1).length / members.length - rate)).toBeLessThan(0.05);
    }
  });

  it('gives each group the same fold whatever the order of the samples', () => {
    const samples = groupsOfMixedSizes(13);
    const next = random(77);
    const shuffled = samples
      .map((sample) => ({ sample, key: next() }))
      .sort((a, b) => a.key - b.key)
      .map(({ sample }) => sample);
    const original = foldsByGroup(samples, groupedFolds(samples, 5));
    const again = foldsByGroup(shuffled, groupedFolds(shuffled, 5));
    for (const [group, folds] of original) expect(again.get(group)).toEqual(folds);
  });
});

describe('groupKeys', () => {
  it('keys a question by its gold documents and its dialogue, the doc2dial sets as one family', () => {
    expect(datasetFamily('doc2dial')).toBe('doc2dial');
    expect(datasetFamily('doc2dial-multiturn')).toBe('doc2dial');
    expect(datasetFamily('doc2dial-topicshift')).toBe('doc2dial');
    expect(datasetFamily('clapnq')).toBe('clapnq');
    expect(groupKeys('doc2dial-multiturn', { id: 'abc_def_7', goldDocIds: ['DMV#3_0'] })).toEqual([
      'dialogue:doc2dial:abc_def',
      'doc:DMV#3_0',
    ]);
  });

  it('uses the whole id as the dialogue when the id has no underscore', () => {
    expect(groupKeys('clapnq', { id: '-1109485827985534106', goldDocIds: [] })).toEqual([
      'dialogue:clapnq:-1109485827985534106',
    ]);
  });
});

describe('connectedGroups', () => {
  it('puts the same question from doc2dial and doc2dial-topicshift in one group', () => {
    const groups = connectedGroups([
      groupKeys('doc2dial', { id: 'd1_1', goldDocIds: ['doc-a'] }),
      groupKeys('doc2dial-topicshift', { id: 'd1_1', goldDocIds: ['doc-a'] }),
      groupKeys('clapnq', { id: 'd1_1', goldDocIds: ['p1'] }),
    ]);
    expect(groups[0]).toBe(groups[1]);
    expect(groups[2]).not.toBe(groups[0]);
  });

  it('joins questions through shared documents and dialogues, transitively', () => {
    const groups = connectedGroups([
      groupKeys('doc2dial', { id: 'd1_1', goldDocIds: ['doc-a'] }),
      // Another turn of dialogue d1, about another document.
      groupKeys('doc2dial-multiturn', { id: 'd1_5', goldDocIds: ['doc-b'] }),
      // Another dialogue about doc-b: joined through it.
      groupKeys('doc2dial', { id: 'd2_1', goldDocIds: ['doc-b'] }),
      // An unanswerable question of its own dialogue.
      groupKeys('doc2dial', { id: 'd3_1', goldDocIds: [] }),
    ]);
    expect(new Set(groups.slice(0, 3)).size).toBe(1);
    expect(groups[3]).not.toBe(groups[0]);
  });

  it('names a group by its smallest key, whatever the order of the samples', () => {
    const keys = [['x', 'm'], ['m', 'c'], ['q']];
    expect(connectedGroups(keys)).toEqual(['c', 'c', 'q']);
    expect(connectedGroups([...keys].reverse())).toEqual(['q', 'c', 'c']);
    expect(connectedGroups([[], ['a']])).toEqual(['sample:0', 'a']);
  });
});

describe('predictConfidence far outside the fitted range', () => {
  const model = {
    version: 1 as const,
    features: ['candidates'],
    mean: [3.43],
    std: [0.015],
    weights: [-0.1],
    bias: 0,
    fittedOn: {},
  };

  it(`counts a value at most ${MAX_STANDARD_SCORE} standard deviations out`, () => {
    // A workspace of three chunks is 137 standard deviations below an eval that always retrieves thirty.
    const clipped = 1 / (1 + Math.exp(-(-0.1 * -MAX_STANDARD_SCORE)));
    expect(predictConfidence(model, { candidates: Math.log1p(3) })).toBeCloseTo(clipped, 10);
    expect(predictConfidence(model, { candidates: Math.log1p(3) })).toBeLessThan(0.65);
  });

  it('leaves a value within the range as it is', () => {
    const z = (-0.1 * (3.44 - 3.43)) / 0.015;
    expect(predictConfidence(model, { candidates: 3.44 })).toBeCloseTo(1 / (1 + Math.exp(-z)), 10);
  });
});
