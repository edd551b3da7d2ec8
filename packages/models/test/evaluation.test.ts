import { describe, expect, it } from 'vitest';
import { assembleDataset, evaluateWalkForward, fitStandardScaler, logisticModelKind, modelKind, walkForwardFolds, type Dataset } from '../src/index.ts';
import { oneFeatureRegressionKind } from './support/one-feature-regression-kind.ts';
import { cloneFrame, syntheticFrame } from './support/synthetic-frame.ts';

const folds = { folds: 4 };

function directionDataset(seed: number): Dataset {
  return assembleDataset(syntheticFrame({ symbols: 4, instants: 500, seed, signal: 0.3, noiseFeatures: 3 }), { predictionType: 'price_direction', horizon: 2 });
}

describe('evaluateWalkForward', () => {
  it('reports per-fold and pooled metrics for the model and its baseline over disjoint out-of-sample rows', () => {
    const dataset = directionDataset(31);
    const result = evaluateWalkForward(dataset, { kind: logisticModelKind, folds, seed: 3, bootstrap: { resamples: 200 } });
    expect(result.folds).toHaveLength(4);
    const tested = Array.from(result.outOfSample.rows);
    expect(new Set(tested).size).toBe(tested.length);
    expect(result.pooled.rows).toBe(result.folds.reduce((s, f) => s + f.testRows, 0));
    for (const fold of result.folds) {
      expect(fold.baseline.name).toBe('class_prior');
      expect(fold.modelMetrics).toHaveProperty('rocAuc');
      expect(fold.baselineMetrics).toMatchObject({ rocAuc: 0.5 }); // a constant score ranks nothing
      expect(fold.params.kind).toBe('logistic');
    }
    // The pooled log-loss improvement is what the interval is centred on.
    const pooled = result.pooled as { modelMetrics: { logLoss: number }; baselineMetrics: { logLoss: number } };
    expect(result.interval.estimate).toBeCloseTo(pooled.baselineMetrics.logLoss - pooled.modelMetrics.logLoss, 12);
    expect(result.interval.lower).toBeLessThanOrEqual(result.interval.estimate);
    expect(result.interval.upper).toBeGreaterThanOrEqual(result.interval.estimate);
  });

  it('is deterministic: same data and seed → identical metrics, interval and serialized params', () => {
    const a = evaluateWalkForward(directionDataset(32), { kind: logisticModelKind, folds, seed: 9, bootstrap: { resamples: 200 } });
    const b = evaluateWalkForward(directionDataset(32), { kind: logisticModelKind, folds, seed: 9, bootstrap: { resamples: 200 } });
    expect(JSON.stringify(b.folds)).toBe(JSON.stringify(a.folds));
    expect(b.pooled).toEqual(a.pooled);
    expect(b.interval).toEqual(a.interval);
  });

  it('leakage: changing test-fold values (features and labels) changes no fitted scaler or model parameter of that fold', () => {
    const dataset = directionDataset(33);
    const before = evaluateWalkForward(dataset, { kind: logisticModelKind, folds, bootstrap: { resamples: 50 } });
    const splits = walkForwardFolds(dataset, { ...folds, horizon: dataset.horizon });
    const k = 2;
    const changed: Dataset = { ...dataset, columns: dataset.columns.map((c) => c.slice()), labels: dataset.labels.slice() };
    // Every row from fold k's first test instant on: its test fold and everything after it.
    for (let r = splits[k]!.testRows[0]!; r < dataset.rows; r++) {
      for (const column of changed.columns) column[r] = column[r]! * -3 + 11;
      changed.labels[r] = 1 - changed.labels[r]!;
    }
    const after = evaluateWalkForward(changed, { kind: logisticModelKind, folds, bootstrap: { resamples: 50 } });
    for (let f = 0; f <= k; f++) {
      expect(after.folds[f]!.params, `fold ${f} params`).toEqual(before.folds[f]!.params);
      expect(fitStandardScaler(changed.columns, splits[f]!.trainRows)).toEqual(fitStandardScaler(dataset.columns, splits[f]!.trainRows));
      expect(after.folds[f]!.baseline).toEqual(before.folds[f]!.baseline);
    }
    // The check has teeth: the changed fold's test metrics and the next fold's parameters do move.
    expect(after.folds[k]!.modelMetrics).not.toEqual(before.folds[k]!.modelMetrics);
    expect(after.folds[k + 1]!.params).not.toEqual(before.folds[k + 1]!.params);
  });

  it('leakage end to end: changing the bars (closes and features) from a test fold on leaves that fold\'s model unchanged — the embargo keeps every label that sees them out of training', () => {
    const frame = syntheticFrame({ symbols: 4, instants: 500, seed: 37, signal: 0.3, noiseFeatures: 3 });
    const options = { predictionType: 'price_direction', horizon: 3 } as const;
    const dataset = assembleDataset(frame, options);
    const splits = walkForwardFolds(dataset, { ...folds, horizon: 3 });
    const k = 1;
    const changed = cloneFrame(frame);
    for (let r = 0; r < frame.timestamps.length; r++) {
      if (frame.timestamps[r]! < splits[k]!.testStart) continue;
      changed.close[r] = frame.close[r]! * (r % 2 === 0 ? 1.3 : 0.7);
      for (const column of changed.columns) column[r] = column[r]! + 5;
    }
    const before = evaluateWalkForward(dataset, { kind: logisticModelKind, folds, bootstrap: { resamples: 50 } });
    const after = evaluateWalkForward(assembleDataset(changed, options), { kind: logisticModelKind, folds, bootstrap: { resamples: 50 } });
    for (let f = 0; f <= k; f++) expect(after.folds[f]!.params, `fold ${f}`).toEqual(before.folds[f]!.params);
    expect(after.folds[k + 1]!.params).not.toEqual(before.folds[k + 1]!.params);
  });

  it('plugs in any trainer: a regressor on momentum (zero baseline) and volatility (training-mean baseline)', () => {
    const frame = syntheticFrame({ symbols: 4, instants: 500, seed: 34, signal: 0.5 });
    const momentum = assembleDataset(frame, { predictionType: 'momentum', horizon: 1 });
    const m = evaluateWalkForward(momentum, { kind: oneFeatureRegressionKind, folds, seed: 1 });
    expect(m.folds.every((f) => f.baseline.name === 'zero' && f.baseline.value === 0)).toBe(true);
    expect(m.pooled.modelMetrics).toHaveProperty('ic');
    expect(m.interval.comparison).toBe('mse');
    expect(m.interval.lower).toBeGreaterThan(0); // the planted edge lowers the squared error
    const ic = evaluateWalkForward(momentum, { kind: oneFeatureRegressionKind, folds, seed: 1, bootstrap: { comparison: 'ic' } });
    expect(ic.interval.lower).toBeGreaterThan(0);

    const volatility = assembleDataset(frame, { predictionType: 'volatility', horizon: 4 });
    const v = evaluateWalkForward(volatility, { kind: oneFeatureRegressionKind, folds, seed: 1, bootstrap: { resamples: 100 } });
    v.folds.forEach((fold, f) => {
      expect(fold.baseline.name).toBe('training_mean');
      const split = walkForwardFolds(volatility, { ...folds, horizon: 4 })[f]!;
      const mean = Array.from(split.trainRows).reduce((s, r) => s + volatility.labels[r]!, 0) / split.trainRows.length;
      expect(fold.baseline.value).toBeCloseTo(mean, 15);
    });
  });

  it('refuses a kind that cannot learn the target, a metric of the other task, and an empty dataset', () => {
    const momentum = assembleDataset(syntheticFrame({ symbols: 2, instants: 100, seed: 35 }), { predictionType: 'momentum', horizon: 1 });
    expect(() => evaluateWalkForward(momentum, { kind: modelKind('logistic'), folds })).toThrow(/model kind "logistic" cannot learn momentum/);
    expect(() => evaluateWalkForward(directionDataset(36), { kind: logisticModelKind, folds, bootstrap: { comparison: 'ic' } })).toThrow(/metric "ic" does not apply to a binary model/);
    expect(() => evaluateWalkForward({ ...momentum, rows: 0 }, { kind: oneFeatureRegressionKind, folds })).toThrow(/empty dataset/);
  });
});
