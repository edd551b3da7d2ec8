import { describe, expect, it } from 'vitest';
import { assertOnnxInputWidth, exportLogisticToOnnx, exportTreeEnsembleToOnnx, inspectOnnx, OnnxModel, OnnxModelError } from '../src/index.ts';
import type { LogisticModelParams, TreeEnsembleParams } from '../src/onnx/exported-params.ts';
import { attribute, defaultNode, encodeModel, mlNode, tensorValueInfo } from '../src/onnx/onnx-proto-builders.ts';
import { seededRandom, sigmoid } from './onnx-reference.ts';

const logistic: LogisticModelParams = {
  kind: 'logistic',
  featureNames: ['a', 'b', 'c'],
  mean: [1, -2, 0.5],
  scale: [2, 0.5, 1],
  weights: [0.3, -0.7, 1.1],
  intercept: 0.05,
};
const regression: TreeEnsembleParams = {
  kind: 'gbdt',
  featureNames: ['a', 'b'],
  objective: 'regression',
  baseScore: 0.5,
  trees: [{ feature: [1, 0, 0], threshold: [0.25, 0, 0], left: [1, -1, -1], right: [2, -1, -1], value: [0, -0.1, 0.2] }],
};

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection, the call succeeded');
}

describe('inspectOnnx', () => {
  it('reports input, outputs, the output read and the zero-row prediction of an exported classifier', async () => {
    const report = await inspectOnnx(exportLogisticToOnnx(logistic));
    expect(report).toMatchObject({ inputName: 'features', inputWidth: 3, outputNames: ['label', 'probabilities'], outputName: 'probabilities', outputKind: 'probability' });
    const expected = sigmoid(0.05 + (0.3 * -1) / 2 + (-0.7 * 2) / 0.5 + (1.1 * -0.5) / 1);
    expect(report.zeroRowPrediction).toBeCloseTo(expected, 6);
  });

  it('reports a regressor with its value output', async () => {
    const report = await inspectOnnx(exportTreeEnsembleToOnnx(regression));
    expect(report).toMatchObject({ inputWidth: 2, outputNames: ['value'], outputName: 'value', outputKind: 'value' });
    expect(report.zeroRowPrediction).toBeCloseTo(0.5 - 0.1, 6);
  });

  it('refuses empty, random and truncated bytes with a clear error', async () => {
    const random = seededRandom(31);
    const garbage = Uint8Array.from({ length: 512 }, () => Math.floor(random() * 256));
    const valid = exportLogisticToOnnx(logistic);
    for (const [what, bytes] of [
      ['empty', new Uint8Array(0)],
      ['random bytes', garbage],
      ['truncated model', valid.subarray(0, Math.floor(valid.length / 2))],
    ] as const) {
      const error = await rejection(inspectOnnx(bytes));
      expect(error, what).toBeInstanceOf(OnnxModelError);
      expect(error.message, what).toMatch(what === 'empty' ? /bytes are empty/ : /not a loadable ONNX model/);
    }
  });

  it('refuses a model whose input width is not fixed', async () => {
    const bytes = encodeModel({
      graphName: 'symbolic_width',
      docString: '',
      metadata: {},
      nodes: [mlNode('Scaler', 's', ['features'], ['value'], [attribute('offset', 'floats', [0]), attribute('scale', 'floats', [1])])],
      inputs: [tensorValueInfo('features', 'float', ['N', 'width'])],
      outputs: [tensorValueInfo('value', 'float', ['N', 'width'])],
    });
    const error = await rejection(inspectOnnx(bytes));
    expect(error).toBeInstanceOf(OnnxModelError);
    expect(error.message).toContain("input 'features' must have shape [N, width] with a fixed width, it has [N, width]");
  });

  it('refuses a model with no per-row prediction output, naming what it has', async () => {
    // Identity over [N, 3]: loads and runs, but gives three numbers per row.
    const bytes = encodeModel({
      graphName: 'three_outputs_per_row',
      docString: '',
      metadata: {},
      nodes: [defaultNode('Identity', 'copy', ['features'], ['copy'], [])],
      inputs: [tensorValueInfo('features', 'float', ['N', 3])],
      outputs: [tensorValueInfo('copy', 'float', ['N', 3])],
    });
    const error = await rejection(inspectOnnx(bytes));
    expect(error).toBeInstanceOf(OnnxModelError);
    expect(error.message).toContain('no output gives one prediction per row');
    expect(error.message).toContain('copy float32 [1, 3]');
  });

  it('refuses a model that loads but whose zero-row output is not a probability', async () => {
    // Scaler with offset 5 and scale 1 over [N, 2] reads as "probabilities" of -5: not in [0, 1].
    const bytes = encodeModel({
      graphName: 'not_probabilities',
      docString: '',
      metadata: {},
      nodes: [mlNode('Scaler', 's', ['features'], ['probabilities'], [attribute('offset', 'floats', [5, 5]), attribute('scale', 'floats', [1, 1])])],
      inputs: [tensorValueInfo('features', 'float', ['N', 2])],
      outputs: [tensorValueInfo('probabilities', 'float', ['N', 2])],
    });
    const error = await rejection(inspectOnnx(bytes));
    expect(error).toBeInstanceOf(OnnxModelError);
    expect(error.message).toContain("output 'probabilities' gave -5 for a zero row, not a probability in [0, 1]");
  });
});

