import { describe, expect, it } from 'vitest';
import {
  applyStandardScaler,
  fitStandardScaler,
  loadModel,
  LogisticModel,
  logisticObjective,
  MODEL_KINDS,
  ModelInputError,
  modelKind,
  seededNormal,
  seededRandom,
  trainLogistic,
  type TrainingInput,
} from '../src/index.ts';
import { logisticHessian } from '../src/logistic/hessian.ts';

function allRows(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

/** Noisy data with a known direction: P(up) = σ(0.3 + 1.2 x0 − 0.8 x1), x2 irrelevant; columns on different scales. */
function noisyInput(n: number, seed: number): TrainingInput {
  const normal = seededNormal(seed);
  const uniform = seededRandom(seed + 1);
  const x0 = new Float64Array(n);
  const x1 = new Float64Array(n);
  const x2 = new Float64Array(n);
  const labels = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x0[i] = normal();
    x1[i] = 50 + 10 * normal();
    x2[i] = normal() * 0.001;
    const eta = 0.3 + 1.2 * x0[i]! - 0.8 * ((x1[i]! - 50) / 10);
    labels[i] = uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  }
  return { featureNames: ['x0', 'x1', 'x2'], columns: [x0, x1, x2], labels, rows: allRows(n), task: 'binary', seed: 0 };
}

describe('logistic objective', () => {
  it('gradient matches central finite differences', () => {
    const input = noisyInput(200, 11);
    const z = applyStandardScaler(fitStandardScaler(input.columns, input.rows), input.columns);
    const l2 = 0.05;
    const point = [0.2, -0.4, 0.7, 0.1]; // [b, w0, w1, w2]
    const { gradient } = logisticObjective(z, input.labels, l2, point[0]!, point.slice(1));
    const step = 1e-6;
    for (let k = 0; k < point.length; k++) {
      const up = [...point];
      const down = [...point];
      up[k]! += step;
      down[k]! -= step;
      const lossUp = logisticObjective(z, input.labels, l2, up[0]!, up.slice(1)).loss;
      const lossDown = logisticObjective(z, input.labels, l2, down[0]!, down.slice(1)).loss;
      expect(gradient[k], `component ${k}`).toBeCloseTo((lossUp - lossDown) / (2 * step), 7);
    }
  });
});

