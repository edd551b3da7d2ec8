import { FEATURE_VERSION } from '../catalog.ts';
import { IncompatibleStateError } from '../errors/incompatible-state-error.ts';
import { newSmootherState, type SmootherState } from '../kernels/seeded-smoother.ts';
import { calendarKey, type MarketCalendarConfig } from '../time/market-calendar.ts';

/**
 * The longest look-back of any window feature at a new bar is 479 bars (SMA(close, 480)); the
 * tail keeps 480 so that every window over new bars is complete without the older history.
 */
export const TAIL_BARS = 480;
/** vpt is cumulative (it is not recomputable from the tail), and SMA(vpt, 24) needs its last 23 values. */
export const VPT_TAIL = 24;

/** Every EMA/RMA recursion of the feature set, by the feature it serves. */
export const SMOOTHER_NAMES = [
  'ema_12', 'ema_26', 'macd_signal',
  'rsi_14_gain', 'rsi_14_loss', 'rsi_1d_gain', 'rsi_1d_loss', 'rsi_3d_gain', 'rsi_3d_loss',
  'rsi_1w_gain', 'rsi_1w_loss', 'rsi_2w_gain', 'rsi_2w_loss', 'rsi_ema_gain', 'rsi_ema_loss',
  'atr', 'plus_dm', 'minus_dm', 'adx',
] as const;
export type SmootherName = (typeof SMOOTHER_NAMES)[number];

/** A smoother as JSON: `value` null until seeded (JSON has no NaN). */
export interface SavedSmoother {
  readonly seen: number;
  readonly seedSum: number;
  readonly value: number | null;
}

export interface SavedIntraday {
  /** Local day number (days since 1970-01-01 in the market's zone) of the last bar. */
  readonly localDay: number;
  readonly openFirst: number;
  readonly high: number;
  readonly low: number;
  /** Close of the last bar of the previous local date that had bars; null on the first date. */
  readonly previousDayClose: number | null;
}

export interface SavedBars {
  readonly timestamp: number[];
  readonly open: number[];
  readonly high: number[];
  readonly low: number[];
  readonly close: number[];
  readonly volume: number[];
}

/**
 * Everything needed to continue a symbol's computation exactly: JSON-serialisable, a few
 * kilobytes (480 raw bars dominate). Tied to `FEATURE_VERSION` and to the market calendar:
 * a state written under another version or calendar is refused, never reinterpreted.
 */
export interface FeatureEngineState {
  readonly kind: 'mltrading.feature-engine-state';
  readonly featureVersion: string;
  readonly calendar: MarketCalendarConfig;
  /** Bars consumed since the symbol's first stored bar. */
  readonly barsSeen: number;
  /** The last ≤ 480 raw bars, oldest first. */
  readonly tail: SavedBars;
  /** The last ≤ 24 values of vpt, aligned with the end of `tail`. */
  readonly vptTail: number[];
  readonly smoothers: { readonly [K in SmootherName]: SavedSmoother };
  /** Last values of the cumulative features; null before the first bar. */
  readonly cumulative: { readonly vpt: number | null; readonly obv: number | null };
  readonly intraday: SavedIntraday | null;
}

/** The engine's working copy of the recursive accumulators (NaN instead of null). */
export interface MutableEngineState {
  smoothers: Record<SmootherName, SmootherState>;
  vpt: number;
  obv: number;
  intraday: { localDay: number; openFirst: number; high: number; low: number; previousDayClose: number };
  vptTail: number[];
}

export function freshState(): MutableEngineState {
  const smoothers = {} as Record<SmootherName, SmootherState>;
  for (const name of SMOOTHER_NAMES) smoothers[name] = newSmootherState();
  return {
    smoothers,
    vpt: NaN,
    obv: NaN,
    intraday: { localDay: NaN, openFirst: NaN, high: NaN, low: NaN, previousDayClose: NaN },
    vptTail: [],
  };
}

const orNaN = (v: number | null): number => (v === null ? NaN : v);
const orNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

