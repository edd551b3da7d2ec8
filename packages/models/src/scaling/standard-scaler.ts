import { ModelInputError } from '../errors/model-input-error.ts';

/** Per-feature centre and scale; `scale` is the population standard deviation, 1 where it was 0. */
export interface StandardScaler {
  mean: Float64Array;
  scale: Float64Array;
}

/**
 * Fits on the given (training) rows only: statistics that saw the test fold would leak its level
 * and spread into training. Two-pass mean/variance for accuracy on large, offset columns.
 */
export function fitStandardScaler(columns: readonly Float64Array[], rows: Int32Array): StandardScaler {
  if (rows.length === 0) throw new ModelInputError('cannot fit a scaler on zero rows');
  const mean = new Float64Array(columns.length);
  const scale = new Float64Array(columns.length);
  columns.forEach((column, j) => {
    let sum = 0;
    for (let i = 0; i < rows.length; i++) sum += column[rows[i]!]!;
    const centre = sum / rows.length;
    let squares = 0;
    for (let i = 0; i < rows.length; i++) {
      const deviation = column[rows[i]!]! - centre;
      squares += deviation * deviation;
    }
    const std = Math.sqrt(squares / rows.length);
    mean[j] = centre;
    // A constant column carries no information; scale 1 keeps it finite (it becomes all zeros).
    scale[j] = std > 0 && Number.isFinite(std) ? std : 1;
  });
  return { mean, scale };
}

/** (x - mean) / scale for the given rows (all rows when omitted), as new column arrays in row order. */
export function applyStandardScaler(scaler: StandardScaler, columns: readonly Float64Array[], rows?: Int32Array): Float64Array[] {
  if (columns.length !== scaler.mean.length) {
    throw new ModelInputError(`scaler was fitted on ${scaler.mean.length} features, got ${columns.length} columns`);
  }
  return columns.map((column, j) => {
    const centre = scaler.mean[j]!;
    const inverse = 1 / scaler.scale[j]!;
    const count = rows === undefined ? column.length : rows.length;
    const out = new Float64Array(count);
    if (rows === undefined) for (let i = 0; i < count; i++) out[i] = (column[i]! - centre) * inverse;
    else for (let i = 0; i < count; i++) out[i] = (column[rows[i]!]! - centre) * inverse;
    return out;
  });
}
