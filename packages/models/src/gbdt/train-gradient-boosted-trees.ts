// Gradient boosting with histogram trees (the method of LightGBM and XGBoost `hist`): bin every
// feature once, then each round computes per-row gradients/hessians of the loss at the current raw
// scores, grows one tree on them (tree-grower.ts) and adds its shrunken leaf values to the scores.
// Validation rows (a later, time-ordered fold chosen by the caller) are scored after every round;
// training stops after `earlyStoppingRounds` rounds without a lower validation loss, and the
// ensemble is cut back to its best round.

import { GbdtInputError } from './gbdt-input-error.ts';
import { histogramLayout } from './histogram.ts';
import { objectiveOf, type Objective } from './objectives.ts';
import { resolveOptions, type GradientBoostingOptions } from './options.ts';
import { binColumn, quantileEdges } from './quantile-bins.ts';
import { sampleSorted, seededRandom } from './seeded-random.ts';
import type { TreeEnsembleParams, TreeParams } from './tree-ensemble-params.ts';
import { TreeGrower, type BinnedTree } from './tree-grower.ts';

/** A later fold to stop on: same features, in the same order, as the training columns. */
export interface GbdtValidationSet {
  columns: Float64Array[];
  labels: Float64Array;
}

export interface GbdtRoundLoss {
  /** 1-based: the loss after this many trees. */
  round: number;
  /** Mean training loss (log loss for 'binary', mean squared error for 'regression'). */
  trainLoss: number;
  /** Mean validation loss, null without a validation set. */
  validationLoss: number | null;
}

export interface GbdtTrainingResult {
  /** The ensemble cut back to `bestIteration` trees. */
  params: TreeEnsembleParams;
  /** Every round trained, including those after the best one. */
  history: GbdtRoundLoss[];
  /** Trees kept: the round with the lowest validation loss, or every round without validation. */
  bestIteration: number;
  /** Training loss of the base score alone (before any tree). */
  initialTrainLoss: number;
  /** The trainer's own raw scores of the training rows with the kept trees. */
  trainingRaw: Float64Array;
  /** The trainer's own raw scores of the validation rows with the kept trees, or null. */
  validationRaw: Float64Array | null;
}

function checkColumns(what: string, columns: Float64Array[], labels: Float64Array, featureNames: string[], objective: Objective, featureCount: number): void {
  if (!(labels instanceof Float64Array)) throw new GbdtInputError(`${what} labels must be a Float64Array`);
  if (!Array.isArray(columns) || columns.length !== featureCount) {
    throw new GbdtInputError(`${what} needs ${featureCount} feature columns, got ${Array.isArray(columns) ? columns.length : typeof columns}`);
  }
  if (labels.length === 0) throw new GbdtInputError(`${what} data is empty (0 rows)`);
  columns.forEach((column, f) => {
    if (!(column instanceof Float64Array)) throw new GbdtInputError(`${what} column '${featureNames[f]}' must be a Float64Array`);
    if (column.length !== labels.length) throw new GbdtInputError(`${what} column '${featureNames[f]}' has ${column.length} rows but there are ${labels.length} labels`);
    for (let r = 0; r < column.length; r++) {
      if (!Number.isFinite(column[r])) throw new GbdtInputError(`${what} column '${featureNames[f]}' is ${column[r]} at row ${r} (drop rows with missing features first)`);
    }
  });
  for (let r = 0; r < labels.length; r++) {
    const problem = objective.labelProblem(labels[r]!);
    if (problem) throw new GbdtInputError(`${what} label at row ${r} is ${labels[r]}: ${problem}`);
  }
}

function featureNamesOf(given: string[] | undefined, count: number): string[] {
  if (given === undefined) return Array.from({ length: count }, (_, f) => `f${f}`);
  if (!Array.isArray(given) || given.length !== count) throw new GbdtInputError(`featureNames has ${Array.isArray(given) ? given.length : 0} names for ${count} columns`);
  if (new Set(given).size !== given.length) throw new GbdtInputError('featureNames must be unique');
  return [...given];
}

/** Adds the tree's leaf values to the raw scores, walking the training rows' bin indices. */
function addBinnedTree(tree: BinnedTree, binColumns: Uint8Array[], raw: Float64Array): void {
  const { feature, bin, left, right, value } = tree;
  for (let r = 0; r < raw.length; r++) {
    let node = 0;
    while (left[node] !== -1) node = binColumns[feature[node]!]![r]! <= bin[node]! ? left[node]! : right[node]!;
    raw[r]! += value[node]!;
  }
}

/** Adds the tree's leaf values to the raw scores, walking float thresholds (as the predictor does). */
function addTree(tree: TreeParams, columns: Float64Array[], raw: Float64Array): void {
  const { feature, threshold, left, right, value } = tree;
  for (let r = 0; r < raw.length; r++) {
    let node = 0;
    while (left[node] !== -1) node = columns[feature[node]!]![r]! <= threshold[node]! ? left[node]! : right[node]!;
    raw[r]! += value[node]!;
  }
}

