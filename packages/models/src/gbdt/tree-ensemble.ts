// The predictor of a serialized ensemble: checks the parameters once, keeps the trees as typed
// arrays and walks them over float64 rows or column-major batches. It is the reference the ONNX
// export is measured against, so it follows MODELS-CONTRACT.md literally: left when
// x[feature] <= threshold, raw = baseScore + Σ leaf values in tree order.

import { GbdtInputError } from './gbdt-input-error.ts';
import { sigmoid } from './objectives.ts';
import type { TreeEnsembleParams, TreeParams } from './tree-ensemble-params.ts';

interface CompiledTree {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
}

function fail(message: string): never {
  throw new GbdtInputError(`invalid tree ensemble: ${message}`);
}

function compileTree(tree: TreeParams, t: number, featureCount: number): CompiledTree {
  if (tree === null || typeof tree !== 'object') fail(`tree ${t} is not an object`);
  const n = tree.left?.length;
  if (!Number.isInteger(n) || n < 1) fail(`tree ${t} has no nodes`);
  for (const key of ['feature', 'threshold', 'left', 'right', 'value'] as const) {
    if (!Array.isArray(tree[key]) || tree[key].length !== n) fail(`tree ${t}: '${key}' must be an array of ${n} numbers`);
  }
  const compiled: CompiledTree = {
    feature: new Int32Array(n),
    threshold: new Float64Array(n),
    left: new Int32Array(n),
    right: new Int32Array(n),
    value: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const left = tree.left[i]!;
    const right = tree.right[i]!;
    if (left === -1) {
      if (right !== -1) fail(`tree ${t} node ${i}: a leaf needs right = -1 too`);
      if (!Number.isFinite(tree.value[i])) fail(`tree ${t} node ${i}: leaf value must be finite`);
      compiled.left[i] = -1;
      compiled.right[i] = -1;
      compiled.value[i] = tree.value[i]!;
      continue;
    }
    // Children must come after their parent: this rules out cycles, so every walk ends at a leaf.
    for (const child of [left, right]) {
      if (!Number.isInteger(child) || child <= i || child >= n) fail(`tree ${t} node ${i}: child ${child} must be a later node index below ${n}`);
    }
    const feature = tree.feature[i]!;
    if (!Number.isInteger(feature) || feature < 0 || feature >= featureCount) fail(`tree ${t} node ${i}: feature ${feature} out of range 0..${featureCount - 1}`);
    const threshold = tree.threshold[i]!;
    if (typeof threshold !== 'number' || Number.isNaN(threshold) || Math.fround(threshold) !== threshold) {
      fail(`tree ${t} node ${i}: threshold ${threshold} is not a float32-representable number`);
    }
    compiled.feature[i] = feature;
    compiled.threshold[i] = threshold;
    compiled.left[i] = left;
    compiled.right[i] = right;
  }
  return compiled;
}

function checkRow(row: Float64Array, featureCount: number): void {
  if (!(row instanceof Float64Array) || row.length !== featureCount) {
    throw new GbdtInputError(`a row must be a Float64Array of ${featureCount} features, got ${row instanceof Float64Array ? `length ${row.length}` : typeof row}`);
  }
  // NaN would silently take every right branch; missing values are to be skipped before prediction.
  for (let f = 0; f < featureCount; f++) if (Number.isNaN(row[f])) throw new GbdtInputError(`feature ${f} of the row is NaN`);
}

/** A loaded ensemble: checked once, then cheap to evaluate. */
export class TreeEnsemble {
  private readonly trees: CompiledTree[];

  private constructor(private readonly params: TreeEnsembleParams) {
    this.trees = params.trees.map((tree, t) => compileTree(tree, t, params.featureNames.length));
  }

