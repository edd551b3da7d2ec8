import { ModelInputError } from '../errors/model-input-error.ts';
import { assertHorizon } from '../labels/prediction-type.ts';
import { distinctTimes } from './distinct-times.ts';

export interface WalkForwardOptions {
  /** Number of test folds (≥ 1), laid end to end at the end of the data. */
  folds: number;
  /** Label horizon h in bars. */
  horizon: number;
  /** Distinct timestamps left out between the last training instant and the first test instant; default h, must be ≥ h. */
  embargo?: number;
  /** expanding: train on everything before the gap; rolling: only the last `trainSize` instants. */
  window?: 'expanding' | 'rolling';
  /** Distinct timestamps per test fold; default floor((T - embargo) / (folds + 1)). */
  testSize?: number;
  /** Rolling only: distinct timestamps of training; default the first fold's training length. */
  trainSize?: number;
  /** Fewest distinct training timestamps a fold may have; default 1. */
  minTrainSize?: number;
}

export interface Fold {
  index: number;
  trainRows: Int32Array;
  testRows: Int32Array;
  /** Inclusive time ranges (epoch ms) of the rows actually used. */
  trainStart: number;
  trainEnd: number;
  testStart: number;
  testEnd: number;
  /** Training rows dropped because their label window reached the test fold (irregular series only; 0 when bars are regular and embargo ≥ h). */
  purgedRows: number;
}

export interface TimeIndexedRows {
  timestamps: Float64Array;
  /** Last instant each row's label looks at (Dataset.labelEndTimes). */
  labelEndTimes: Float64Array;
}

/**
 * Walk-forward folds over time. Train always precedes test; between them lie `embargo` distinct
 * instants (≥ h, so a label that starts in training cannot end in the test fold when bars are
 * regular), and training rows whose label window still reaches the first test instant are purged
 * (this catches a symbol with missing bars, whose h bars span more than h instants).
 */
export function walkForwardFolds(data: TimeIndexedRows, options: WalkForwardOptions): Fold[] {
  assertHorizon(options.horizon);
  const { folds } = options;
  if (!Number.isInteger(folds) || folds < 1) throw new ModelInputError(`folds must be an integer ≥ 1, got ${String(folds)}`);
  const embargo = options.embargo ?? options.horizon;
  if (!Number.isInteger(embargo) || embargo < options.horizon) {
    throw new ModelInputError(`embargo must be an integer ≥ horizon (${options.horizon}), got ${String(embargo)}`);
  }
  if (data.timestamps.length === 0) throw new ModelInputError('empty dataset: no rows to split');
  if (data.labelEndTimes.length !== data.timestamps.length) {
    throw new ModelInputError(`labelEndTimes has ${data.labelEndTimes.length} values for ${data.timestamps.length} rows`);
  }
  for (let r = 1; r < data.timestamps.length; r++) {
    if (data.timestamps[r]! < data.timestamps[r - 1]!) throw new ModelInputError(`row ${r}: rows must be sorted by timestamp`);
  }

  const { times, rowStart } = distinctTimes(data.timestamps);
  const instants = times.length;
  const testSize = options.testSize ?? Math.floor((instants - embargo) / (folds + 1));
  if (!Number.isInteger(testSize) || testSize < 1) {
    throw new ModelInputError(`too little data: ${instants} distinct timestamps cannot hold ${folds} test folds plus an embargo of ${embargo} and a training window`);
  }
  const minTrainSize = options.minTrainSize ?? 1;
  const firstTestStart = instants - folds * testSize;
  const firstTrainLength = firstTestStart - embargo;
  if (firstTrainLength < minTrainSize) {
    throw new ModelInputError(
      `too little data: ${instants} distinct timestamps, ${folds} folds × ${testSize} test instants and an embargo of ${embargo} leave ${Math.max(firstTrainLength, 0)} training instants (need ≥ ${minTrainSize})`,
    );
  }
  const window = options.window ?? 'expanding';
  const trainSize = options.trainSize ?? firstTrainLength;
  if (window === 'rolling' && (!Number.isInteger(trainSize) || trainSize < minTrainSize || trainSize > firstTrainLength)) {
    throw new ModelInputError(`rolling trainSize must be an integer in [${minTrainSize}, ${firstTrainLength}], got ${String(trainSize)}`);
  }

  const result: Fold[] = [];
  for (let f = 0; f < folds; f++) {
    const testFrom = firstTestStart + f * testSize; // distinct-time indices, half-open ranges
    const testTo = testFrom + testSize;
    const trainTo = testFrom - embargo;
    const trainFrom = window === 'rolling' ? trainTo - trainSize : 0;
    const testStartTime = times[testFrom]!;

    const train: number[] = [];
    let purgedRows = 0;
    for (let r = rowStart[trainFrom]!; r < rowStart[trainTo]!; r++) {
      if (!(data.labelEndTimes[r]! < testStartTime)) {
        purgedRows++;
        continue;
      }
      train.push(r);
    }
    if (train.length === 0) throw new ModelInputError(`fold ${f}: every training row was purged (labels reach the test fold); use a larger embargo`);
    const trainRows = Int32Array.from(train);
    const testRows = new Int32Array(rowStart[testTo]! - rowStart[testFrom]!);
    for (let i = 0; i < testRows.length; i++) testRows[i] = rowStart[testFrom]! + i;
    result.push({
      index: f,
      trainRows,
      testRows,
      trainStart: data.timestamps[trainRows[0]!]!,
      trainEnd: data.timestamps[trainRows[trainRows.length - 1]!]!,
      testStart: testStartTime,
      testEnd: times[testTo - 1]!,
      purgedRows,
    });
  }
  return result;
}
