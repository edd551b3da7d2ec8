// An independent check: a naive exact-greedy booster (every threshold of every feature tried by
// sorting the node's rows, sums taken row by row, trees grown depth-first by recursion, no
// histograms, bins, subtraction or partitioning). When every feature has at most maxBins distinct
// values, histogram boosting must find the same trees, so both must give the same scores.
import { describe, expect, it } from 'vitest';
import { trainGradientBoostedTrees } from '../src/index.ts';
import { seededRandom } from '../src/gbdt/seeded-random.ts';

interface Limits {
  maxDepth: number;
  lambda: number;
  learningRate: number;
  minSamplesLeaf: number;
  minChildWeight: number;
}

type NaiveNode = { leaf: number } | { feature: number; threshold: number; left: NaiveNode; right: NaiveNode };

function naiveTree(x: number[][], g: number[], h: number[], rows: number[], depth: number, limits: Limits): NaiveNode {
  const sum = (values: number[], subset: number[]) => subset.reduce((s, r) => s + values[r]!, 0);
  const G = sum(g, rows);
  const H = sum(h, rows);
  let best: { gain: number; feature: number; threshold: number } | null = null;
  if (depth < limits.maxDepth) {
    for (let f = 0; f < x[0]!.length; f++) {
      const values = [...new Set(rows.map((r) => x[r]![f]!))].sort((a, b) => a - b);
      for (let k = 0; k + 1 < values.length; k++) {
        const left = rows.filter((r) => x[r]![f]! <= values[k]!);
        const gl = sum(g, left);
        const hl = sum(h, left);
        const cl = left.length;
        if (cl < limits.minSamplesLeaf || rows.length - cl < limits.minSamplesLeaf) continue;
        if (hl < limits.minChildWeight || H - hl < limits.minChildWeight) continue;
        const gain = 0.5 * ((gl * gl) / (hl + limits.lambda) + ((G - gl) * (G - gl)) / (H - hl + limits.lambda) - (G * G) / (H + limits.lambda));
        if (gain > 0 && (best === null || gain > best.gain)) best = { gain, feature: f, threshold: values[k]! };
      }
    }
  }
  if (best === null) return { leaf: (-limits.learningRate * G) / (H + limits.lambda) };
  const { feature, threshold } = best;
  return {
    feature,
    threshold,
    left: naiveTree(x, g, h, rows.filter((r) => x[r]![feature]! <= threshold), depth + 1, limits),
    right: naiveTree(x, g, h, rows.filter((r) => x[r]![feature]! > threshold), depth + 1, limits),
  };
}

function naiveValue(node: NaiveNode, row: number[]): number {
  while (!('leaf' in node)) node = row[node.feature]! <= node.threshold ? node.left : node.right;
  return node.leaf;
}

function naiveBoost(x: number[][], y: number[], objective: 'binary' | 'regression', rounds: number, limits: Limits): { raw: number[]; leaves: number[] } {
  const mean = y.reduce((s, v) => s + v, 0) / y.length;
  const raw = y.map(() => (objective === 'binary' ? Math.log(mean / (1 - mean)) : mean));
  const leaves: number[] = [];
  const rows = y.map((_, r) => r);
  for (let t = 0; t < rounds; t++) {
    const p = raw.map((z) => 1 / (1 + Math.exp(-z)));
    const g = objective === 'binary' ? p.map((pr, r) => pr - y[r]!) : raw.map((z, r) => z - y[r]!);
    const h = objective === 'binary' ? p.map((pr) => Math.max(pr * (1 - pr), 1e-16)) : raw.map(() => 1);
    const tree = naiveTree(x, g, h, rows, 0, limits);
    const count = (node: NaiveNode): number => ('leaf' in node ? 1 : count(node.left) + count(node.right));
    leaves.push(count(tree));
    for (let r = 0; r < raw.length; r++) raw[r]! += naiveValue(tree, x[r]!);
  }
  return { raw, leaves };
}

describe('gbdt against a naive exact-greedy booster', () => {
  for (const objective of ['binary', 'regression'] as const) {
    it(`${objective}: same trees, same scores`, () => {
      const random = seededRandom(objective === 'binary' ? 51 : 52);
      const rows = 240; // at most 255 distinct values per feature: one bin per value
      const x = Array.from({ length: rows }, () => [random(), random(), Math.floor(random() * 12), random()]);
      const y = x.map(([a, b, c]) => {
        const signal = Math.sin(6 * a!) + (c! > 5 ? 0.8 : -0.4) * b! + 0.6 * (random() - 0.5);
        return objective === 'binary' ? (signal > 0 ? 1 : 0) : signal;
      });
      const limits: Limits = { maxDepth: 3, lambda: 0.7, learningRate: 0.3, minSamplesLeaf: 4, minChildWeight: 0.01 };
      const rounds = 8;
      const reference = naiveBoost(x, y, objective, rounds, limits);

      const columns = [0, 1, 2, 3].map((f) => Float64Array.from(x, (row) => row[f]!));
      const result = trainGradientBoostedTrees(columns, Float64Array.from(y), { objective, rounds, ...limits });
      expect(result.params.trees.map((tree) => tree.left.filter((l) => l === -1).length)).toEqual(reference.leaves);
      expect(reference.leaves.some((n) => n >= 6)).toBe(true); // real trees, not stumps
      for (let r = 0; r < rows; r++) expect(result.trainingRaw[r], `row ${r}`).toBeCloseTo(reference.raw[r]!, 10);
    });
  }
});
