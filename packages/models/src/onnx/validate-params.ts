// Checks run before export: a malformed parameter set must fail here with the field named, not
// inside onnxruntime with an opaque message (or, worse, load and predict something else).
import type { LogisticModelParams, TreeEnsembleParams } from './exported-params.ts';
import { OnnxExportError } from './onnx-export-error.ts';

function checkFeatureNames(featureNames: unknown, kind: string): number {
  if (!Array.isArray(featureNames) || featureNames.length === 0) {
    throw new OnnxExportError(`${kind}: featureNames must be a non-empty array`);
  }
  featureNames.forEach((name, i) => {
    if (typeof name !== 'string' || name.length === 0) throw new OnnxExportError(`${kind}: featureNames[${i}] is not a non-empty string`);
  });
  return featureNames.length;
}

function checkFiniteArray(values: unknown, field: string, length: number): asserts values is number[] {
  if (!Array.isArray(values) || values.length !== length) {
    throw new OnnxExportError(`${field} must be an array of ${length} numbers (one per feature), got ${Array.isArray(values) ? values.length : typeof values}`);
  }
  values.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new OnnxExportError(`${field}[${i}] is not a finite number: ${String(v)}`);
  });
}

function checkFinite(value: unknown, field: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new OnnxExportError(`${field} is not a finite number: ${String(value)}`);
}

export function validateLogisticParams(params: LogisticModelParams): void {
  if (params?.kind !== 'logistic') throw new OnnxExportError(`expected logistic parameters (kind 'logistic'), got kind ${String(params?.kind)}`);
  const width = checkFeatureNames(params.featureNames, 'logistic');
  checkFiniteArray(params.mean, 'logistic.mean', width);
  checkFiniteArray(params.scale, 'logistic.scale', width);
  checkFiniteArray(params.weights, 'logistic.weights', width);
  checkFinite(params.intercept, 'logistic.intercept');
  params.scale.forEach((s, i) => {
    if (s === 0) throw new OnnxExportError(`logistic.scale[${i}] is 0 (the contract stores 1 for a constant feature)`);
  });
}

export function validateTreeEnsembleParams(params: TreeEnsembleParams): void {
  if (params?.kind !== 'gbdt') throw new OnnxExportError(`expected tree-ensemble parameters (kind 'gbdt'), got kind ${String(params?.kind)}`);
  const width = checkFeatureNames(params.featureNames, 'gbdt');
  if (params.objective !== 'binary' && params.objective !== 'regression') {
    throw new OnnxExportError(`gbdt.objective must be 'binary' or 'regression', got ${String(params.objective)}`);
  }
  checkFinite(params.baseScore, 'gbdt.baseScore');
  if (!Array.isArray(params.trees)) throw new OnnxExportError('gbdt.trees must be an array');
  params.trees.forEach((tree, t) => validateTree(tree, t, width));
}

function validateTree(tree: TreeEnsembleParams['trees'][number], t: number, width: number): void {
  const at = `gbdt.trees[${t}]`;
  const n = Array.isArray(tree?.left) ? tree.left.length : 0;
  if (n === 0) throw new OnnxExportError(`${at} has no nodes`);
  for (const field of ['feature', 'threshold', 'left', 'right', 'value'] as const) {
    if (!Array.isArray(tree[field]) || tree[field].length !== n) {
      throw new OnnxExportError(`${at}.${field} must have ${n} entries (one per node)`);
    }
  }
  // Walk from the root: every node reached exactly once means a tree (no cycle, no shared child,
  // no orphan that the runtime would reject or silently ignore).
  const seen = new Uint8Array(n);
  const stack = [0];
  let reached = 0;
  while (stack.length > 0) {
    const i = stack.pop()!;
    if (seen[i]) throw new OnnxExportError(`${at}: node ${i} is reached twice (not a tree)`);
    seen[i] = 1;
    reached += 1;
    const left = tree.left[i]!;
    if (left === -1) {
      checkFinite(tree.value[i], `${at}.value[${i}] (leaf)`);
      continue;
    }
    const right = tree.right[i]!;
    for (const [side, child] of [['left', left], ['right', right]] as const) {
      if (!Number.isInteger(child) || child <= 0 || child >= n) throw new OnnxExportError(`${at}.${side}[${i}] = ${child} is not a node index in 1..${n - 1}`);
      stack.push(child);
    }
    const feature = tree.feature[i]!;
    if (!Number.isInteger(feature) || feature < 0 || feature >= width) {
      throw new OnnxExportError(`${at}.feature[${i}] = ${feature} is not a feature index in 0..${width - 1}`);
    }
    const threshold = tree.threshold[i]!;
    checkFinite(threshold, `${at}.threshold[${i}]`);
    // onnxruntime compares float32 inputs with float32 thresholds; a threshold that float32 cannot
    // hold would be rounded and send some rows down the other branch than the trainer does.
    if (Math.fround(threshold) !== threshold) {
      throw new OnnxExportError(`${at}.threshold[${i}] = ${threshold} is not float32-representable (the contract requires Math.fround thresholds)`);
    }
  }
  if (reached !== n) throw new OnnxExportError(`${at}: ${n - reached} node(s) are not reachable from the root`);
}
