// Boosting as a whole: loss falling, nonlinear targets learned, limits respected, determinism.
import { describe, expect, it } from 'vitest';
import { loadTreeEnsemble, trainGradientBoostedTrees } from '../src/index.ts';
import { accuracy, leafDepths, leafOf, synthetic } from './gbdt-fixtures.ts';

/** Least-squares linear fit y ≈ a + b·x0 + c·x1 (normal equations), the best a linear score can do. */
function linearScores(columns: Float64Array[], labels: Float64Array): Float64Array {
  const n = labels.length;
  const X = (r: number) => [1, columns[0]![r]!, columns[1]![r]!];
  const A = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  const v = [0, 0, 0];
  for (let r = 0; r < n; r++) {
    const x = X(r);
    for (let i = 0; i < 3; i++) {
      v[i]! += x[i]! * labels[r]!;
      for (let j = 0; j < 3; j++) A[i]![j]! += x[i]! * x[j]!;
    }
  }
  // Gaussian elimination on the 3×3 system.
  for (let i = 0; i < 3; i++) {
    for (let k = i + 1; k < 3; k++) {
      const m = A[k]![i]! / A[i]![i]!;
      for (let j = i; j < 3; j++) A[k]![j]! -= m * A[i]![j]!;
      v[k]! -= m * v[i]!;
    }
  }
  const w = [0, 0, 0];
  for (let i = 2; i >= 0; i--) {
    let s = v[i]!;
    for (let j = i + 1; j < 3; j++) s -= A[i]![j]! * w[j]!;
    w[i] = s / A[i]![i]!;
  }
  return Float64Array.from({ length: n }, (_, r) => w[0]! + w[1]! * columns[0]![r]! + w[2]! * columns[1]![r]!);
}

