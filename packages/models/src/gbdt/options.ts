// Hyperparameters of the tree trainer, their defaults and their checks. Names follow XGBoost /
// LightGBM where they agree, so values tuned there carry over.

import { GbdtInputError } from './gbdt-input-error.ts';
import type { TreeEnsembleObjective } from './tree-ensemble-params.ts';

export interface GradientBoostingOptions {
  objective: TreeEnsembleObjective;
  /** Names of the columns, in order; default f0, f1, … */
  featureNames?: string[];
  /** Boosting rounds (trees) at most. Default 100. */
  rounds?: number;
  /** Shrinkage, folded into every leaf value. Default 0.1. */
  learningRate?: number;
  /** Maximum depth of a tree (root = depth 0, so a stump is depth 1). Default 6. */
  maxDepth?: number;
  /** Maximum leaves per tree. Default 2^maxDepth (then leaf-wise growth equals depth-wise growth). */
  maxLeaves?: number;
  /** Bins per feature, 2..256. Default 255. */
  maxBins?: number;
  /** L2 penalty λ on leaf weights. Default 1. */
  lambda?: number;
  /** Minimum hessian sum in a child (XGBoost min_child_weight). Default 1e-3. */
  minChildWeight?: number;
  /** Minimum rows in a child (LightGBM min_data_in_leaf). Default 20. */
  minSamplesLeaf?: number;
  /** A split must gain more than this (XGBoost gamma). Default 0. */
  minSplitGain?: number;
  /** Share of rows drawn (without replacement) for each tree, (0, 1]. Default 1. */
  subsample?: number;
  /** Share of features drawn for each tree, (0, 1]. Default 1. */
  colsampleByTree?: number;
  /** Seed of the subsampling PRNG. Default 0. */
  seed?: number;
  /** Stop after this many rounds without a better validation loss. Default 10 (only with validation). */
  earlyStoppingRounds?: number;
}

export type ResolvedOptions = Required<Omit<GradientBoostingOptions, 'featureNames'>>;

function check(ok: boolean, message: string): void {
  if (!ok) throw new GbdtInputError(message);
}

function isInteger(value: number): boolean {
  return Number.isInteger(value);
}

export function resolveOptions(options: GradientBoostingOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object') throw new GbdtInputError('options are required (at least { objective })');
  const maxDepth = options.maxDepth ?? 6;
  check(isInteger(maxDepth) && maxDepth >= 1 && maxDepth <= 30, `maxDepth must be an integer from 1 to 30, got ${maxDepth}`);
  const resolved: ResolvedOptions = {
    objective: options.objective,
    rounds: options.rounds ?? 100,
    learningRate: options.learningRate ?? 0.1,
    maxDepth,
    maxLeaves: options.maxLeaves ?? 2 ** maxDepth,
    maxBins: options.maxBins ?? 255,
    lambda: options.lambda ?? 1,
    minChildWeight: options.minChildWeight ?? 1e-3,
    minSamplesLeaf: options.minSamplesLeaf ?? 20,
    minSplitGain: options.minSplitGain ?? 0,
    subsample: options.subsample ?? 1,
    colsampleByTree: options.colsampleByTree ?? 1,
    seed: options.seed ?? 0,
    earlyStoppingRounds: options.earlyStoppingRounds ?? 10,
  };
  const r = resolved;
  check(r.objective === 'binary' || r.objective === 'regression', `objective must be 'binary' or 'regression', got '${String(r.objective)}'`);
  check(isInteger(r.rounds) && r.rounds >= 1, `rounds must be a positive integer, got ${r.rounds}`);
  check(Number.isFinite(r.learningRate) && r.learningRate > 0, `learningRate must be a positive number, got ${r.learningRate}`);
  check(isInteger(r.maxLeaves) && r.maxLeaves >= 2, `maxLeaves must be an integer of at least 2, got ${r.maxLeaves}`);
  check(isInteger(r.maxBins) && r.maxBins >= 2 && r.maxBins <= 256, `maxBins must be an integer from 2 to 256, got ${r.maxBins}`);
  check(Number.isFinite(r.lambda) && r.lambda >= 0, `lambda must be a number >= 0, got ${r.lambda}`);
  check(Number.isFinite(r.minChildWeight) && r.minChildWeight >= 0, `minChildWeight must be a number >= 0, got ${r.minChildWeight}`);
  check(isInteger(r.minSamplesLeaf) && r.minSamplesLeaf >= 1, `minSamplesLeaf must be an integer of at least 1, got ${r.minSamplesLeaf}`);
  check(Number.isFinite(r.minSplitGain) && r.minSplitGain >= 0, `minSplitGain must be a number >= 0, got ${r.minSplitGain}`);
  check(Number.isFinite(r.subsample) && r.subsample > 0 && r.subsample <= 1, `subsample must be in (0, 1], got ${r.subsample}`);
  check(Number.isFinite(r.colsampleByTree) && r.colsampleByTree > 0 && r.colsampleByTree <= 1, `colsampleByTree must be in (0, 1], got ${r.colsampleByTree}`);
  check(isInteger(r.seed), `seed must be an integer, got ${r.seed}`);
  check(isInteger(r.earlyStoppingRounds) && r.earlyStoppingRounds >= 1, `earlyStoppingRounds must be a positive integer, got ${r.earlyStoppingRounds}`);
  return resolved;
}
