// Walk-forward prediction mode: a model is trained on a rolling window of past instants and predicts
// only instants after that window plus the label horizon plus an embargo, then the window rolls on.
// So no prediction comes from a model whose training labels reach the prediction's own bar or later.
import { assembleDataset, distinctTimes, modelKind, type FeatureFrame, type ModelKind, type PredictionType, type SerializedModel } from '@mltrading/models';
import { BacktestInputError } from '../errors/backtest-input-error.ts';

export interface WalkForwardPredictionOptions {
  readonly predictionType: PredictionType;
  /** Label horizon h, bars. */
  readonly horizon: number;
  /** A registered kind ('logistic', 'gbdt') or a ModelKind. */
  readonly kind: string | ModelKind;
  readonly hyperparameters?: Record<string, unknown>;
  readonly seed?: number;
  /** Distinct instants in each training window. */
  readonly trainSize: number;
  /** Instants each trained model predicts before the window rolls on. */
  readonly retrainEvery: number;
  /**
   * Instants left out beyond the label horizon (default h): the last training instant lies at least
   * h + embargo instants before the first instant its model predicts.
   */
  readonly embargo?: number;
}

export interface WalkForwardBlock {
  readonly index: number;
  /** Training instants, epoch ms, inclusive. */
  readonly trainStart: number;
  readonly trainEnd: number;
  /** Predicted instants, epoch ms, inclusive. */
  readonly predictStart: number;
  readonly predictEnd: number;
  /** Distinct-instant indices of the same (for checks): last training instant, first predicted. */
  readonly trainEndInstant: number;
  readonly predictStartInstant: number;
  readonly trainRows: number;
  /** Training rows dropped because their label reached past trainEnd's h-th instant (gappy series). */
  readonly purgedRows: number;
  readonly predictedRows: number;
  readonly params: SerializedModel;
}

export interface WalkForwardPredictions {
  /** Per frame row; NaN where no model covered the row or a feature was missing. */
  readonly value: Float64Array;
  readonly confidence: Float64Array;
  readonly score: Float64Array;
  /** Per frame row: the block that predicted it, −1 for none. */
  readonly block: Int32Array;
  readonly blocks: readonly WalkForwardBlock[];
  readonly horizon: number;
  readonly embargo: number;
}