describe('trainLogistic (Newton/IRLS)', () => {
  it('matches the hand-derived optimum: one binary feature without penalty gives each group its own rate', () => {
    // x = 0: 3 ups of 10; x = 1: 8 ups of 10. The unpenalized MLE of a saturated model is the group rates.
    const x = Float64Array.from({ length: 20 }, (_, i) => (i < 10 ? 0 : 1));
    const labels = Float64Array.from({ length: 20 }, (_, i) => (i < 3 || (i >= 10 && i < 18) ? 1 : 0));
    const model = trainLogistic({ featureNames: ['x'], columns: [x], labels, rows: allRows(20), task: 'binary', seed: 0 }, { l2: 0, tolerance: 1e-12 });
    expect(model.predictRow(Float64Array.of(0)).score).toBeCloseTo(0.3, 10);
    expect(model.predictRow(Float64Array.of(1)).score).toBeCloseTo(0.8, 10);
    // In raw units: intercept = logit(0.3), slope = logit(0.8) − logit(0.3).
    const { weights, scale, mean, intercept } = model.serialize();
    const slope = weights[0]! / scale[0]!;
    expect(slope).toBeCloseTo(Math.log(0.8 / 0.2) - Math.log(0.3 / 0.7), 9);
    expect(intercept - slope * mean[0]!).toBeCloseTo(Math.log(0.3 / 0.7), 9);
    expect(model.diagnostics!.converged).toBe(true);
  });

  it('with L2 stops where the penalized gradient is ≈ 0; the loss falls at every step', () => {
    const input = noisyInput(2000, 12);
    const l2 = 0.01;
    const model = trainLogistic(input, { l2, tolerance: 1e-10 });
    const params = model.serialize();
    const z = applyStandardScaler({ mean: Float64Array.from(params.mean), scale: Float64Array.from(params.scale) }, input.columns);
    const { gradient } = logisticObjective(z, input.labels, l2, params.intercept, params.weights);
    for (const g of gradient) expect(Math.abs(g)).toBeLessThan(1e-9);
    const history = model.diagnostics!.lossHistory;
    expect(history.length).toBeGreaterThanOrEqual(3);
    for (let k = 1; k < history.length; k++) expect(history[k]!, `step ${k}`).toBeLessThan(history[k - 1]!);
    // It learned the planted direction (raw-unit slopes 1.2 and −0.08) and little of the irrelevant x2.
    expect(params.weights[0]! / params.scale[0]!).toBeGreaterThan(0.8);
    expect(params.weights[1]! / params.scale[1]!).toBeLessThan(-0.04);
    expect(Math.abs(params.weights[2]!)).toBeLessThan(Math.abs(params.weights[0]!) / 5);
  });

  it('more L2 shrinks the weights but never the intercept toward 0.5 (the intercept is not penalized)', () => {
    const input = noisyInput(1000, 13);
    input.labels.forEach((_, i) => {
      if (i % 4 !== 0) input.labels[i] = 1; // mostly ups
    });
    const heavy = trainLogistic(input, { l2: 1e4 }).serialize();
    const norm = Math.hypot(...heavy.weights);
    expect(norm).toBeLessThan(1e-3);
    const rate = input.labels.reduce((s, v) => s + v, 0) / input.labels.length;
    expect(1 / (1 + Math.exp(-heavy.intercept))).toBeCloseTo(rate, 3);
  });

  it('trains only on the given rows: changing any other row changes no parameter', () => {
    const input = noisyInput(600, 14);
    const train = Int32Array.from({ length: 400 }, (_, i) => i);
    const base = trainLogistic({ ...input, rows: train }).serialize();
    const columns = input.columns.map((c) => c.slice());
    const labels = input.labels.slice();
    for (let i = 400; i < 600; i++) {
      for (const column of columns) column[i] = column[i]! * 100 + 7;
      labels[i] = 1 - labels[i]!;
    }
    expect(trainLogistic({ ...input, columns, labels, rows: train }).serialize()).toEqual(base);
  });

  it('is deterministic: same data gives identical serialized params', () => {
    const a = trainLogistic(noisyInput(500, 15)).serialize();
    const b = trainLogistic(noisyInput(500, 15)).serialize();
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('serialize → load round-trips; predict, predictRow and the contract formula agree; confidence is P(predicted class)', () => {
    const input = noisyInput(300, 16);
    const model = trainLogistic(input);
    const params = JSON.parse(JSON.stringify(model.serialize()));
    const loaded = loadModel(params);
    expect(loaded).toBeInstanceOf(LogisticModel);
    const batch = model.predict(input.columns);
    const again = loaded.predict(input.columns);
    expect(Array.from(again.score)).toEqual(Array.from(batch.score));
    for (let i = 0; i < 300; i += 37) {
      const x = Float64Array.from(input.columns, (c) => c[i]!);
      let eta = params.intercept;
      for (let j = 0; j < 3; j++) eta += (params.weights[j] * (x[j]! - params.mean[j])) / params.scale[j];
      const p = 1 / (1 + Math.exp(-eta));
      const row = loaded.predictRow(x);
      expect(row.score).toBeCloseTo(p, 12);
      expect(row.value).toBe(p >= 0.5 ? 1 : 0);
      expect(row.confidence).toBeCloseTo(Math.max(p, 1 - p), 12);
      expect(row.confidence).toBeGreaterThanOrEqual(0.5);
      expect(row.confidence).toBeLessThanOrEqual(1);
      expect(batch.value[i]).toBe(row.value);
    }
    const subset = model.predict(input.columns, Int32Array.of(5, 2));
    expect(Array.from(subset.score)).toEqual([batch.score[5], batch.score[2]]);
  });

  it('the registry knows logistic and refuses unknown kinds', () => {
    expect(Object.keys(MODEL_KINDS)).toContain('logistic');
    expect(modelKind('logistic').tasks).toEqual(['binary']);
    expect(() => modelKind('random_forest')).toThrow(/unknown model kind "random_forest" \(known: logistic/);
    expect(() => loadModel({ kind: 'nope', featureNames: [] })).toThrow(ModelInputError);
    expect(() => modelKind('toString')).toThrow(/unknown model kind/);
  });

  it('rejects bad input and bad params with clear messages', () => {
    const input = noisyInput(50, 17);
    expect(() => trainLogistic({ ...input, rows: new Int32Array(0) })).toThrow(/empty dataset/);
    expect(() => trainLogistic({ ...input, task: 'regression' })).toThrow(/binary label/);
    const labels = input.labels.slice();
    labels[3] = 0.5;
    expect(() => trainLogistic({ ...input, labels })).toThrow(/row 3: a binary label must be 0 or 1/);
    const columns = input.columns.map((c) => c.slice());
    columns[1]![4] = Number.NaN;
    expect(() => trainLogistic({ ...input, columns })).toThrow(/row 4: features must be finite/);
    expect(() => trainLogistic(input, { l2: -1 })).toThrow(/l2 must be/);
    expect(() => trainLogistic(input, { L2: 1 } as never)).toThrow(/unknown logistic hyperparameter "L2" \(known: l2, tolerance, maxIterations\)/);
    expect(() => trainLogistic(input).predict([input.columns[0]!, input.columns[1]!.subarray(1), input.columns[2]!])).toThrow(/differ in length/);
    const params = trainLogistic(input).serialize();
    expect(() => loadModel({ ...params, weights: [1] } as never)).toThrow(/weights must have 3 numbers/);
    expect(() => loadModel({ ...params, scale: [1, 0, 1] } as never)).toThrow(/scale must be > 0/);
    expect(() => new LogisticModel(params).predictRow(Float64Array.of(1, 2))).toThrow(/expects 3 features, got 2/);
  });
});

describe('logisticHessian', () => {
  it.each([5, 6])('equals the textbook (1/n)·XᵀSX + λ·diag(0,1..1) (d = %i, a row count that is not a multiple of the block)', (d) => {
    const n = 1037;
    const normal = seededNormal(40);
    const z = Array.from({ length: d }, () => Float64Array.from({ length: n }, () => normal()));
    const s = Float64Array.from({ length: n }, () => 0.05 + 0.2 * Math.abs(normal()) / 3);
    const sSum = s.reduce((a, b) => a + b, 0);
    const m = d + 1;
    const hessian = new Float64Array(m * m);
    logisticHessian(z, s, sSum, 0.3, hessian);
    const x = (i: number, j: number) => (j === 0 ? 1 : z[j - 1]![i]!);
    for (let a = 0; a < m; a++) {
      for (let b = 0; b <= a; b++) {
        let expected = 0;
        for (let i = 0; i < n; i++) expected += s[i]! * x(i, a) * x(i, b);
        expected = expected / n + (a === b && a > 0 ? 0.3 : 0);
        expect(hessian[a * m + b], `H[${a}][${b}]`).toBeCloseTo(expected, 12);
      }
    }
  });
});
