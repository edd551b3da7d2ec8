// Early stopping on a later (time-ordered) validation fold, and what validation data may not change.
import { describe, expect, it } from 'vitest';
import { loadTreeEnsemble, trainGradientBoostedTrees } from '../src/index.ts';
import { synthetic } from './gbdt-fixtures.ts';

// A weak signal under heavy label noise: deep trees at a high learning rate overfit within a few rounds.
const noisy = (x: number[], noise: number) => (0.4 * x[0]! + 1.6 * noise > 0 ? 1 : 0);

describe('gbdt early stopping', () => {
  const train = synthetic(1500, 4, 31, noisy);
  const validation = synthetic(800, 4, 32, noisy);
  const options = { objective: 'binary' as const, rounds: 300, maxDepth: 6, learningRate: 0.5, minSamplesLeaf: 2, earlyStoppingRounds: 8 };
  const result = trainGradientBoostedTrees(train.columns, train.labels, options, validation);

  it('keeps the round with the lowest validation loss and stops earlyStoppingRounds later', () => {
    const losses = result.history.map((h) => h.validationLoss!);
    const best = losses.indexOf(Math.min(...losses)) + 1;
    expect(result.bestIteration).toBe(best);
    expect(best).toBeGreaterThan(1); // it learned something first …
    expect(result.history.length).toBe(best + 8); // … then overfit and was stopped
    expect(result.history.length).toBeLessThan(300);
    expect(result.params.trees).toHaveLength(best);
    // Training loss kept falling while validation loss rose: the stop is about overfitting.
    expect(result.history.at(-1)!.trainLoss).toBeLessThan(result.history[best - 1]!.trainLoss);
  });

  it('returns scores of the kept trees, equal to the predictor’s', () => {
    const ensemble = loadTreeEnsemble(result.params);
    expect(Array.from(ensemble.predictRawColumns(validation.columns))).toEqual(Array.from(result.validationRaw!));
    expect(Array.from(ensemble.predictRawColumns(train.columns))).toEqual(Array.from(result.trainingRaw));
  });

  it('validation data shape neither the bins nor the trees, only where training stops', () => {
    const other = synthetic(800, 4, 33, (x) => (x[1]! > 0 ? 1 : 0));
    const stoppedElsewhere = trainGradientBoostedTrees(train.columns, train.labels, { ...options, rounds: 30, earlyStoppingRounds: 30 }, other);
    const unvalidated = trainGradientBoostedTrees(train.columns, train.labels, { ...options, rounds: 30 });
    expect(unvalidated.bestIteration).toBe(30);
    expect(unvalidated.history.every((h) => h.validationLoss === null)).toBe(true);
    const n = Math.min(stoppedElsewhere.params.trees.length, result.params.trees.length);
    expect(n).toBeGreaterThan(0);
    expect(stoppedElsewhere.params.trees.slice(0, n)).toEqual(unvalidated.params.trees.slice(0, n));
    expect(result.params.trees.slice(0, n)).toEqual(unvalidated.params.trees.slice(0, n));
  });
});
