import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { exportLogisticToOnnx, exportTreeEnsembleToOnnx, OnnxExportError, OnnxModel } from '../src/index.ts';
import type { LogisticModelParams, TreeEnsembleParams } from '../src/onnx/exported-params.ts';
import { sigmoid } from './onnx-reference.ts';

const logistic: LogisticModelParams = {
  kind: 'logistic',
  featureNames: ['a', 'b'],
  mean: [0.1, 20],
  scale: [0.02, 5],
  weights: [1.5, -0.25],
  intercept: 0.3,
};
const stump = { feature: [0, 0, 0], threshold: [0.5, 0, 0], left: [1, -1, -1], right: [2, -1, -1], value: [0, -0.2, 0.3] };
const ensemble: TreeEnsembleParams = { kind: 'gbdt', featureNames: ['a', 'b'], objective: 'binary', baseScore: -0.1, trees: [stump, { ...stump, feature: [1, 0, 0], threshold: [18, 0, 0] }] };

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('determinism: same parameters, same bytes (a stable artifact checksum)', () => {
  it('logistic', () => {
    const first = exportLogisticToOnnx(logistic);
    // A fresh object from JSON (as an artifact loaded back would be) with keys in another order.
    const reordered: LogisticModelParams = { intercept: 0.3, weights: [1.5, -0.25], scale: [0.02, 5], mean: [0.1, 20], featureNames: ['a', 'b'], kind: 'logistic' };
    expect(sha256(exportLogisticToOnnx(clone(logistic)))).toBe(sha256(first));
    expect(sha256(exportLogisticToOnnx(reordered))).toBe(sha256(first));
    expect(sha256(exportLogisticToOnnx({ ...logistic, intercept: 0.31 }))).not.toBe(sha256(first));
  });

  it('tree ensembles, both objectives', () => {
    for (const objective of ['binary', 'regression'] as const) {
      const params = { ...ensemble, objective };
      const first = exportTreeEnsembleToOnnx(params);
      expect(Buffer.from(exportTreeEnsembleToOnnx(clone(params))).equals(Buffer.from(first)), objective).toBe(true);
      const changed = clone(params);
      changed.trees[1]!.value[2] = 0.31;
      expect(sha256(exportTreeEnsembleToOnnx(changed)), objective).not.toBe(sha256(first));
    }
  });
});

describe('bad parameters fail at export with the field named', () => {
  function exportError(run: () => unknown): string {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(OnnxExportError);
      return (error as Error).message;
    }
    throw new Error('expected an OnnxExportError, the export succeeded');
  }

  it('logistic', () => {
    const cases: Array<[Partial<LogisticModelParams> | Record<string, unknown>, string]> = [
      [{ kind: 'gbdt' }, "expected logistic parameters (kind 'logistic'), got kind gbdt"],
      [{ featureNames: [] }, 'logistic: featureNames must be a non-empty array'],
      [{ mean: [0.1] }, 'logistic.mean must be an array of 2 numbers (one per feature), got 1'],
      [{ weights: [1, NaN] }, 'logistic.weights[1] is not a finite number: NaN'],
      [{ scale: [0.02, 0] }, 'logistic.scale[1] is 0'],
      [{ intercept: Infinity }, 'logistic.intercept is not a finite number: Infinity'],
    ];
    for (const [change, message] of cases) {
      expect(exportError(() => exportLogisticToOnnx({ ...logistic, ...change } as LogisticModelParams))).toContain(message);
    }
  });

  it('tree ensembles', () => {
    const withTree = (tree: Partial<typeof stump>): TreeEnsembleParams => ({ ...ensemble, trees: [{ ...stump, ...tree }] });
    const cases: Array<[TreeEnsembleParams, string]> = [
      [{ ...ensemble, objective: 'ranking' as 'binary' }, "gbdt.objective must be 'binary' or 'regression', got ranking"],
      [{ ...ensemble, baseScore: NaN }, 'gbdt.baseScore is not a finite number: NaN'],
      [withTree({ left: [], right: [], feature: [], threshold: [], value: [] }), 'gbdt.trees[0] has no nodes'],
      [withTree({ value: [0, 1] }), 'gbdt.trees[0].value must have 3 entries (one per node)'],
      [withTree({ threshold: [0.1, 0, 0] }), 'gbdt.trees[0].threshold[0] = 0.1 is not float32-representable'],
      [withTree({ feature: [2, 0, 0] }), 'gbdt.trees[0].feature[0] = 2 is not a feature index in 0..1'],
      [withTree({ left: [1, -1, -1], right: [3, -1, -1] }), 'gbdt.trees[0].right[0] = 3 is not a node index in 1..2'],
      [withTree({ left: [1, -1, -1], right: [1, -1, -1] }), 'gbdt.trees[0]: node 1 is reached twice (not a tree)'],
      [withTree({ left: [1, 0, -1], right: [2, 2, -1] }), 'gbdt.trees[0].left[1] = 0 is not a node index in 1..2'],
      [{ ...ensemble, trees: [{ feature: [0, 0, 0, 0], threshold: [0.5, 0, 0, 0], left: [1, -1, -1, -1], right: [2, -1, -1, -1], value: [0, 1, 2, 3] }] }, 'gbdt.trees[0]: 1 node(s) are not reachable from the root'],
      [withTree({ value: [0, -0.2, Infinity] }), 'gbdt.trees[0].value[2] (leaf) is not a finite number: Infinity'],
    ];
    for (const [params, message] of cases) expect(exportError(() => exportTreeEnsembleToOnnx(params))).toContain(message);
  });

  it('an ensemble of no trees predicts from baseScore alone', async () => {
    // Boosting that stopped before the first tree (early stopping) is still a valid model.
    const classifier = await OnnxModel.load(exportTreeEnsembleToOnnx({ ...ensemble, baseScore: 0.3, trees: [] }));
    const regressor = await OnnxModel.load(exportTreeEnsembleToOnnx({ ...ensemble, objective: 'regression', baseScore: 0.3, trees: [] }));
    const rows = Float32Array.from([1, 2, -3, 40]);
    expect(Array.from(await classifier.predictBatch(rows)).map((p) => p.toFixed(6))).toEqual([sigmoid(0.3), sigmoid(0.3)].map((p) => p.toFixed(6)));
    expect(Array.from(await regressor.predictBatch(rows))).toEqual([Math.fround(0.3), Math.fround(0.3)]);
    await classifier.release();
    await regressor.release();
  });
});
