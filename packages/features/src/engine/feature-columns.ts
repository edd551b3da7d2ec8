import { FEATURE_NAMES, type DateFeatureName, type FeatureName, type NumericFeatureName } from '../catalog.ts';

/** Every numeric feature as a column (NaN = NULL) plus `date` as 'YYYY-MM-DD' strings. */
export type FeatureColumns = { [K in NumericFeatureName]: Float64Array } & { [K in DateFeatureName]: (string | null)[] };

export const NUMERIC_FEATURE_NAMES: readonly NumericFeatureName[] = FEATURE_NAMES.filter(
  (name): name is NumericFeatureName => name !== 'date',
);

/**
 * Columns as views into one allocation (one zero-fill, one object for the GC instead of 105),
 * followed by `scratchCount` work arrays for intermediate series.
 */
export function allocateColumns(length: number, scratchCount = 0): { columns: FeatureColumns; scratch: Float64Array[] } {
  const buffer = new Float64Array(length * (NUMERIC_FEATURE_NAMES.length + scratchCount));
  const columns = { date: new Array<string | null>(length).fill(null) } as Partial<FeatureColumns>;
  let offset = 0;
  for (const name of NUMERIC_FEATURE_NAMES) {
    (columns as Record<string, unknown>)[name] = buffer.subarray(offset, offset + length);
    offset += length;
  }
  const scratch: Float64Array[] = [];
  for (let k = 0; k < scratchCount; k++, offset += length) scratch.push(buffer.subarray(offset, offset + length));
  return { columns: columns as FeatureColumns, scratch };
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
