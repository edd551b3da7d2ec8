// EMA and Wilder's RMA share one recursion and one seeding rule (FEATURES.md): the first value is
// the SMA of the first `period` inputs, placed at the period-th input; after that
// value = alpha·x + (1 − alpha)·value. Because the recursion has infinite memory, its whole state
// (inputs seen, partial seed sum, current value) is kept in a small object that the engine exports
// and imports, so a run over appended bars continues exactly where the previous run stopped.

export interface SmootherState {
  /** Inputs consumed so far (NaN inputs are skipped and not counted). */
  seen: number;
  /** Sum of the first inputs while seeding (seen < period). */
  seedSum: number;
  /** Current smoothed value; NaN until seeded. */
  value: number;
}

export const emaAlpha = (period: number): number => 2 / (period + 1);
export const wilderAlpha = (period: number): number => 1 / period;

export function newSmootherState(): SmootherState {
  return { seen: 0, seedSum: 0, value: NaN };
}

/**
 * Smooths x[from..to) into out[from..to), continuing from `state` (mutated). A NaN input (NULL,
 * e.g. a DX whose DI sum is 0) yields NaN for that bar and leaves the state untouched, so leading
 * NULLs of a derived series (macd before index 25) simply delay the seed.
 */
export function smoothSeries(
  x: Float64Array,
  from: number,
  to: number,
  period: number,
  alpha: number,
  state: SmootherState,
  out: Float64Array,
): void {
  let { seen, seedSum, value } = state;
  const keep = 1 - alpha;
  for (let i = from; i < to; i++) {
    const v = x[i]!;
    if (v !== v) {
      out[i] = NaN;
      continue;
    }
    if (seen < period) {
      seedSum += v;
      seen++;
      if (seen === period) value = seedSum / period;
      out[i] = value;
    } else {
      value = alpha * v + keep * value;
      seen++;
      out[i] = value;
    }
  }
  state.seen = seen;
  state.seedSum = seedSum;
  state.value = value;
}