  /** Checks the parameters (shape, indices, float32 thresholds, finite values) and compiles them. */
  static load(params: TreeEnsembleParams): TreeEnsemble {
    if (params === null || typeof params !== 'object' || params.kind !== 'gbdt') fail(`kind must be 'gbdt'`);
    if (params.objective !== 'binary' && params.objective !== 'regression') fail(`objective must be 'binary' or 'regression'`);
    if (!Array.isArray(params.featureNames) || params.featureNames.length < 1 || params.featureNames.some((name) => typeof name !== 'string')) {
      fail('featureNames must be a non-empty array of strings');
    }
    if (!Number.isFinite(params.baseScore)) fail('baseScore must be a finite number');
    if (!Array.isArray(params.trees)) fail('trees must be an array');
    return new TreeEnsemble(structuredClone(params));
  }

  get featureNames(): readonly string[] {
    return this.params.featureNames;
  }

  get objective(): TreeEnsembleParams['objective'] {
    return this.params.objective;
  }

  /** The parameters as MODELS-CONTRACT.md defines them (a copy the caller may keep or change). */
  serialize(): TreeEnsembleParams {
    return structuredClone(this.params);
  }

  /** baseScore + Σ leaf values for one row. */
  predictRaw(row: Float64Array): number {
    checkRow(row, this.params.featureNames.length);
    let raw = this.params.baseScore;
    for (const tree of this.trees) {
      let node = 0;
      while (tree.left[node] !== -1) node = row[tree.feature[node]!]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
      raw += tree.value[node]!;
    }
    return raw;
  }

  /** P(y = 1) for one row; binary objective only. */
  predictProbability(row: Float64Array): number {
    this.requireBinary();
    return sigmoid(this.predictRaw(row));
  }

  /** Raw scores of a column-major batch (one Float64Array per feature, all of the same length). */
  predictRawColumns(columns: readonly Float64Array[]): Float64Array {
    const featureCount = this.params.featureNames.length;
    if (!Array.isArray(columns) || columns.length !== featureCount) throw new GbdtInputError(`expected ${featureCount} feature columns, got ${Array.isArray(columns) ? columns.length : typeof columns}`);
    const rows = columns[0]!.length;
    columns.forEach((column, f) => {
      if (!(column instanceof Float64Array) || column.length !== rows) throw new GbdtInputError(`column ${f} must be a Float64Array of ${rows} rows`);
      for (let r = 0; r < rows; r++) if (Number.isNaN(column[r])) throw new GbdtInputError(`column ${f} is NaN at row ${r}`);
    });
    const out = new Float64Array(rows).fill(this.params.baseScore);
    // Tree by tree keeps one tree's arrays hot in cache across the whole batch; the sum per row is
    // still in tree order, so results equal predictRaw bit for bit.
    for (const tree of this.trees) {
      const { feature, threshold, left, right, value } = tree;
      for (let r = 0; r < rows; r++) {
        let node = 0;
        while (left[node] !== -1) node = columns[feature[node]!]![r]! <= threshold[node]! ? left[node]! : right[node]!;
        out[r]! += value[node]!;
      }
    }
    return out;
  }

  /** P(y = 1) for a column-major batch; binary objective only. */
  predictProbabilityColumns(columns: readonly Float64Array[]): Float64Array {
    this.requireBinary();
    const out = this.predictRawColumns(columns);
    for (let r = 0; r < out.length; r++) out[r] = sigmoid(out[r]!);
    return out;
  }

  private requireBinary(): void {
    if (this.params.objective !== 'binary') throw new GbdtInputError(`probabilities need the 'binary' objective; this ensemble is '${this.params.objective}'`);
  }
}

export function loadTreeEnsemble(params: TreeEnsembleParams): TreeEnsemble {
  return TreeEnsemble.load(params);
}

/** Raw score of one row (loads the parameters each call; keep a TreeEnsemble for many rows). */
export function predictRaw(params: TreeEnsembleParams, row: Float64Array): number {
  return TreeEnsemble.load(params).predictRaw(row);
}

/** P(y = 1) of one row under a 'binary' ensemble. */
export function predictProbability(params: TreeEnsembleParams, row: Float64Array): number {
  return TreeEnsemble.load(params).predictProbability(row);
}
