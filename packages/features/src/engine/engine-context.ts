import type { FeatureColumns } from './feature-columns.ts';
import type { MarketCalendar } from '../time/market-calendar.ts';
import type { MutableEngineState } from './engine-state.ts';

/**
 * What every group reads and writes. The series cover the bars carried in the state's tail
 * followed by the new bars; `resumeAt` is the index of the first new bar. Window features are
 * recomputed over the whole span (the tail is long enough for every window), recursive ones
 * continue from the imported accumulators at `resumeAt`.
 */
export interface EngineContext {
  readonly length: number;
  readonly resumeAt: number;
  readonly timestamp: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  /** Bar start in local wall-clock time, as epoch-like ms (timestamp + UTC offset). */
  readonly localTime: Float64Array;
  /** Local day number of each bar (days since 1970-01-01 in the market's zone). */
  readonly localDay: Float64Array;
  readonly columns: FeatureColumns;
  readonly calendar: MarketCalendar;
  readonly state: MutableEngineState;
  /**
   * Work arrays of `length` for intermediate series, shared by the groups: a group owns the ones
   * it takes until it returns and must write every element it later reads (contents are left
   * over from earlier groups).
   */
  readonly scratch: readonly Float64Array[];
}

/** Scratch arrays a group may take (the most any group uses: the technical group). */
export const SCRATCH_ARRAYS = 10;
