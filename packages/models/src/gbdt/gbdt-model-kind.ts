// The gradient-boosted trees behind the one model interface (model.ts), so the walk-forward
// evaluation, the train job and the loader treat them like any other kind.
import { ModelInputError } from '../errors/model-input-error.ts';
import { binaryConfidence, type Model, type ModelKind, type PredictionBatch, type RowPrediction, type TrainingInput } from '../model.ts';
import type { Task } from '../labels/prediction-type.ts';
import type { GradientBoostingOptions } from './options.ts';
import { trainGradientBoostedTrees } from './train-gradient-boosted-trees.ts';
import { TreeEnsemble } from './tree-ensemble.ts';
import type { TreeEnsembleParams } from './tree-ensemble-params.ts';

/** The trainer's options a caller may set, plus the share of training rows held out for early stopping. */
export type GbdtHyperparameters = Omit<GradientBoostingOptions, 'objective' | 'featureNames' | 'seed'> & {
  /**
   * The last share of the training rows (rows arrive in time order) is the early-stopping fold;
   * 0 trains every round on all rows. Default 0.15.
   */
  validationFraction: number;
};

const TRAINER_OPTION_NAMES = [
  'rounds', 'learningRate', 'maxDepth', 'maxLeaves', 'maxBins', 'lambda', 'minChildWeight',
  'minSamplesLeaf', 'minSplitGain', 'subsample', 'colsampleByTree', 'earlyStoppingRounds',
] as const;
const DEFAULT_VALIDATION_FRACTION = 0.15;

export class GbdtModel implements Model<TreeEnsembleParams> {
  readonly kind = 'gbdt';
  readonly task: Task;
  readonly featureNames: readonly string[];
  private readonly ensemble: TreeEnsemble;

  constructor(params: TreeEnsembleParams) {
    this.ensemble = TreeEnsemble.load(params);
    this.task = params.objective === 'binary' ? 'binary' : 'regression';
    this.featureNames = [...params.featureNames];
  }

  predict(columns: readonly Float64Array[], rows?: Int32Array): PredictionBatch {
    const input = rows === undefined ? columns : columns.map((column) => gather(column, rows));
    const raw = this.task === 'binary' ? this.ensemble.predictProbabilityColumns(input) : this.ensemble.predictRawColumns(input);
    const count = raw.length;
    const value = new Float64Array(count);
    const confidence = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      if (this.task === 'binary') {
        value[i] = raw[i]! >= 0.5 ? 1 : 0;
        confidence[i] = binaryConfidence(raw[i]!);
      } else {
        value[i] = raw[i]!;
        // A regression forecast carries no probability; 1 marks "the model's own forecast".
        confidence[i] = 1;
      }
    }
    return { value, confidence, score: this.task === 'binary' ? raw : value };
  }

  predictRow(x: Float64Array): RowPrediction {
    if (this.task === 'binary') {
      const p = this.ensemble.predictProbability(x);
      return { value: p >= 0.5 ? 1 : 0, confidence: binaryConfidence(p), score: p };
    }
    const v = this.ensemble.predictRaw(x);
    return { value: v, confidence: 1, score: v };
  }

  serialize(): TreeEnsembleParams {
    return this.ensemble.serialize();
  }
}

function gather(column: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = column[rows[i]!]!;
  return out;
}

export function trainGbdt(input: TrainingInput, hyperparameters: Partial<GbdtHyperparameters> = {}): GbdtModel {
  // Hyperparameters arrive from job payloads: a misspelt name must fail, not silently use a default.
  for (const name of Object.keys(hyperparameters)) {
    if (name !== 'validationFraction' && !(TRAINER_OPTION_NAMES as readonly string[]).includes(name)) {
      throw new ModelInputError(`unknown gbdt hyperparameter "${name}" (known: validationFraction, ${TRAINER_OPTION_NAMES.join(', ')})`);
    }
  }
  const { validationFraction = DEFAULT_VALIDATION_FRACTION, ...trainerOptions } = hyperparameters;
  if (!(validationFraction >= 0 && validationFraction < 1)) {
    throw new ModelInputError(`gbdt validationFraction must be in [0, 1), got ${String(validationFraction)}`);
  }
  const { rows } = input;
  if (rows.length === 0) throw new ModelInputError('empty dataset: no training rows');
  if (input.featureNames.length !== input.columns.length) {
    throw new ModelInputError(`${input.featureNames.length} feature names for ${input.columns.length} columns`);
  }
  // Rows are in time order: the latest ones are the early-stopping fold, never seen by the trees.
  const held = Math.floor(rows.length * validationFraction);
  const fitRows = rows.subarray(0, rows.length - held);
  const stopRows = rows.subarray(rows.length - held);
  const labelsOf = (subset: Int32Array) => gather(input.labels, subset);
  const result = trainGradientBoostedTrees(
    input.columns.map((column) => gather(column, fitRows)),
    labelsOf(fitRows),
    { ...trainerOptions, objective: input.task === 'binary' ? 'binary' : 'regression', featureNames: [...input.featureNames], seed: input.seed },
    held > 0 ? { columns: input.columns.map((column) => gather(column, stopRows)), labels: labelsOf(stopRows) } : undefined,
  );
  return new GbdtModel(result.params);
}

export const gbdtModelKind: ModelKind<TreeEnsembleParams, GbdtHyperparameters> = {
  kind: 'gbdt',
  tasks: ['binary', 'regression'],
  train: trainGbdt,
  load: (params) => new GbdtModel(params),
};
