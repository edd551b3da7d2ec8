import { FEATURE_NAMES, type DateFeatureName, type FeatureName, type NumericFeatureName } from '../catalog.ts';

/** Every numeric feature as a column (NaN = NULL) plus `date` as 'YYYY-MM-DD' strings. */
export type FeatureColumns = { [K in NumericFeatureName]: Float64Array } & { [K in DateFeatureName]: (string | null)[] };

export const NUMERIC_FEATURE_NAMES: readonly NumericFeatureName[] = FEATURE_NAMES.filter(
  (name): name is NumericFeatureName => name !== 'date',
);

/**
 * Columns as views into one allocation (one zero-fill, one object for the GC instead of 105).
 * The output is the engine's largest fixed cost (105 × 8 bytes per bar, zero-filled by the
 * runtime), so intermediate series do not live here: see `scratchArrays`.
 */
export function allocateColumns(length: number): FeatureColumns {
  const buffer = new Float64Array(length * NUMERIC_FEATURE_NAMES.length);
  const columns = { date: new Array<string | null>(length).fill(null) } as Partial<FeatureColumns>;
  let offset = 0;
  for (const name of NUMERIC_FEATURE_NAMES) {
    (columns as Record<string, unknown>)[name] = buffer.subarray(offset, offset + length);
    offset += length;
  }
  return columns as FeatureColumns;
}

// Work arrays are never returned, so one buffer serves every call (computeFeatures is synchronous
// and never re-entered): allocating and zero-filling them per symbol cost ~10% of a call.
let scratchBuffer = new Float64Array(0);

/**
 * `count` work arrays of exactly `length` elements (kernels read `x.length`), as views into a
 * buffer reused across calls. Their contents are left over from earlier use: callers write
 * every element before reading it. Valid until the next call.
 */
export function scratchArrays(length: number, count: number): Float64Array[] {
  if (scratchBuffer.length < length * count) scratchBuffer = new Float64Array(Math.max(length * count, 2 * scratchBuffer.length));
  const arrays: Float64Array[] = [];
  for (let k = 0; k < count; k++) arrays.push(scratchBuffer.subarray(k * length, (k + 1) * length));
  return arrays;
}

/** Rows [from, length) of every column; the arrays themselves when from = 0 (no copy). */
export function sliceColumns(columns: FeatureColumns, from: number): FeatureColumns {
  if (from === 0) return columns;
  const sliced = { date: columns.date.slice(from) } as Partial<FeatureColumns>;
  for (const name of NUMERIC_FEATURE_NAMES) (sliced as Record<string, unknown>)[name] = columns[name].slice(from);
  return sliced as FeatureColumns;
}

/** One stored row: numbers, a date string, or null. Never NaN or ±Infinity. */
export type FeatureRow = { [K in NumericFeatureName]: number | null } & { [K in DateFeatureName]: string | null };

/** Row `index` as a record; any non-finite number becomes null, so nothing non-finite leaves. */
export function featureRow(columns: FeatureColumns, index: number): FeatureRow {
  const row = { date: columns.date[index] ?? null } as Partial<FeatureRow>;
  for (const name of NUMERIC_FEATURE_NAMES) {
    const v = columns[name][index];
    (row as Record<FeatureName, number | string | null>)[name] = v !== undefined && Number.isFinite(v) ? v : null;
  }
  return row as FeatureRow;
}
