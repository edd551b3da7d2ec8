import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { computeFeatures, InvalidBarsError, type FeatureColumns, type FeatureEngineState, type MarketCalendarConfig } from '@mltrading/features';
import type { MarketBarColumns } from '@mltrading/db';

export interface ComputedSlice {
  /** Bars of the emitted rows (aligned with `columns`). */
  readonly bars: MarketBarColumns;
  readonly columns: FeatureColumns;
}

export interface ComputeInSlicesOptions {
  readonly state: FeatureEngineState | undefined;
  readonly calendar: MarketCalendarConfig;
  /** Index of the first bar whose row is emitted (earlier bars only advance the state). */
  readonly emitFrom: number;
  readonly sliceBars: number;
  /** Called with each slice's rows, awaited before the next slice is computed. */
  readonly onSlice: (slice: ComputedSlice) => Promise<void>;
}

export interface ComputeInSlicesResult {
  readonly state: FeatureEngineState | undefined;
  readonly computeMs: number;
}

/**
 * Runs the engine over `bars` in slices of `sliceBars`, each continuing from the previous slice's
 * state (exact: the engine's continuation equals a single call). Between slices the event loop
 * runs, so BullMQ renews the job's lock and a long history never makes the job look stalled.
 */
export async function computeInSlices(bars: MarketBarColumns, options: ComputeInSlicesOptions): Promise<ComputeInSlicesResult> {
  const n = bars.timestamp.length;
  let state = options.state;
  let computeMs = 0;
  for (let start = 0; start < n; start += options.sliceBars) {
    const end = Math.min(n, start + options.sliceBars);
    const slice = sliceBars(bars, start, end);
    const emitFrom = Math.min(end - start, Math.max(0, options.emitFrom - start));
    const began = performance.now();
    let result;
    try {
      result = computeFeatures(slice, { ...(state === undefined ? {} : { state }), emitFrom, calendar: options.calendar });
    } catch (error) {
      throw error instanceof InvalidBarsError && start > 0 ? renumbered(error, start) : error;
    }
    computeMs += performance.now() - began;
    state = result.state;
    if (emitFrom < end - start) await options.onSlice({ bars: sliceBars(slice, emitFrom, end - start), columns: result.columns });
    await yieldToEventLoop();
  }
  return { state, computeMs };
}

function sliceBars(bars: MarketBarColumns, start: number, end: number): MarketBarColumns {
  return {
    timestamp: bars.timestamp.subarray(start, end),
    open: bars.open.subarray(start, end),
    high: bars.high.subarray(start, end),
    low: bars.low.subarray(start, end),
    close: bars.close.subarray(start, end),
    volume: bars.volume.subarray(start, end),
  };
}

/** The engine numbers bars within the slice; the caller knows them by their index in `bars`. */
function renumbered(error: InvalidBarsError, offset: number): InvalidBarsError {
  const detail = error.message.slice(error.message.indexOf('): ') + 3);
  return new InvalidBarsError(error.index + offset, error.field, error.problem, detail);
}