describe('gbdt training', () => {
  it('training loss falls round by round', () => {
    const { columns, labels } = synthetic(3000, 4, 1, (x, noise) => (x[0]! * x[1]! + 0.5 * x[2]! + 0.4 * noise > 0 ? 1 : 0));
    const { history, initialTrainLoss } = trainGradientBoostedTrees(columns, labels, { objective: 'binary', rounds: 40, maxDepth: 3 });
    expect(history).toHaveLength(40);
    let previous = initialTrainLoss;
    for (const { round, trainLoss } of history) {
      expect(trainLoss, `round ${round}`).toBeLessThan(previous);
      previous = trainLoss;
    }
    expect(history.at(-1)!.trainLoss).toBeLessThan(0.6 * initialTrainLoss);
  });

  it('learns an XOR interaction that no linear score can separate', () => {
    const xor = (x: number[]) => ((x[0]! > 0) !== (x[1]! > 0) ? 1 : 0);
    const train = synthetic(4000, 3, 2, xor);
    const test = synthetic(2000, 3, 3, xor);
    const linear = linearScores(test.columns, test.labels);
    expect(accuracy(linear, test.labels, 0.5)).toBeLessThan(0.6);
    const { params } = trainGradientBoostedTrees(train.columns, train.labels, { objective: 'binary', rounds: 60, maxDepth: 2, learningRate: 0.3 });
    const probabilities = loadTreeEnsemble(params).predictProbabilityColumns(test.columns);
    expect(accuracy(probabilities, test.labels, 0.5)).toBeGreaterThan(0.97);
  });

  it('regression approximates a piecewise-constant target', () => {
    const step = (x: number[]) => (x[0]! < -0.5 ? -2 : x[0]! < 0.2 ? 1 : x[1]! > 0 ? 4 : 3);
    const train = synthetic(3000, 2, 4, (x, noise) => step(x) + 0.1 * noise);
    const test = synthetic(1000, 2, 5, (x) => step(x));
    const { params, history, initialTrainLoss } = trainGradientBoostedTrees(train.columns, train.labels, { objective: 'regression', rounds: 100, maxDepth: 3, learningRate: 0.2 });
    expect(history.at(-1)!.trainLoss).toBeLessThan(0.01 * initialTrainLoss);
    const predicted = loadTreeEnsemble(params).predictRawColumns(test.columns);
    let squared = 0;
    let far = 0;
    for (let r = 0; r < 1000; r++) {
      const error = predicted[r]! - test.labels[r]!;
      squared += error * error;
      if (Math.abs(error) > 0.5) far++; // only rows right at a step can be this far off
    }
    expect(Math.sqrt(squared / 1000)).toBeLessThan(0.15);
    expect(far).toBeLessThan(10);
  });

  it('respects maxDepth, maxLeaves and minSamplesLeaf', () => {
    const { columns, labels } = synthetic(2000, 3, 6, (x, noise) => (Math.sin(5 * x[0]!) + x[1]! * x[2]! + noise > 0 ? 1 : 0));
    const deep = trainGradientBoostedTrees(columns, labels, { objective: 'binary', rounds: 5, maxDepth: 4, minSamplesLeaf: 30 }).params;
    for (const tree of deep.trees) {
      expect(Math.max(...leafDepths(tree))).toBeLessThanOrEqual(4);
      const counts = new Map<number, number>();
      for (let r = 0; r < labels.length; r++) counts.set(leafOf(tree, columns, r), (counts.get(leafOf(tree, columns, r)) ?? 0) + 1);
      for (const count of counts.values()) expect(count).toBeGreaterThanOrEqual(30);
    }
    expect(Math.max(...deep.trees.flatMap(leafDepths))).toBe(4); // the limit is reached, not just respected
    for (const tree of deep.trees) expect(leafDepths(tree).length).toBeLessThanOrEqual(16);
    const narrow = trainGradientBoostedTrees(columns, labels, { objective: 'binary', rounds: 5, maxDepth: 6, maxLeaves: 5, minSamplesLeaf: 1 }).params;
    for (const tree of narrow.trees) expect(leafDepths(tree)).toHaveLength(5);
    // Leaf-wise growth with 5 leaves is free to go deeper than a balanced tree of 5 leaves would.
    expect(Math.max(...narrow.trees.flatMap(leafDepths))).toBeGreaterThan(2);
  });

  it('grows deep trees (maxDepth 30, leaves bounded by the rows) without allocating 2^30 nodes', () => {
    const { columns, labels } = synthetic(2000, 3, 9, (x, noise) => (x[0]! + noise > 0 ? 1 : 0));
    const { params, history, initialTrainLoss } = trainGradientBoostedTrees(columns, labels, { objective: 'binary', rounds: 2, maxDepth: 30, minSamplesLeaf: 1, minChildWeight: 0, lambda: 0.01, learningRate: 1 });
    for (const tree of params.trees) {
      expect(leafDepths(tree).length).toBeGreaterThan(64);
      expect(leafDepths(tree).length).toBeLessThanOrEqual(2000);
      expect(Math.max(...leafDepths(tree))).toBeGreaterThan(6);
    }
    expect(history.at(-1)!.trainLoss).toBeLessThan(0.2 * initialTrainLoss); // it memorises the noise
  });

  it('is deterministic for a seed, with row and column subsampling', () => {
    const { columns, labels } = synthetic(2000, 6, 7, (x, noise) => (x[0]! + x[3]! * x[4]! + noise > 0 ? 1 : 0));
    const options = { objective: 'binary' as const, rounds: 15, maxDepth: 4, subsample: 0.7, colsampleByTree: 0.5, seed: 42 };
    const first = JSON.stringify(trainGradientBoostedTrees(columns, labels, options).params);
    const second = JSON.stringify(trainGradientBoostedTrees(columns, labels, options).params);
    expect(second).toBe(first);
    const otherSeed = JSON.stringify(trainGradientBoostedTrees(columns, labels, { ...options, seed: 43 }).params);
    expect(otherSeed).not.toBe(first);
    // Column subsampling: a tree sees only 3 of the 6 features.
    const trees = trainGradientBoostedTrees(columns, labels, options).params.trees;
    for (const tree of trees) expect(new Set(tree.feature.filter((_, i) => tree.left[i] !== -1)).size).toBeLessThanOrEqual(3);
  });

  it('serialize → JSON → load → predict equals the trainer’s own predictions exactly', () => {
    const { columns, labels } = synthetic(3000, 5, 8, (x, noise) => (x[0]! * x[1]! - 0.3 * x[2]! + 0.5 * noise > 0 ? 1 : 0));
    const result = trainGradientBoostedTrees(columns, labels, { objective: 'binary', rounds: 30, maxDepth: 5, subsample: 0.8, seed: 3 });
    const params = JSON.parse(JSON.stringify(result.params));
    expect(params).toEqual(result.params);
    const ensemble = loadTreeEnsemble(params);
    expect(ensemble.serialize()).toEqual(result.params);
    const batch = ensemble.predictRawColumns(columns);
    let mismatches = 0;
    for (let r = 0; r < labels.length; r++) {
      if (batch[r] !== result.trainingRaw[r]) mismatches++;
      if (r % 10 === 0 && ensemble.predictRaw(Float64Array.from(columns, (c) => c[r]!)) !== result.trainingRaw[r]) mismatches++;
    }
    expect(mismatches).toBe(0);
    const p = ensemble.predictProbabilityColumns(columns);
    expect(p[0]).toBe(1 / (1 + Math.exp(-result.trainingRaw[0]!)));
  });
});
