// Seeded synthetic data and tree-walking helpers shared by the gbdt tests.
import { seededRandom } from '../src/gbdt/seeded-random.ts';
import type { TreeEnsembleParams, TreeParams } from '../src/index.ts';

export interface Dataset {
  columns: Float64Array[];
  labels: Float64Array;
}

/** `rows` rows of `features` uniform(−1, 1) columns and labels from `label(row values, noise)`. */
export function synthetic(rows: number, features: number, seed: number, label: (x: number[], noise: number) => number): Dataset {
  const random = seededRandom(seed);
  const columns = Array.from({ length: features }, () => new Float64Array(rows));
  const labels = new Float64Array(rows);
  const x = new Array<number>(features);
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < features; f++) {
      x[f] = random() * 2 - 1;
      columns[f]![r] = x[f]!;
    }
    labels[r] = label(x, random() - 0.5);
  }
  return { columns, labels };
}

export function rowOf(columns: Float64Array[], r: number): Float64Array {
  return Float64Array.from(columns, (column) => column[r]!);
}

/** Depth of every leaf (root = 0). */
export function leafDepths(tree: TreeParams): number[] {
  const depths: number[] = [];
  const walk = (node: number, depth: number): void => {
    if (tree.left[node] === -1) depths.push(depth);
    else {
      walk(tree.left[node]!, depth + 1);
      walk(tree.right[node]!, depth + 1);
    }
  };
  walk(0, 0);
  return depths;
}

/** The leaf a row reaches, by the contract's rule (x <= threshold goes left). */
export function leafOf(tree: TreeParams, columns: Float64Array[], r: number): number {
  let node = 0;
  while (tree.left[node] !== -1) node = columns[tree.feature[node]!]![r]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
  return node;
}

export function accuracy(scores: Float64Array, labels: Float64Array, cut: number): number {
  let correct = 0;
  for (let r = 0; r < labels.length; r++) if ((scores[r]! > cut ? 1 : 0) === labels[r]) correct++;
  return correct / labels.length;
}

export function internalNodes(params: TreeEnsembleParams): Array<{ tree: number; node: number; threshold: number; feature: number }> {
  const out: Array<{ tree: number; node: number; threshold: number; feature: number }> = [];
  params.trees.forEach((tree, t) => {
    tree.left.forEach((left, node) => {
      if (left !== -1) out.push({ tree: t, node, threshold: tree.threshold[node]!, feature: tree.feature[node]! });
    });
  });
  return out;
}
