import { describe, expect, it } from 'vitest';
import { exportLogisticToOnnx, exportTreeEnsembleToOnnx, OnnxModel } from '../src/index.ts';
import type { LogisticModelParams, TreeEnsembleParams } from '../src/onnx/exported-params.ts';
import { float32Row, nextFloat32Up, normal, referenceLogistic, referenceTreeEnsemble, seededRandom, toColumns } from './onnx-reference.ts';

type Tree = TreeEnsembleParams['trees'][number];
const MODELS = 200;

/** A random tree of depth <= maxDepth whose non-root nodes are numbered in a shuffled order. */
function randomTree(random: () => number, width: number, maxDepth: number, positiveLeaves: boolean): Tree {
  const nodes: Array<{ feature: number; threshold: number; left: number; right: number; value: number }> = [];
  const grow = (depth: number): number => {
    const id = nodes.length;
    nodes.push({ feature: 0, threshold: 0, left: -1, right: -1, value: 0 });
    if (depth < maxDepth && (depth === 0 || random() < 0.7)) {
      // Thresholds from a coarse grid now and then, so several splits share one and rows sit on it.
      const raw = random() < 0.3 ? Math.round(normal(random) * 4) / 4 : normal(random) * 2;
      nodes[id] = { ...nodes[id]!, feature: Math.floor(random() * width), threshold: Math.fround(raw) };
      nodes[id]!.left = grow(depth + 1);
      nodes[id]!.right = grow(depth + 1);
    } else {
      const value = normal(random) * 0.6;
      nodes[id]!.value = positiveLeaves ? Math.abs(value) : value;
    }
    return id;
  };
  grow(0);
  // Root stays 0 (the contract); every other node gets a shuffled index.
  const order = nodes.map((_, i) => i).slice(1);
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const newIndex = new Array<number>(nodes.length).fill(0);
  order.forEach((old, k) => (newIndex[old] = k + 1));
  const tree: Tree = { feature: [], threshold: [], left: [], right: [], value: [] };
  nodes.forEach((node, old) => {
    const at = newIndex[old]!;
    tree.feature[at] = node.feature;
    tree.threshold[at] = node.threshold;
    tree.left[at] = node.left === -1 ? -1 : newIndex[node.left]!;
    tree.right[at] = node.right === -1 ? -1 : newIndex[node.right]!;
    tree.value[at] = node.value;
  });
  return tree;
}

function randomEnsemble(random: () => number): TreeEnsembleParams {
  const width = 1 + Math.floor(random() * 6);
  const positiveLeaves = random() < 0.25; // onnxruntime's "all weights positive" path
  return {
    kind: 'gbdt',
    featureNames: Array.from({ length: width }, (_, i) => `f${i}`),
    objective: random() < 0.5 ? 'binary' : 'regression',
    baseScore: normal(random) * 0.5,
    trees: Array.from({ length: 1 + Math.floor(random() * 4) }, () => randomTree(random, width, 1 + Math.floor(random() * 3), positiveLeaves)),
  };
}

function ensembleRows(random: () => number, params: TreeEnsembleParams): number[][] {
  const width = params.featureNames.length;
  const randomRow = () => float32Row(Array.from({ length: width }, () => normal(random) * 2));
  const rows = Array.from({ length: 30 }, randomRow);
  for (const tree of params.trees) {
    tree.left.forEach((left, i) => {
      if (left === -1) return;
      for (const x of [tree.threshold[i]!, nextFloat32Up(tree.threshold[i]!)]) {
        const row = randomRow();
        row[tree.feature[i]!] = x;
        rows.push(row);
      }
    });
  }
  return rows;
}

function randomLogistic(random: () => number): LogisticModelParams {
  const width = 1 + Math.floor(random() * 8);
  return {
    kind: 'logistic',
    featureNames: Array.from({ length: width }, (_, i) => `f${i}`),
    mean: Array.from({ length: width }, () => normal(random) * 3),
    scale: Array.from({ length: width }, () => Math.exp((random() - 0.5) * 2 * Math.log(10))), // 0.1 … 10
    weights: Array.from({ length: width }, () => normal(random)),
    intercept: normal(random) * 0.5,
  };
}

describe(`randomized: ${MODELS} models of each kind against the reference predictor`, () => {
  it('tree ensembles (both objectives, shuffled node numbering, rows on every threshold)', async () => {
    const random = seededRandom(41);
    let worstProbability = 0;
    let worstValue = 0;
    let binaryModels = 0;
    let thresholdRows = 0;
    for (let m = 0; m < MODELS; m += 1) {
      const params = randomEnsemble(random);
      const rows = ensembleRows(random, params);
      thresholdRows += rows.length - 30;
      const model = await OnnxModel.load(exportTreeEnsembleToOnnx(params));
      const predicted = await model.predictBatch(toColumns(rows, params.featureNames.length));
      await model.release();
      rows.forEach((row, r) => {
        const expected = referenceTreeEnsemble(params, row);
        const difference = Math.abs(predicted[r]! - expected);
        if (params.objective === 'binary') worstProbability = Math.max(worstProbability, difference);
        // float32 leaf values and sums: relative rounding on the size of the value
        else worstValue = Math.max(worstValue, difference / (1 + Math.abs(expected)));
        if (difference > 1e-5) throw new Error(`model ${m} (${params.objective}) row ${r}: onnx ${predicted[r]} vs reference ${expected}; ${JSON.stringify(params)}`);
      });
      if (params.objective === 'binary') binaryModels += 1;
    }
    expect(worstProbability).toBeLessThanOrEqual(1e-5);
    expect(worstValue).toBeLessThanOrEqual(1e-6);
    expect(binaryModels).toBeGreaterThan(MODELS / 4);
    expect(binaryModels).toBeLessThan((3 * MODELS) / 4);
    expect(thresholdRows).toBeGreaterThan(MODELS * 4);
  });

  it('logistic models', async () => {
    const random = seededRandom(42);
    let worst = 0;
    for (let m = 0; m < MODELS; m += 1) {
      const params = randomLogistic(random);
      const rows = Array.from({ length: 50 }, () => float32Row(params.mean.map((mean, i) => mean + params.scale[i]! * 2 * normal(random))));
      const model = await OnnxModel.load(exportLogisticToOnnx(params));
      const predicted = await model.predictBatch(toColumns(rows, params.featureNames.length));
      await model.release();
      rows.forEach((row, r) => {
        const expected = referenceLogistic(params, row);
        const difference = Math.abs(predicted[r]! - expected);
        worst = Math.max(worst, difference);
        if (difference > 1e-5) throw new Error(`model ${m} row ${r}: onnx ${predicted[r]} vs reference ${expected}; ${JSON.stringify(params)}`);
      });
    }
    expect(worst).toBeLessThanOrEqual(1e-5);
  });
});