describe('assertOnnxInputWidth', () => {
  it('accepts a feature list as wide as the model input', async () => {
    const report = await assertOnnxInputWidth(exportLogisticToOnnx(logistic), ['a', 'b', 'c']);
    expect(report.inputWidth).toBe(3);
  });

  it('refuses a width mismatch, naming both numbers', async () => {
    const bytes = exportLogisticToOnnx(logistic);
    const wider = await rejection(assertOnnxInputWidth(bytes, ['a', 'b', 'c', 'd']));
    expect(wider).toBeInstanceOf(OnnxModelError);
    expect(wider.message).toBe("ONNX input 'features' takes 3 features but the feature list has 4 (a, b, c, d)");
    const narrower = await rejection(assertOnnxInputWidth(bytes, ['a', 'b']));
    expect(narrower.message).toBe("ONNX input 'features' takes 3 features but the feature list has 2 (a, b)");
  });

  it('refuses an empty or duplicated feature list before loading anything', async () => {
    const bytes = exportLogisticToOnnx(logistic);
    expect((await rejection(assertOnnxInputWidth(bytes, []))).message).toBe('the feature list is empty');
    expect((await rejection(assertOnnxInputWidth(bytes, ['a', 'b', 'a']))).message).toBe("the feature list names 'a' twice");
  });
});

describe('OnnxModel.predictBatch refuses input it cannot feed', () => {
  it('wrong number of columns, unequal columns, a non-finite value, a ragged row-major array', async () => {
    const model = await OnnxModel.load(exportLogisticToOnnx(logistic));
    try {
      const column = (values: number[]) => Float64Array.from(values);
      const cases: Array<[string, Float64Array[] | Float32Array, string]> = [
        ['two columns', [column([1]), column([2])], 'expected 3 feature columns, got 2'],
        ['unequal', [column([1, 2]), column([1]), column([1, 2])], 'feature column 1 must be a Float64Array of 2 rows'],
        ['NaN', [column([1, 2]), column([1, NaN]), column([1, 2])], 'row 1, feature 1: NaN is not a finite float32 value'],
        ['beyond float32', [column([1e39]), column([1]), column([1])], 'row 0, feature 0: 1e+39 is not a finite float32 value'],
        ['ragged rows', new Float32Array(7), 'row-major input has 7 numbers, not a multiple of the width 3'],
        ['infinite row value', Float32Array.from([0, 0, Infinity]), 'row 0, feature 2: Infinity is not finite'],
      ];
      for (const [what, input, message] of cases) {
        const error = await rejection(model.predictBatch(input));
        expect(error, what).toBeInstanceOf(OnnxModelError);
        expect(error.message, what).toContain(message);
      }
    } finally {
      await model.release();
    }
  });
});