/** The serialized form: bin index b of feature f becomes the float32 threshold edges[f][b]. */
function toTreeParams(tree: BinnedTree, edges: Float64Array[]): TreeParams {
  const out: TreeParams = { feature: [], threshold: [], left: [], right: [], value: [] };
  for (let node = 0; node < tree.nodeCount; node++) {
    const leaf = tree.left[node] === -1;
    out.feature.push(leaf ? 0 : tree.feature[node]!);
    out.threshold.push(leaf ? 0 : edges[tree.feature[node]!]![tree.bin[node]!]!);
    out.left.push(tree.left[node]!);
    out.right.push(tree.right[node]!);
    out.value.push(leaf ? tree.value[node]! : 0);
  }
  return out;
}

/**
 * Trains a gradient-boosted tree ensemble on column-major features. Deterministic: the same
 * columns, labels, options and seed give identical parameters.
 */
export function trainGradientBoostedTrees(
  columns: Float64Array[],
  labels: Float64Array,
  options: GradientBoostingOptions,
  validation?: GbdtValidationSet,
): GbdtTrainingResult {
  const opts = resolveOptions(options);
  const objective = objectiveOf(opts.objective);
  if (!Array.isArray(columns) || columns.length === 0) throw new GbdtInputError('at least one feature column is required');
  const featureCount = columns.length;
  const featureNames = featureNamesOf(options.featureNames, featureCount);
  checkColumns('training', columns, labels, featureNames, objective, featureCount);
  if (validation !== undefined) {
    if (validation === null || typeof validation !== 'object') throw new GbdtInputError('validation must be { columns, labels }');
    checkColumns('validation', validation.columns, validation.labels, featureNames, objective, featureCount);
  }
  const rowCount = labels.length;

  const edges = columns.map((column) => quantileEdges(column, opts.maxBins).edges);
  const binColumns = columns.map((column, f) => binColumn(column, edges[f]!));
  const layout = histogramLayout(binColumns, Int32Array.from(edges, (e) => e.length + 1));
  const grower = new TreeGrower(layout, rowCount, opts);

  const random = seededRandom(opts.seed);
  const sampledRows = Math.max(1, Math.round(opts.subsample * rowCount));
  const sampledFeatures = Math.max(1, Math.round(opts.colsampleByTree * featureCount));
  const rowSample = sampledRows < rowCount ? new Int32Array(sampledRows) : null;
  const allFeatures = Int32Array.from({ length: featureCount }, (_, f) => f);
  const featureSample = sampledFeatures < featureCount ? new Int32Array(sampledFeatures) : allFeatures;

  const baseScore = objective.baseScore(labels);
  const raw = new Float64Array(rowCount).fill(baseScore);
  const gradient = new Float64Array(rowCount);
  const hessian = new Float64Array(rowCount);
  const validationRaw = validation ? new Float64Array(validation.labels.length).fill(baseScore) : null;
  const initialTrainLoss = objective.loss(raw, labels);

  const trees: TreeParams[] = [];
  const history: GbdtRoundLoss[] = [];
  let bestIteration = 0;
  let bestLoss = Infinity;
  let bestTrainingRaw = raw;
  let bestValidationRaw = validationRaw;

  for (let round = 1; round <= opts.rounds; round++) {
    objective.gradients(raw, labels, gradient, hessian);
    if (rowSample) sampleSorted(rowCount, sampledRows, random, rowSample);
    if (featureSample !== allFeatures) sampleSorted(featureCount, sampledFeatures, random, featureSample);
    const binned = grower.grow(rowSample, sampledRows, gradient, hessian, featureSample, featureSample.length);
    const tree = toTreeParams(binned, edges);
    trees.push(tree);
    addBinnedTree(binned, binColumns, raw);
    const trainLoss = objective.loss(raw, labels);

    if (!validation || !validationRaw) {
      history.push({ round, trainLoss, validationLoss: null });
      bestIteration = round;
      continue;
    }
    addTree(tree, validation.columns, validationRaw);
    const validationLoss = objective.loss(validationRaw, validation.labels);
    history.push({ round, trainLoss, validationLoss });
    if (validationLoss < bestLoss) {
      bestLoss = validationLoss;
      bestIteration = round;
      bestTrainingRaw = Float64Array.from(raw);
      bestValidationRaw = Float64Array.from(validationRaw);
    } else if (round - bestIteration >= opts.earlyStoppingRounds) {
      break;
    }
  }

  return {
    params: { kind: 'gbdt', featureNames, objective: opts.objective, baseScore, trees: trees.slice(0, bestIteration) },
    history,
    bestIteration,
    initialTrainLoss,
    trainingRaw: validation ? bestTrainingRaw : raw,
    validationRaw: bestValidationRaw,
  };
}