function isFiniteArray(a: unknown, maxLength: number): a is number[] {
  return Array.isArray(a) && a.length <= maxLength && a.every((v) => typeof v === 'number' && Number.isFinite(v));
}

/** Checks a saved state (e.g. parsed from JSON) and converts it to the working form. */
export function importState(saved: FeatureEngineState, calendar: MarketCalendarConfig): MutableEngineState {
  if (saved?.kind !== 'mltrading.feature-engine-state') throw new IncompatibleStateError('not a feature engine state');
  if (saved.featureVersion !== FEATURE_VERSION) {
    throw new IncompatibleStateError(
      `state was written by feature version ${saved.featureVersion}, this engine computes ${FEATURE_VERSION}: recompute the history`,
    );
  }
  if (calendarKey(saved.calendar) !== calendarKey(calendar)) {
    throw new IncompatibleStateError(`state uses calendar ${calendarKey(saved.calendar)}, asked for ${calendarKey(calendar)}`);
  }
  const tail = saved.tail;
  const fields = ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const;
  const length = tail?.timestamp?.length;
  if (!Number.isInteger(saved.barsSeen) || typeof length !== 'number' || saved.barsSeen < length || (length === 0) !== (saved.barsSeen === 0)) {
    throw new IncompatibleStateError('state barsSeen does not match its tail');
  }
  for (const field of fields) {
    if (!isFiniteArray(tail[field], TAIL_BARS) || tail[field].length !== length) {
      throw new IncompatibleStateError(`state tail.${field} is malformed`);
    }
  }
  if (!isFiniteArray(saved.vptTail, VPT_TAIL) || saved.vptTail.length > length) throw new IncompatibleStateError('state vptTail is malformed');
  const state = freshState();
  for (const name of SMOOTHER_NAMES) {
    const s = saved.smoothers?.[name];
    if (!s || !Number.isInteger(s.seen) || !Number.isFinite(s.seedSum) || (s.value !== null && !Number.isFinite(s.value))) {
      throw new IncompatibleStateError(`state smoother ${name} is malformed`);
    }
    state.smoothers[name] = { seen: s.seen, seedSum: s.seedSum, value: orNaN(s.value) };
  }
  state.vpt = orNaN(saved.cumulative?.vpt ?? null);
  state.obv = orNaN(saved.cumulative?.obv ?? null);
  if (saved.intraday) {
    const d = saved.intraday;
    state.intraday = {
      localDay: d.localDay,
      openFirst: d.openFirst,
      high: d.high,
      low: d.low,
      previousDayClose: orNaN(d.previousDayClose),
    };
  }
  state.vptTail = [...saved.vptTail];
  return state;
}

export function exportState(
  state: MutableEngineState,
  calendar: MarketCalendarConfig,
  barsSeen: number,
  tail: SavedBars,
): FeatureEngineState {
  const smoothers = {} as Record<SmootherName, SavedSmoother>;
  for (const name of SMOOTHER_NAMES) {
    const s = state.smoothers[name];
    smoothers[name] = { seen: s.seen, seedSum: s.seedSum, value: orNull(s.value) };
  }
  const d = state.intraday;
  return {
    kind: 'mltrading.feature-engine-state',
    featureVersion: FEATURE_VERSION,
    calendar: { ...calendar },
    barsSeen,
    tail,
    vptTail: state.vptTail,
    smoothers,
    cumulative: { vpt: orNull(state.vpt), obv: orNull(state.obv) },
    intraday: Number.isFinite(d.localDay)
      ? { localDay: d.localDay, openFirst: d.openFirst, high: d.high, low: d.low, previousDayClose: orNull(d.previousDayClose) }
      : null,
  };
}

/** x[from..to) as a plain array (JSON-serialisable); a loop, as Array.from on a typed array is several times slower. */
export function toNumberArray(x: Float64Array, from: number, to: number): number[] {
  const values: number[] = [];
  for (let i = from; i < to; i++) values.push(x[i]!);
  return values;
}
