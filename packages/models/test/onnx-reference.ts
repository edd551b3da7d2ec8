// Test helpers for the onnx tests: the contract's definitions written out directly (the
// reference the runtime is compared with), a seeded generator, and input builders.
import type { LogisticModelParams, TreeEnsembleParams } from '../src/onnx/exported-params.ts';

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** MODELS-CONTRACT.md: P(up) = sigmoid(intercept + Σ weights[i] * (x[i] - mean[i]) / scale[i]). */
export function referenceLogistic(params: LogisticModelParams, row: ArrayLike<number>): number {
  let z = params.intercept;
  for (let i = 0; i < params.weights.length; i += 1) z += (params.weights[i]! * (row[i]! - params.mean[i]!)) / params.scale[i]!;
  return sigmoid(z);
}

/** MODELS-CONTRACT.md: raw = baseScore + Σ leaf values; left when x[feature] <= threshold. */
export function referenceRaw(params: TreeEnsembleParams, row: ArrayLike<number>): number {
  let raw = params.baseScore;
  for (const tree of params.trees) {
    let i = 0;
    while (tree.left[i] !== -1) i = row[tree.feature[i]!]! <= tree.threshold[i]! ? tree.left[i]! : tree.right[i]!;
    raw += tree.value[i]!;
  }
  return raw;
}

export function referenceTreeEnsemble(params: TreeEnsembleParams, row: ArrayLike<number>): number {
  const raw = referenceRaw(params, row);
  return params.objective === 'binary' ? sigmoid(raw) : raw;
}

/** mulberry32: small, seeded, the same sequence on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** The next float32 above x (x a finite float32 value). */
export function nextFloat32Up(x: number): number {
  const buffer = new Float32Array([x]);
  const bits = new Int32Array(buffer.buffer);
  if (x === 0) return 1.401298464324817e-45;
  bits[0]! += x > 0 ? 1 : -1;
  return buffer[0]!;
}

/** Rows as float32-representable numbers, so the float64 reference sees exactly what onnxruntime sees. */
export function toColumns(rows: number[][], width: number): Float64Array[] {
  return Array.from({ length: width }, (_, f) => Float64Array.from(rows, (row) => row[f]!));
}

export function toRowMajor(rows: number[][]): Float32Array {
  return Float32Array.from(rows.flat());
}

/** A row is float32-representable when each entry survives Math.fround unchanged. */
export function float32Row(values: number[]): number[] {
  return values.map((v) => Math.fround(v));
}
