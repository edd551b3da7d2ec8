import ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { exportTreeEnsembleToOnnx, OnnxModel } from '../src/index.ts';
import type { TreeEnsembleParams } from '../src/onnx/exported-params.ts';
import { attribute, encodeModel, mlNode, tensorValueInfo } from '../src/onnx/onnx-proto-builders.ts';
import { float32Row, nextFloat32Up, normal, referenceRaw, referenceTreeEnsemble, seededRandom, sigmoid, toColumns, toRowMajor } from './onnx-reference.ts';

const T03 = Math.fround(0.3); // a threshold float32 holds only approximately (0.30000001192…)

// Three hand-built trees of depth 2 over three features. Leaf values are far apart, so a row sent
// down the wrong branch misses by far more than float32 rounding. Tree 1 numbers its nodes out of
// breadth-first order (left child 2, right child 1) and is unbalanced.
const trees: TreeEnsembleParams['trees'] = [
  { feature: [0, 1, 2, 0, 0, 0, 0], threshold: [0.5, -1.25, T03, 0, 0, 0, 0], left: [1, 3, 5, -1, -1, -1, -1], right: [2, 4, 6, -1, -1, -1, -1], value: [0, 0, 0, 0.4, -0.2, 0.1, 0.9] },
  { feature: [1, 0, 0, 0, 0], threshold: [0.75, 1.5, 0, 0, 0], left: [2, 3, -1, -1, -1], right: [1, 4, -1, -1, -1], value: [0, 0, -0.3, 0.25, 0.6] },
  { feature: [2, 0, 0, 0, 0], threshold: [-0.5, 0, -2, 0, 0], left: [1, -1, 3, -1, -1], right: [2, -1, 4, -1, -1], value: [0, 0.15, 0, -0.55, 0.05] },
];
const featureNames = ['f0', 'f1', 'f2'];
const binary: TreeEnsembleParams = { kind: 'gbdt', featureNames, objective: 'binary', baseScore: 0.1, trees };
const regression: TreeEnsembleParams = { kind: 'gbdt', featureNames, objective: 'regression', baseScore: -0.35, trees };

function randomRows(count: number, seed: number): number[][] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => float32Row([normal(random) * 2, normal(random) * 2, normal(random) * 2]));
}

/** For every split: one row exactly at the threshold (must go left) and one a float32 step above (right). */
function thresholdRows(params: TreeEnsembleParams, seed: number): number[][] {
  const random = seededRandom(seed);
  const rows: number[][] = [];
  for (const tree of params.trees) {
    tree.left.forEach((left, i) => {
      if (left === -1) return;
      for (const x of [tree.threshold[i]!, nextFloat32Up(tree.threshold[i]!)]) {
        for (let k = 0; k < 20; k += 1) {
          const row = float32Row([normal(random) * 2, normal(random) * 2, normal(random) * 2]);
          row[tree.feature[i]!] = x;
          rows.push(row);
        }
      }
    });
  }
  return rows;
}

async function worstDifference(params: TreeEnsembleParams, rows: number[][]): Promise<number> {
  const model = await OnnxModel.load(exportTreeEnsembleToOnnx(params));
  try {
    const predicted = await model.predictBatch(toColumns(rows, params.featureNames.length));
    return rows.reduce((worst, row, r) => Math.max(worst, Math.abs(predicted[r]! - referenceTreeEnsemble(params, row))), 0);
  } finally {
    await model.release();
  }
}