export function walkForwardPredictions(frame: FeatureFrame, options: WalkForwardPredictionOptions): WalkForwardPredictions {
  const { horizon, trainSize, retrainEvery } = options;
  const embargo = options.embargo ?? horizon;
  const problems: string[] = [];
  if (!(Number.isInteger(trainSize) && trainSize >= 1)) problems.push(`trainSize must be a whole number of instants ≥ 1, got ${trainSize}`);
  if (!(Number.isInteger(retrainEvery) && retrainEvery >= 1)) problems.push(`retrainEvery must be a whole number of instants ≥ 1, got ${retrainEvery}`);
  if (!(Number.isInteger(embargo) && embargo >= 0)) problems.push(`embargo must be a whole number of instants ≥ 0, got ${embargo}`);
  if (problems.length > 0) throw new BacktestInputError(`walk-forward predictions: ${problems.join('; ')}`, problems);
  const kind = typeof options.kind === 'string' ? modelKind(options.kind) : options.kind;
  const dataset = assembleDataset(frame, { predictionType: options.predictionType, horizon });

  const rows = frame.timestamps.length;
  const { times } = distinctTimes(frame.timestamps);
  const T = times.length;
  const instantOfRow = new Int32Array(rows);
  for (let r = 0, k = 0; r < rows; r++) {
    while (times[k]! < frame.timestamps[r]!) k++;
    instantOfRow[r] = k;
  }
  const gap = horizon + embargo;
  const firstPredicted = trainSize - 1 + gap;
  if (firstPredicted >= T) {
    throw new BacktestInputError(`walk-forward predictions: ${T} instants cannot hold a training window of ${trainSize}, the horizon ${horizon} and an embargo of ${embargo} before a first prediction`);
  }

  // Dataset rows are in frame order (time, then symbol): the instant of each is its source row's.
  const datasetInstant = Int32Array.from(dataset.sourceRows, (r) => instantOfRow[r]!);
  const value = new Float64Array(rows).fill(Number.NaN);
  const confidence = new Float64Array(rows).fill(Number.NaN);
  const score = new Float64Array(rows).fill(Number.NaN);
  const blockOfRow = new Int32Array(rows).fill(-1);
  const blocks: WalkForwardBlock[] = [];

  let d0 = 0; // first dataset row of the current training window
  let f0 = 0; // first frame row of the current prediction block
  for (let b = firstPredicted; b < T; b += retrainEvery) {
    const trainEndInstant = b - gap;
    const trainStartInstant = trainEndInstant - trainSize + 1;
    // The last bar any training label may read: h instants after the window (regular series).
    const labelLimit = times[trainEndInstant + horizon]!;
    while (d0 < dataset.rows && datasetInstant[d0]! < trainStartInstant) d0++;
    const train: number[] = [];
    let purged = 0;
    for (let d = d0; d < dataset.rows && datasetInstant[d]! <= trainEndInstant; d++) {
      if (dataset.labelEndTimes[d]! <= labelLimit) train.push(d);
      else purged++;
    }
    const blockEnd = Math.min(b + retrainEvery, T);
    while (f0 < rows && instantOfRow[f0]! < b) f0++;
    const predictRows: number[] = [];
    for (let r = f0; r < rows && instantOfRow[r]! < blockEnd; r++) if (frame.columns.every((c) => !Number.isNaN(c[r]!))) predictRows.push(r);
    if (train.length === 0) throw new BacktestInputError(`walk-forward block at ${new Date(times[b]!).toISOString()}: no training rows with features and a label in its window`);
    const model = kind.train({
      featureNames: dataset.featureNames,
      columns: dataset.columns,
      labels: dataset.labels,
      rows: Int32Array.from(train),
      task: dataset.task,
      seed: options.seed ?? 1,
    }, options.hyperparameters);
    const index = blocks.length;
    if (predictRows.length > 0) {
      const batch = model.predict(frame.columns as Float64Array[], Int32Array.from(predictRows));
      predictRows.forEach((r, i) => {
        value[r] = batch.value[i]!;
        confidence[r] = batch.confidence[i]!;
        score[r] = batch.score[i]!;
        blockOfRow[r] = index;
      });
    }
    blocks.push({
      index,
      trainStart: times[trainStartInstant]!,
      trainEnd: times[trainEndInstant]!,
      predictStart: times[b]!,
      predictEnd: times[blockEnd - 1]!,
      trainEndInstant,
      predictStartInstant: b,
      trainRows: train.length,
      purgedRows: purged,
      predictedRows: predictRows.length,
      params: model.serialize(),
    });
  }
  return { value, confidence, score, block: blockOfRow, blocks, horizon, embargo };
}

/**
 * One symbol's walk-forward predictions aligned with its bars (the replay's PredictionSeries
 * columns): NaN for bars the frame has no prediction for.
 */
export function alignPredictions(frame: Pick<FeatureFrame, 'symbolIndex' | 'timestamps'>, predictions: WalkForwardPredictions, symbolIndex: number, barTimestamps: ArrayLike<number>): { value: Float64Array; confidence: Float64Array; score: Float64Array } {
  const byTime = new Map<number, number>();
  for (let r = 0; r < frame.timestamps.length; r++) if (frame.symbolIndex[r] === symbolIndex) byTime.set(frame.timestamps[r]!, r);
  const n = barTimestamps.length;
  const out = { value: new Float64Array(n).fill(Number.NaN), confidence: new Float64Array(n).fill(Number.NaN), score: new Float64Array(n).fill(Number.NaN) };
  for (let i = 0; i < n; i++) {
    const r = byTime.get(barTimestamps[i]!);
    if (r === undefined) continue;
    out.value[i] = predictions.value[r]!;
    out.confidence[i] = predictions.confidence[r]!;
    out.score[i] = predictions.score[r]!;
  }
  return out;
}
