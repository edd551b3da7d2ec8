import { ModelInputError } from '../errors/model-input-error.ts';
import { computeLabels } from '../labels/compute-labels.ts';
import { assertHorizon, assertPredictionType, taskOf, type PredictionType, type Task } from '../labels/prediction-type.ts';
import { validateFeatureFrame, type FeatureFrame } from './feature-frame.ts';

/** Training rows with a label and every feature present; same ordering as the frame (time, then symbol). */
export interface Dataset {
  predictionType: PredictionType;
  task: Task;
  horizon: number;
  featureNames: readonly string[];
  columns: Float64Array[];
  labels: Float64Array;
  symbolIndex: Int32Array;
  timestamps: Float64Array;
  /** Timestamp of bar t+h of the row's symbol: the last instant its label looks at (purging uses it). */
  labelEndTimes: Float64Array;
  /** Row of the source frame each dataset row came from. */
  sourceRows: Int32Array;
  rows: number;
}

export interface AssembleOptions {
  predictionType: PredictionType;
  horizon: number;
}

/**
 * Labels each symbol's own series (never across symbols), then keeps only rows whose label and
 * features are all present. Missing values are dropped, never filled: any fill would either invent
 * data or borrow it from another time.
 */
export function assembleDataset(frame: FeatureFrame, options: AssembleOptions): Dataset {
  assertPredictionType(options.predictionType);
  assertHorizon(options.horizon, options.predictionType);
  const rows = validateFeatureFrame(frame);
  const { labels, labelEndTimes } = labelBySymbol(frame, rows, options);

  const keep = new Int32Array(rows);
  let kept = 0;
  for (let r = 0; r < rows; r++) {
    if (Number.isNaN(labels[r]!)) continue;
    let complete = true;
    for (const column of frame.columns) {
      if (Number.isNaN(column[r]!)) {
        complete = false;
        break;
      }
    }
    if (complete) keep[kept++] = r;
  }
  if (kept === 0) {
    throw new ModelInputError(`empty dataset: none of ${rows} rows has every feature and a ${options.predictionType} label at horizon ${options.horizon}`);
  }
  const sourceRows = keep.slice(0, kept);
  return {
    predictionType: options.predictionType,
    task: taskOf(options.predictionType),
    horizon: options.horizon,
    featureNames: [...frame.featureNames],
    columns: frame.columns.map((column) => gather(column, sourceRows)),
    labels: gather(labels, sourceRows),
    symbolIndex: Int32Array.from(sourceRows, (r) => frame.symbolIndex[r]!),
    timestamps: gather(frame.timestamps, sourceRows),
    labelEndTimes: gather(labelEndTimes, sourceRows),
    sourceRows,
    rows: kept,
  };
}

function labelBySymbol(frame: FeatureFrame, rows: number, options: AssembleOptions): { labels: Float64Array; labelEndTimes: Float64Array } {
  // Row indices per symbol, in time order (the frame is sorted by time, so a stable pass suffices).
  const bySymbol = new Map<number, number[]>();
  for (let r = 0; r < rows; r++) {
    const symbol = frame.symbolIndex[r]!;
    let list = bySymbol.get(symbol);
    if (list === undefined) bySymbol.set(symbol, (list = []));
    list.push(r);
  }
  const labels = new Float64Array(rows).fill(Number.NaN);
  const labelEndTimes = new Float64Array(rows).fill(Number.NaN);
  for (const series of bySymbol.values()) {
    const close = Float64Array.from(series, (r) => frame.close[r]!);
    const seriesLabels = computeLabels(options.predictionType, close, options.horizon);
    for (let i = 0; i < series.length; i++) {
      const r = series[i]!;
      labels[r] = seriesLabels[i]!;
      if (i + options.horizon < series.length) labelEndTimes[r] = frame.timestamps[series[i + options.horizon]!]!;
    }
  }
  return { labels, labelEndTimes };
}

function gather(values: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]!]!;
  return out;
}
