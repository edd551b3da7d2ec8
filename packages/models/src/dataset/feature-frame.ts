import { ModelInputError } from '../errors/model-input-error.ts';

/**
 * Feature rows of many symbols, column-major. Rows are sorted by timestamp, then by symbol index
 * (strictly: one row per symbol and instant). `close` is the bar's close, used only to compute
 * labels; it is not a feature unless it is also listed in `columns`.
 */
export interface FeatureFrame {
  featureNames: readonly string[];
  columns: readonly Float64Array[];
  /** Index into the caller's symbol list (0-based integer). */
  symbolIndex: Int32Array;
  /** Bar time in epoch milliseconds. */
  timestamps: Float64Array;
  close: Float64Array;
}

/** Checks shape and order; returns the row count. Every failure names what is wrong and where. */
export function validateFeatureFrame(frame: FeatureFrame): number {
  const rows = frame.timestamps.length;
  if (rows === 0) throw new ModelInputError('empty dataset: the feature frame has no rows');
  if (frame.columns.length === 0) throw new ModelInputError('empty dataset: the feature frame has no feature columns');
  if (frame.featureNames.length !== frame.columns.length) {
    throw new ModelInputError(`${frame.featureNames.length} feature names for ${frame.columns.length} feature columns`);
  }
  const seen = new Set<string>();
  for (const name of frame.featureNames) {
    if (seen.has(name)) throw new ModelInputError(`feature "${name}" is listed twice`);
    seen.add(name);
  }
  frame.columns.forEach((column, i) => assertColumnLength(`feature ${frame.featureNames[i]}`, column, rows));
  assertColumnLength('symbolIndex', frame.symbolIndex, rows);
  assertColumnLength('close', frame.close, rows);
  for (let r = 0; r < rows; r++) {
    const time = frame.timestamps[r]!;
    const symbol = frame.symbolIndex[r]!;
    if (!Number.isFinite(time)) throw new ModelInputError(`row ${r}: timestamp is not a finite number`);
    if (symbol < 0) throw new ModelInputError(`row ${r}: negative symbol index ${symbol}`);
    if (r > 0) {
      const previousTime = frame.timestamps[r - 1]!;
      const ordered = time > previousTime || (time === previousTime && symbol > frame.symbolIndex[r - 1]!);
      if (!ordered) {
        throw new ModelInputError(`row ${r}: rows must be sorted by timestamp then symbol, one row per symbol and instant`);
      }
    }
  }
  return rows;
}

export function assertColumnLength(name: string, values: ArrayLike<number>, rows: number): void {
  if (values.length !== rows) {
    throw new ModelInputError(`column "${name}" has ${values.length} values, expected ${rows} (one per row)`);
  }
}
