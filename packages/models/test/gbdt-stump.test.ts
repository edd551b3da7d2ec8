// One tree of depth 1 on data small enough to compute by hand from the gradient and hessian sums.
import { describe, expect, it } from 'vitest';
import { loadTreeEnsemble, trainGradientBoostedTrees } from '../src/index.ts';

const exact = { minSamplesLeaf: 1, minChildWeight: 0, maxDepth: 1, rounds: 1 } as const;

describe('gbdt stump, computed by hand', () => {
  it('binary: picks the split with the largest ½[G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)] and leaf values −η·G/(H+λ)', () => {
    // Prior 4/8 → baseScore 0, p = ½ for every row: g = ½ − y = ±½, h = ¼. G = 0, H = 2, λ = 1.
    // With the first k rows left, G_L is 0.5, 1, 0.5, 1, 1.5, 1, 0.5 (k = 1..7), H_L = k/4, G_R = −G_L:
    // gain_k = ½·G_L²·(4/(k+4) + 4/(12−k)); k = 5 wins with ½·2.25·(4/9 + 4/7) = 8/7
    // (next best k = 2 and 6 with 8/15). Left leaf: −1.5/(1.25+1) = −2/3, right: 1.5/(0.75+1) = 6/7.
    const x = Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    const y = Float64Array.of(0, 0, 1, 0, 0, 1, 1, 1);
    const { params, trainingRaw } = trainGradientBoostedTrees([x], y, { objective: 'binary', learningRate: 1, lambda: 1, ...exact });
    expect(params.baseScore).toBe(0);
    expect(params.trees).toHaveLength(1);
    const tree = params.trees[0]!;
    expect(tree.left[0]).not.toBe(-1);
    expect(tree.feature[0]).toBe(0);
    expect(tree.threshold[0]).toBe(5.5); // midway between 5 and 6, a float32 value
    const left = tree.left[0]!;
    const right = tree.right[0]!;
    expect(tree.value[left]).toBeCloseTo(-2 / 3, 14);
    expect(tree.value[right]).toBeCloseTo(6 / 7, 14);
    expect(tree.left[left]).toBe(-1);
    expect(tree.left[right]).toBe(-1);
    expect(Array.from(trainingRaw)).toEqual([0, 0, 0, 0, 0, 1, 1, 1].map((r) => tree.value[r ? right : left]!));
  });

  it('binary: learning rate scales the leaf values and λ shrinks them', () => {
    const x = Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    const y = Float64Array.of(0, 0, 1, 0, 0, 1, 1, 1);
    const { params } = trainGradientBoostedTrees([x], y, { objective: 'binary', learningRate: 0.3, lambda: 0.5, ...exact });
    const tree = params.trees[0]!;
    // λ = 0.5 keeps k = 5 best (½·2.25·(1/1.75 + 1/1.25) = 1.5429 vs k = 2: ½·(1/1 + 1/2) = 0.75).
    expect(tree.threshold[0]).toBe(5.5);
    expect(tree.value[tree.left[0]!]).toBeCloseTo((-0.3 * 1.5) / (1.25 + 0.5), 14);
    expect(tree.value[tree.right[0]!]).toBeCloseTo((0.3 * 1.5) / (0.75 + 0.5), 14);
  });

  it('regression: baseScore is the mean, and with λ = 0, η = 1 the leaves reach each side’s mean', () => {
    // mean 6.25, g = 6.25 − y = 5.25, 4.25, −3.75, −5.75; h = 1. Gains (λ = 0): k=1: ½(5.25² + 5.25²/3) = 18.375,
    // k=2: ½(9.5²/2 + 9.5²/2) = 45.125, k=3: ½(5.75²/3 + 5.75²) = 22.04. Leaves −9.5/2, +9.5/2.
    const x = Float64Array.of(4, 1, 3, 2); // unsorted on purpose
    const y = Float64Array.of(12, 1, 10, 2);
    const { params, trainingRaw } = trainGradientBoostedTrees([x], y, { objective: 'regression', learningRate: 1, lambda: 0, ...exact });
    expect(params.baseScore).toBe(6.25);
    const tree = params.trees[0]!;
    expect(tree.threshold[0]).toBe(2.5);
    expect(tree.value[tree.left[0]!]).toBe(-4.75);
    expect(tree.value[tree.right[0]!]).toBe(4.75);
    expect(Array.from(trainingRaw)).toEqual([11, 1.5, 11, 1.5]);
    expect(loadTreeEnsemble(params).predictRaw(Float64Array.of(2.4))).toBe(1.5);
    expect(loadTreeEnsemble(params).predictRaw(Float64Array.of(2.6))).toBe(11);
  });

  it('respects minSamplesLeaf and minChildWeight when choosing the split', () => {
    const x = Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    const y = Float64Array.of(0, 0, 1, 0, 0, 1, 1, 1);
    // With at least 4 rows per side only k = 4 is allowed.
    const bySamples = trainGradientBoostedTrees([x], y, { objective: 'binary', ...exact, minSamplesLeaf: 4 }).params.trees[0]!;
    expect(bySamples.threshold[0]).toBe(4.5);
    // Hessian ≥ 0.76 per side (h = ¼ per row) means ≥ 4 rows too.
    const byWeight = trainGradientBoostedTrees([x], y, { objective: 'binary', ...exact, minChildWeight: 0.76 }).params.trees[0]!;
    expect(byWeight.threshold[0]).toBe(4.5);
    // ≥ 5 rows per side is impossible: the tree stays a single leaf with −η·G/(H+λ) = 0.
    const none = trainGradientBoostedTrees([x], y, { objective: 'binary', ...exact, minSamplesLeaf: 5 }).params.trees[0]!;
    expect(none).toEqual({ feature: [0], threshold: [0], left: [-1], right: [-1], value: [0] });
  });

  it('minSplitGain (γ) rejects splits that gain no more than it', () => {
    const x = Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    const y = Float64Array.of(0, 0, 1, 0, 0, 1, 1, 1);
    const kept = trainGradientBoostedTrees([x], y, { objective: 'binary', ...exact, minSplitGain: 1.14 }).params.trees[0]!;
    expect(kept.left[0]).not.toBe(-1); // best gain 8/7 = 1.1429 > 1.14
    const rejected = trainGradientBoostedTrees([x], y, { objective: 'binary', ...exact, minSplitGain: 1.15 }).params.trees[0]!;
    expect(rejected.left).toEqual([-1]);
  });
});