describe('exportTreeEnsembleToOnnx served by onnxruntime-node', () => {
  it('binary: P(up) = sigmoid(baseScore + Σ leaves) within 1e-5 on 5,000 random rows', async () => {
    expect(await worstDifference(binary, randomRows(5_000, 21))).toBeLessThanOrEqual(1e-5);
  });

  it('regression: value = baseScore + Σ leaves within float32 rounding on 5,000 random rows', async () => {
    expect(await worstDifference(regression, randomRows(5_000, 22))).toBeLessThanOrEqual(1e-6);
  });

  it('x exactly at a threshold goes left, one float32 step above goes right (every split, both objectives)', async () => {
    for (const params of [binary, regression]) {
      const rows = thresholdRows(params, 23);
      expect(rows.length).toBe(2 * 20 * 7);
      expect(await worstDifference(params, rows), params.objective).toBeLessThanOrEqual(1e-6);
    }
  });

  it('a row worked through by hand: [0.5, -1.25, fround(0.3)] gives raw 0.1 + 0.4 - 0.3 + 0.05', async () => {
    const row = [0.5, -1.25, T03];
    expect(referenceRaw(binary, row)).toBeCloseTo(0.25, 12);
    const classifier = await OnnxModel.load(exportTreeEnsembleToOnnx(binary));
    const regressor = await OnnxModel.load(exportTreeEnsembleToOnnx(regression));
    const [p] = await classifier.predictBatch(toRowMajor([row]));
    const [value] = await regressor.predictBatch(toRowMajor([row]));
    expect(p).toBeCloseTo(sigmoid(0.25), 6);
    expect(value).toBeCloseTo(-0.35 + 0.4 - 0.3 + 0.05, 6);
    expect(classifier.outputKind).toBe('probability');
    expect(regressor.outputKind).toBe('value');
    expect(regressor.outputNames).toEqual(['value']);
    await classifier.release();
    await regressor.release();
  });

  // onnxruntime's binary TreeEnsembleClassifier treats "all leaf weights >= 0" differently from
  // mixed signs. These cases pin down what the exported graph outputs in each.
  describe.each([
    ['all leaf values positive, raw in (0, 0.5)', 0, [0.1, 0.3]],
    ['all leaf values positive, raw above 0.5', 0.2, [0.4, 1.6]],
    ['all leaf values negative', 0.1, [-0.3, -0.9]],
    ['mixed signs', -0.05, [-0.4, 0.45]],
    ['all zero', 0, [0, 0]],
  ] as const)('binary convention, %s', (_name, baseScore, [low, high]) => {
    const params: TreeEnsembleParams = {
      kind: 'gbdt',
      featureNames: ['x'],
      objective: 'binary',
      baseScore,
      trees: [{ feature: [0, 0, 0], threshold: [0, 0, 0], left: [1, -1, -1], right: [2, -1, -1], value: [0, low, high] }],
    };

    it('probabilities = [1 - sigmoid(raw), sigmoid(raw)] and label = 1 exactly when sigmoid(raw) > 0.5', async () => {
      const session = await ort.InferenceSession.create(exportTreeEnsembleToOnnx(params));
      const out = await session.run({ features: new ort.Tensor('float32', Float32Array.from([-1, 1]), [2, 1]) });
      const probabilities = out.probabilities!.data as Float32Array;
      const labels = out.label!.data as BigInt64Array;
      [baseScore + low, baseScore + high].forEach((raw, r) => {
        expect(probabilities[2 * r + 1], `row ${r} P(up)`).toBeCloseTo(sigmoid(raw), 6);
        expect(probabilities[2 * r], `row ${r} P(down)`).toBeCloseTo(1 - sigmoid(raw), 6);
        expect(labels[r], `row ${r} label, raw ${raw}`).toBe(raw > 0 ? 1n : 0n);
      });
      await session.release();
    });
  });

  it("the runtime's own label thresholds raw at 0.5 when all leaf values are positive (why the graph derives label itself)", async () => {
    const bytes = encodeModel({
      graphName: 'runtime_label',
      docString: '',
      metadata: {},
      nodes: [
        mlNode('TreeEnsembleClassifier', 'trees', ['features'], ['label', 'probabilities'], [
          attribute('nodes_treeids', 'ints', [0, 0, 0]),
          attribute('nodes_nodeids', 'ints', [0, 1, 2]),
          attribute('nodes_featureids', 'ints', [0, 0, 0]),
          attribute('nodes_modes', 'strings', ['BRANCH_LEQ', 'LEAF', 'LEAF']),
          attribute('nodes_values', 'floats', [0, 0, 0]),
          attribute('nodes_truenodeids', 'ints', [1, 0, 0]),
          attribute('nodes_falsenodeids', 'ints', [2, 0, 0]),
          attribute('class_treeids', 'ints', [0, 0]),
          attribute('class_nodeids', 'ints', [1, 2]),
          attribute('class_ids', 'ints', [0, 0]),
          attribute('class_weights', 'floats', [0.1, 0.3]),
          attribute('classlabels_int64s', 'ints', [0, 1]),
          attribute('base_values', 'floats', [0]),
          attribute('post_transform', 'string', 'LOGISTIC'),
        ]),
      ],
      inputs: [tensorValueInfo('features', 'float', ['N', 1])],
      outputs: [tensorValueInfo('label', 'int64', ['N']), tensorValueInfo('probabilities', 'float', ['N', 2])],
    });
    const session = await ort.InferenceSession.create(bytes);
    const out = await session.run({ features: new ort.Tensor('float32', Float32Array.from([-1, 1]), [2, 1]) });
    expect((out.probabilities!.data as Float32Array)[1]).toBeCloseTo(sigmoid(0.1), 6);
    // P(up) = 0.52 and 0.57, yet the runtime says class 0 for both.
    expect(Array.from(out.label!.data as BigInt64Array)).toEqual([0n, 0n]);
    await session.release();
  });
});
