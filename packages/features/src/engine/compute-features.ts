import { validateBars, type BarColumns } from '../input/bar-columns.ts';
import { computeIntradayGroup } from '../groups/intraday.ts';
import { computeLagGroup } from '../groups/lags.ts';
import { computeMovingAverageGroup } from '../groups/moving-average.ts';
import { computePriceGroup } from '../groups/price.ts';
import { computeRollingGroup } from '../groups/rolling.ts';
import { computeRsiGroup } from '../groups/rsi.ts';
import { computeTechnicalGroup } from '../groups/technical.ts';
import { computeTimeGroup, localTimes } from '../groups/time.ts';
import { computeVolatilityGroup } from '../groups/volatility.ts';
import { computeVolumeGroup } from '../groups/volume.ts';
import { DEFAULT_MARKET_CALENDAR, marketCalendar, type MarketCalendarConfig } from '../time/market-calendar.ts';
import { SCRATCH_ARRAYS, type EngineContext } from './engine-context.ts';
import { exportState, freshState, importState, TAIL_BARS, toNumberArray, type FeatureEngineState, type SavedBars } from './engine-state.ts';
import { allocateColumns, scratchArrays, sliceColumns, type FeatureColumns } from './feature-columns.ts';

export interface ComputeFeaturesOptions {
  /** State returned by the previous call for this symbol: `bars` are then the bars after it. */
  readonly state?: FeatureEngineState;
  /** Index into `bars` of the first row to return; earlier bars only warm the windows up. */
  readonly emitFrom?: number;
  /** Market zone and session; defaults to America/New_York 09:30–16:00 (midday 12:00). */
  readonly calendar?: MarketCalendarConfig;
}

export interface FeatureResult {
  /** Bar start of each returned row (epoch ms UTC). */
  readonly timestamp: Float64Array;
  /** One column per feature, rows = bars[emitFrom..]. NaN = NULL; use `featureRow` to store. */
  readonly columns: FeatureColumns;
  /** Snapshot to pass as `state` with the next bars of the same symbol. */
  readonly state: FeatureEngineState;
}

const BAR_FIELDS = ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const;

/**
 * Computes every v3.0 feature for one symbol's bars (see FEATURES.md). Pure: no I/O, no clock.
 * With `state`, continues a previous computation exactly as if all bars had been given at once.
 */
export function computeFeatures(bars: BarColumns, options: ComputeFeaturesOptions = {}): FeatureResult {
  const calendarConfig = options.calendar ?? options.state?.calendar ?? DEFAULT_MARKET_CALENDAR;
  const calendar = marketCalendar(calendarConfig);
  const state = options.state ? importState(options.state, calendarConfig) : freshState();
  const lastTimestamp = options.state ? options.state.tail.timestamp.at(-1) : undefined;
  const newBars = validateBars(bars, lastTimestamp);
  const emitFrom = options.emitFrom ?? 0;
  if (!Number.isInteger(emitFrom) || emitFrom < 0 || emitFrom > newBars) {
    throw new RangeError(`emitFrom must be an integer in [0, ${newBars}], got ${emitFrom}`);
  }

  const tail = options.state?.tail;
  const resumeAt = tail ? tail.timestamp.length : 0;
  const series = tail ? joinTail(tail, bars) : bars;
  const length = resumeAt + newBars;

  const columns = allocateColumns(length);
  const scratch = scratchArrays(length, SCRATCH_ARRAYS + 2);
  const localTime = scratch.pop()!;
  const localDay = scratch.pop()!;
  localTimes(series.timestamp, calendar, localTime, localDay);
  const ctx: EngineContext = {
    length,
    resumeAt,
    timestamp: series.timestamp,
    open: series.open,
    high: series.high,
    low: series.low,
    close: series.close,
    volume: series.volume,
    localTime,
    localDay,
    columns,
    calendar,
    state,
    scratch,
  };
  // Order matters: later groups read columns of earlier ones (returns, SD(r), EMAs, volume_ratio).
  computePriceGroup(ctx);
  computeRollingGroup(ctx);
  computeMovingAverageGroup(ctx);
  computeVolatilityGroup(ctx);
  computeVolumeGroup(ctx);
  computeRsiGroup(ctx);
  computeTechnicalGroup(ctx);
  computeTimeGroup(ctx);
  computeIntradayGroup(ctx);
  computeLagGroup(ctx);

  const first = resumeAt + emitFrom;
  const barsSeen = (options.state?.barsSeen ?? 0) + newBars;
  const nextState = exportState(state, calendar.config, barsSeen, keepTail(series, length));
  return {
    timestamp: series.timestamp.slice(first),
    columns: sliceColumns(ctx.columns, first),
    state: nextState,
  };
}

function joinTail(tail: SavedBars, bars: BarColumns): BarColumns {
  const joined = {} as Record<(typeof BAR_FIELDS)[number], Float64Array>;
  for (const field of BAR_FIELDS) {
    const column = new Float64Array(tail[field].length + bars[field].length);
    column.set(tail[field]);
    column.set(bars[field], tail[field].length);
    joined[field] = column;
  }
  return joined;
}

function keepTail(series: BarColumns, length: number): SavedBars {
  const from = Math.max(0, length - TAIL_BARS);
  const tail = {} as Record<(typeof BAR_FIELDS)[number], number[]>;
  for (const field of BAR_FIELDS) tail[field] = toNumberArray(series[field], from, length);
  return tail;
}

