import { describe, expect, it } from 'vitest';
import { assembleDataset, blockBootstrapDifference, compareToBaseline, evaluateWalkForward, logisticModelKind, ModelInputError, seededNormal } from '../src/index.ts';
import { syntheticFrame } from './support/synthetic-frame.ts';

const folds = { folds: 4 };

describe('block bootstrap of model − baseline', () => {
  it('keeps all rows of an instant together: two rows that cancel at every instant give exactly 0 on every resample', () => {
    const n = 200;
    const timestamps = Float64Array.from({ length: 2 * n }, (_, i) => Math.floor(i / 2));
    const labels = new Float64Array(2 * n);
    const model = Float64Array.from({ length: 2 * n }, (_, i) => (i % 2 === 0 ? 1 : 2)); // error 1 or 2
    const baseline = Float64Array.from({ length: 2 * n }, (_, i) => (i % 2 === 0 ? 2 : 1));
    const interval = blockBootstrapDifference({ timestamps, labels, model, baseline }, { comparison: 'mse', seed: 3 });
    expect(interval).toMatchObject({ estimate: 0, lower: 0, upper: 0, instants: n, blockLength: Math.round(Math.cbrt(n)) });
  });

  it('is deterministic per seed and varies across seeds', () => {
    const dataset = assembleDataset(syntheticFrame({ symbols: 4, instants: 300, seed: 21 }), { predictionType: 'momentum', horizon: 1 });
    const data = { timestamps: dataset.timestamps, labels: dataset.labels, model: dataset.columns[0]!.map((v) => v * 1e-4), baseline: new Float64Array(dataset.rows) };
    const a = blockBootstrapDifference(data, { comparison: 'ic', seed: 5, resamples: 200 });
    const b = blockBootstrapDifference(data, { comparison: 'ic', seed: 5, resamples: 200 });
    const c = blockBootstrapDifference(data, { comparison: 'ic', seed: 6, resamples: 200 });
    expect(b).toEqual(a);
    expect(c.lower).not.toBe(a.lower);
    expect(a.estimate).toBe(compareToBaseline('ic', data.labels, data.model, data.baseline));
    expect(a.lower).toBeLessThanOrEqual(a.upper);
  });

  it('planted signal: the out-of-sample interval of the log-loss improvement lies above 0', () => {
    const dataset = assembleDataset(syntheticFrame({ symbols: 5, instants: 600, seed: 22, signal: 0.6 }), { predictionType: 'price_direction', horizon: 1 });
    const result = evaluateWalkForward(dataset, { kind: logisticModelKind, folds, seed: 1 });
    expect(result.interval.comparison).toBe('log_loss');
    expect(result.interval.lower, JSON.stringify(result.interval)).toBeGreaterThan(0);
    const accuracyGain = evaluateWalkForward(dataset, { kind: logisticModelKind, folds, seed: 1, bootstrap: { comparison: 'accuracy' } }).interval;
    expect(accuracyGain.lower).toBeGreaterThan(0);
  });

  it('calibration: a forecast unrelated to the outcome has an IC interval that includes 0 in at least 18 of 20 seeds', () => {
    let includesZero = 0;
    for (let seed = 100; seed < 120; seed++) {
      const dataset = assembleDataset(syntheticFrame({ symbols: 5, instants: 400, seed }), { predictionType: 'momentum', horizon: 3 });
      const normal = seededNormal(seed * 7);
      const model = dataset.labels.map(() => normal());
      const interval = blockBootstrapDifference(
        { timestamps: dataset.timestamps, labels: dataset.labels, model, baseline: new Float64Array(dataset.rows) },
        { comparison: 'ic', seed, resamples: 300 },
      );
      if (interval.lower <= 0 && interval.upper >= 0) includesZero++;
    }
    expect(includesZero).toBeGreaterThanOrEqual(18);
  });

  it('pure random walk, logistic trained walk-forward: never an interval above 0; with the default L2 it includes 0 in at least 18 of 20', () => {
    const count = (l2?: number) => {
      let includesZero = 0;
      const aboveZero: string[] = [];
      for (let seed = 100; seed < 120; seed++) {
        const dataset = assembleDataset(syntheticFrame({ symbols: 5, instants: 400, seed }), { predictionType: 'price_direction', horizon: 1 });
        const hyperparameters = l2 === undefined ? {} : { l2 };
        const { interval } = evaluateWalkForward(dataset, { kind: logisticModelKind, hyperparameters, folds, seed, bootstrap: { resamples: 300 } });
        if (interval.lower <= 0 && interval.upper >= 0) includesZero++;
        if (interval.lower > 0) aboveZero.push(`seed ${seed}: [${interval.lower}, ${interval.upper}]`);
      }
      return { includesZero, aboveZero };
    };
    const defaults = count();
    expect(defaults.includesZero).toBeGreaterThanOrEqual(18);
    expect(defaults.aboveZero).toEqual([]);
    // Weak shrinkage overfits noise: the model may be measurably worse than the prior, never better.
    expect(count(1e-3).aboveZero).toEqual([]);
  });

  it('rejects bad options', () => {
    const data = { timestamps: Float64Array.of(1, 2), labels: Float64Array.of(0, 1), model: Float64Array.of(0.4, 0.6), baseline: Float64Array.of(0.5, 0.5) };
    expect(() => blockBootstrapDifference(data, { comparison: 'log_loss', level: 1 })).toThrow(/level must be in \(0, 1\)/);
    expect(() => blockBootstrapDifference(data, { comparison: 'log_loss', blockLength: 3 })).toThrow(/blockLength must be an integer in \[1, 2\]/);
    expect(() => blockBootstrapDifference({ ...data, model: Float64Array.of(1) }, { comparison: 'log_loss' })).toThrow(/model has 1 values for 2 timestamps/);
    expect(() => blockBootstrapDifference({ timestamps: new Float64Array(0), labels: new Float64Array(0), model: new Float64Array(0), baseline: new Float64Array(0) }, { comparison: 'mse' })).toThrow(ModelInputError);
  });
});
