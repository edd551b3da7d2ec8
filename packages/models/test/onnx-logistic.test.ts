import ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportLogisticToOnnx, OnnxModel } from '../src/index.ts';
import type { LogisticModelParams } from '../src/onnx/exported-params.ts';
import { float32Row, normal, referenceLogistic, seededRandom, toColumns, toRowMajor } from './onnx-reference.ts';

// Hand-chosen: one feature with a large level and small spread, one with a negative weight, one
// constant feature (scale 1 per the contract) and a non-zero intercept.
const params: LogisticModelParams = {
  kind: 'logistic',
  featureNames: ['returns', 'rsi_14', 'volume_ratio', 'constant'],
  mean: [0.0004, 52.5, 1.1, 3],
  scale: [0.012, 14.2, 0.35, 1],
  weights: [0.8, -0.45, 1.3, 0.25],
  intercept: -0.2,
};

function randomRows(count: number, seed: number): number[][] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => float32Row(params.mean.map((m, i) => m + params.scale[i]! * 2 * normal(random))));
}

describe('exportLogisticToOnnx served by onnxruntime-node', () => {
  let model: OnnxModel;
  beforeAll(async () => {
    model = await OnnxModel.load(exportLogisticToOnnx(params));
  });
  afterAll(async () => {
    await model.release();
  });

  it('has the contract signature: input features [N, 4], label and probabilities outputs', () => {
    expect(model.inputName).toBe('features');
    expect(model.inputWidth).toBe(4);
    expect(model.outputNames).toEqual(['label', 'probabilities']);
    expect(model.outputName).toBe('probabilities');
    expect(model.outputKind).toBe('probability');
  });

  it('gives P(up) of the contract formula within float32 rounding on 5,000 random rows', async () => {
    const rows = randomRows(5_000, 11);
    const predicted = await model.predictBatch(toColumns(rows, 4));
    let worst = 0;
    rows.forEach((row, r) => {
      worst = Math.max(worst, Math.abs(predicted[r]! - referenceLogistic(params, row)));
    });
    expect(worst).toBeLessThanOrEqual(1e-5);
    // The rows span both classes, so the comparison covers more than one saturated end.
    expect(Math.min(...predicted)).toBeLessThan(0.2);
    expect(Math.max(...predicted)).toBeGreaterThan(0.8);
  });

  it('reads column-major Float64Array columns and row-major Float32Array rows alike', async () => {
    const rows = randomRows(300, 12);
    const fromColumns = await model.predictBatch(toColumns(rows, 4));
    const fromRows = await model.predictBatch(toRowMajor(rows));
    expect(Array.from(fromRows)).toEqual(Array.from(fromColumns));
  });

  it('at the mean the probability is sigmoid(intercept), and the label output agrees with P > 0.5', async () => {
    const [atMean] = await model.predictBatch(toColumns([float32Row(params.mean)], 4));
    expect(atMean).toBeCloseTo(1 / (1 + Math.exp(0.2)), 6);

    const rows = randomRows(2_000, 13);
    const session = await ort.InferenceSession.create(exportLogisticToOnnx(params));
    const out = await session.run({ features: new ort.Tensor('float32', toRowMajor(rows), [rows.length, 4]) });
    const labels = out.label!.data as BigInt64Array;
    const probabilities = out.probabilities!.data as Float32Array;
    let checked = 0;
    rows.forEach((row, r) => {
      const p = referenceLogistic(params, row);
      expect(probabilities[2 * r]! + probabilities[2 * r + 1]!).toBeCloseTo(1, 6);
      if (Math.abs(p - 0.5) < 1e-5) return; // too close to call in float32
      expect(labels[r], `row ${r}: p = ${p}`).toBe(p > 0.5 ? 1n : 0n);
      checked += 1;
    });
    expect(checked).toBeGreaterThan(1_900);
    await session.release();
  });

  it('an empty batch gives no predictions', async () => {
    expect((await model.predictBatch(toColumns([], 4))).length).toBe(0);
  });
});
