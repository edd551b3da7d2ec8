import type { BarColumns as MarketBarColumns } from '@mltrading/market';
import {
  BAR_INTERVALS,
  type BarInterval,
  type CalendarOptions,
  blockOf,
  sessionOpensOfBlock,
} from './calendar.ts';
import { type IntervalModel, intervalModel } from './interval-model.ts';
import { Random, hashWords } from './random.ts';
import {
  STREAM_ANCHOR_BACKWARD,
  STREAM_ANCHOR_FORWARD,
  STREAM_BAR_DETAIL,
  STREAM_SHOCKS,
  type SymbolProfile,
  symbolKey,
  symbolProfile,
} from './symbol-profile.ts';

export interface SyntheticMarketOptions {
  /** Default 42. Any 32-bit integer; the same seed always gives the same market. */
  readonly seed?: number;
  /**
   * AR(1) coefficient phi of the intrabar log return (see README, "Predictable component").
   * Default 0.05; 0 turns it off; allowed range [-0.5, 0.5].
   */
  readonly predictability?: number;
  /** Skip NYSE holidays. Default false (every weekday is a session). */
  readonly holidays?: boolean;
}

export interface BarRange {
  /** Inclusive start of the wanted bar starts. */
  readonly start: Date | number;
  /** Exclusive end of the wanted bar starts. */
  readonly end: Date | number;
  /** Bars whose start is after `now` do not exist yet. Default `Date.now()`. */
  readonly now?: Date | number;
}

/** Bars of one symbol as columns (index i across all arrays is one bar), in time order; bar start is epoch ms UTC. */
export type BarColumns = MarketBarColumns & {
  readonly symbol: string;
  readonly interval: BarInterval;
  readonly length: number;
};

export interface SyntheticBar {
  readonly timestamp: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export const DEFAULT_SEED = 42;
export const DEFAULT_PREDICTABILITY = 0.05;
const MAX_PREDICTABILITY = 0.5;

const MINUTE_MS = 60_000;
const TRADING_DAYS_PER_YEAR = 252;
/** Monthly AR coefficient of the anchor walk's deviation from the symbol's trend. */
const ANCHOR_REVERSION = 0.98;
const TYPICAL_DAYS_PER_MONTH = 21;

/** Work arrays reused across calls (generation is synchronous, so one set suffices). */
let scratchSize = 0;
let shocks = new Float64Array(0);
let logOpen = new Float64Array(0);
let logClose = new Float64Array(0);
let barSigma = new Float64Array(0);
let barVariance = new Float64Array(0);

function ensureScratch(size: number): void {
  if (size <= scratchSize) return;
  scratchSize = Math.max(size, 16_384);
  shocks = new Float64Array(scratchSize);
  logOpen = new Float64Array(scratchSize);
  logClose = new Float64Array(scratchSize);
  barSigma = new Float64Array(scratchSize);
  barVariance = new Float64Array(scratchSize);
}

function toMs(value: Date | number, name: string): number {
  const ms = typeof value === 'number' ? value : value.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`${name} is not a valid time`);
  return ms;
}

function resolvePredictability(value: number | undefined): number {
  const phi = value ?? DEFAULT_PREDICTABILITY;
  if (!Number.isFinite(phi) || Math.abs(phi) > MAX_PREDICTABILITY) {
    throw new RangeError(`predictability must be a number in [-${MAX_PREDICTABILITY}, ${MAX_PREDICTABILITY}], got ${phi}`);
  }
  return phi;
}

interface SymbolState {
  readonly key: number;
  readonly intervalId: number;
  readonly model: IntervalModel;
  readonly phi: number;
  readonly arScale: number;
  /** Unconditional std of each slot's intrabar log return. */
  readonly slotSigma: Float64Array;
  readonly slotVolume: Float64Array;
  readonly overnightSigma: number;
}

function symbolState(profile: SymbolProfile, key: number, interval: BarInterval, phi: number): SymbolState {
  const model = intervalModel(interval);
  const dailyVariance = (profile.annualVolatility * profile.annualVolatility) / TRADING_DAYS_PER_YEAR;
  const intradayVariance = (1 - profile.overnightVarianceShare) * dailyVariance;
  const slots = model.layout.barsPerDay;
  const slotSigma = new Float64Array(slots);
  const slotVolume = new Float64Array(slots);
  for (let slot = 0; slot < slots; slot += 1) {
    slotSigma[slot] = Math.sqrt(intradayVariance * (model.varianceShare[slot] as number));
    slotVolume[slot] = profile.dailyVolume * (model.volumeShare[slot] as number);
  }
  return {
    key,
    intervalId: BAR_INTERVALS.indexOf(interval),
    model,
    phi,
    arScale: Math.sqrt(1 - phi * phi),
    slotSigma,
    slotVolume,
    overnightSigma: Math.sqrt(profile.overnightVarianceShare * dailyVariance),
  };
}

/**
 * Log closes at the start of blocks first..last+1 (the close before each month's first bar). The
 * walk starts at block 0 (January 2025) and runs outwards, so it never depends on the range asked.
 */
function anchors(
  profile: SymbolProfile,
  key: number,
  first: number,
  last: number,
  calendar: CalendarOptions,
): Float64Array {
  const dailyVariance = (profile.annualVolatility * profile.annualVolatility) / TRADING_DAYS_PER_YEAR;
  const dailyLogDrift = (profile.annualDrift - 0.5 * profile.annualVolatility * profile.annualVolatility) / TRADING_DAYS_PER_YEAR;
  const stationarySd = Math.sqrt((TYPICAL_DAYS_PER_MONTH * dailyVariance) / (1 - ANCHOR_REVERSION * ANCHOR_REVERSION));
  const base = Math.log(profile.referencePrice);
  const out = new Float64Array(last + 2 - first);
  const forward = new Random(hashWords(key, STREAM_ANCHOR_FORWARD));
  const deviation0 = stationarySd * forward.normal();
  const put = (block: number, days: number, deviation: number): void => {
    if (block >= first && block <= last + 1) out[block - first] = base + dailyLogDrift * days + deviation;
  };
  put(0, 0, deviation0);
  let deviation = deviation0;
  let days = 0;
  for (let block = 0; block <= last; block += 1) {
    const monthDays = sessionOpensOfBlock(block, calendar).length;
    deviation = ANCHOR_REVERSION * deviation + Math.sqrt(monthDays * dailyVariance) * forward.normal();
    days += monthDays;
    put(block + 1, days, deviation);
  }
  const backward = new Random(hashWords(key, STREAM_ANCHOR_BACKWARD));
  deviation = deviation0;
  days = 0;
  for (let block = -1; block >= first; block -= 1) {
    const monthDays = sessionOpensOfBlock(block, calendar).length;
    deviation = ANCHOR_REVERSION * deviation + Math.sqrt(monthDays * dailyVariance) * backward.normal();
    days -= monthDays;
    put(block, days, deviation);
  }
  return out;
}

/** Fills `shocks[0..count)` with the block's standardised intrabar shocks. */
function drawShocks(state: SymbolState, block: number, count: number): void {
  const random = new Random(hashWords(state.key, state.intervalId, block, STREAM_SHOCKS));
  for (let j = 0; j < count; j += 1) shocks[j] = random.studentT5();
}

/**
 * The (normalised variance h, last intrabar return e) a block starts from: the recursion run over
 * the previous block's shocks from the unconditional state (h = 1, e = 0). Defining the start state
 * this way keeps every block computable on its own; after a month of bars the start value has decayed
 * to under 1 % (half-life three sessions), so the seam is invisible.
 */
function warmState(state: SymbolState, count: number): [number, number] {
  const { persistence, alpha, beta } = state.model;
  const slots = state.model.layout.barsPerDay;
  const { slotSigma, phi, arScale } = state;
  let h = 1;
  let e = 0;
  let slot = 0;
  for (let j = 0; j < count; j += 1) {
    const z = shocks[j] as number;
    e = phi * e + arScale * (slotSigma[slot] as number) * Math.sqrt(h) * z;
    h = 1 - persistence + (alpha * z * z + beta) * h;
    slot += 1;
    if (slot === slots) slot = 0;
  }
  return [h, e];
}

function roundCents(price: number): number {
  const cents = Math.round(price * 100);
  return cents < 1 ? 0.01 : cents / 100;
}

type Output = MarketBarColumns & { index: number };

function generateBlock(
  state: SymbolState,
  block: number,
  opens: Float64Array,
  startState: [number, number],
  anchorStart: number,
  anchorEnd: number,
  startMs: number,
  endMs: number,
  out: Output,
): void {
  const { persistence, alpha, beta, layout } = state.model;
  const slots = layout.barsPerDay;
  const count = opens.length * slots;
  const { slotSigma, slotVolume, phi, arScale, overnightSigma } = state;
  const detail = new Random(hashWords(state.key, state.intervalId, block, STREAM_BAR_DETAIL));
  const z0 = shocks;
  const lo0 = logOpen;
  const lc0 = logClose;
  const sg0 = barSigma;
  const hv0 = barVariance;
  const slotStart = layout.slotStartMinutes;

  // Pass 1: the unbridged log path relative to the anchor, and each bar's conditional std.
  let [h, e] = startState;
  let logPrice = 0;
  let slot = 0;
  for (let j = 0; j < count; j += 1) {
    const sqrtH = Math.sqrt(h);
    const open = slot === 0 ? logPrice + overnightSigma * sqrtH * detail.studentT5() : logPrice;
    const sigma = (slotSigma[slot] as number) * sqrtH;
    const z = z0[j] as number;
    e = phi * e + arScale * sigma * z;
    logPrice = open + e;
    lo0[j] = open;
    lc0[j] = logPrice;
    sg0[j] = sigma;
    hv0[j] = h;
    h = 1 - persistence + (alpha * z * z + beta) * h;
    slot += 1;
    if (slot === slots) slot = 0;
  }

  // Pass 2: bridge to the next anchor (a constant per-bar correction), then prices, range, volume.
  const correction = (anchorEnd - anchorStart - logPrice) / count;
  let previousClose = 0;
  slot = 0;
  let day = 0;
  for (let j = 0; j < count; j += 1) {
    const uHigh = detail.uniform();
    const uLow = detail.uniform();
    const volumeNoise = detail.normal();
    const o = anchorStart + (lo0[j] as number) + j * correction;
    const c = anchorStart + (lc0[j] as number) + (j + 1) * correction;
    const close = roundCents(Math.exp(c));
    const timestamp = (opens[day] as number) + (slotStart[slot] as number) * MINUTE_MS;
    if (timestamp >= startMs && timestamp < endMs) {
      const open = slot === 0 || j === 0 ? roundCents(Math.exp(o)) : previousClose;
      // Extremes of a Brownian bridge from 0 to b with the bar's variance, sampled exactly.
      const b = c - o;
      const sigma = sg0[j] as number;
      const twoVar = 2 * sigma * sigma;
      const up = 0.5 * (b + Math.sqrt(b * b - twoVar * Math.log(uHigh)));
      const down = 0.5 * (b - Math.sqrt(b * b - twoVar * Math.log(uLow)));
      const top = open > close ? open : close;
      const bottom = open < close ? open : close;
      const high = Math.max(top, roundCents(Math.exp(o + up)));
      const low = Math.min(bottom, roundCents(Math.exp(o + down)));
      const z = z0[j] as number;
      // Volume rises with the conditional variance and with the size of the bar's own shock.
      const activity = Math.exp(
        0.35 * Math.log(hv0[j] as number) + 0.25 * (Math.abs(z) - 0.8) + 0.35 * volumeNoise - 0.06125,
      );
      const i = out.index;
      out.timestamp[i] = timestamp;
      out.open[i] = open;
      out.high[i] = high;
      out.low[i] = low;
      out.close[i] = close;
      out.volume[i] = Math.max(1, Math.round((slotVolume[slot] as number) * activity));
      out.index = i + 1;
    }
    previousClose = close;
    slot += 1;
    if (slot === slots) {
      slot = 0;
      day += 1;
    }
  }
}

function countBars(interval: BarInterval, startMs: number, endMs: number, calendar: CalendarOptions): number {
  const model = intervalModel(interval);
  const { slotStartMinutes, barsPerDay } = model.layout;
  let count = 0;
  for (let block = blockOf(startMs); block <= blockOf(endMs - 1); block += 1) {
    for (const open of sessionOpensOfBlock(block, calendar)) {
      if (open + (slotStartMinutes[barsPerDay - 1] as number) * MINUTE_MS < startMs || open >= endMs) {
        continue;
      }
      for (let slot = 0; slot < barsPerDay; slot += 1) {
        const ts = open + (slotStartMinutes[slot] as number) * MINUTE_MS;
        if (ts >= startMs && ts < endMs) count += 1;
      }
    }
  }
  return count;
}

/**
 * Regular-session bars of one symbol whose start lies in [range.start, range.end) and is not after
 * `range.now`. The bars are a pure function of (seed, symbol, interval, bar start, predictability,
 * holidays): any sub-range is a slice of any larger range.
 */
export function generateBars(
  symbol: string,
  interval: BarInterval,
  range: BarRange,
  options: SyntheticMarketOptions = {},
): BarColumns {
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (symbol.length === 0) throw new RangeError('symbol must not be empty');
  const phi = resolvePredictability(options.predictability);
  const calendar: CalendarOptions = { holidays: options.holidays === true };
  const startMs = toMs(range.start, 'start');
  const nowMs = toMs(range.now ?? Date.now(), 'now');
  const endMs = Math.min(toMs(range.end, 'end'), Math.floor(nowMs) + 1);
  const length = endMs > startMs ? countBars(interval, startMs, endMs, calendar) : 0;
  const out: Output = {
    timestamp: new Float64Array(length),
    open: new Float64Array(length),
    high: new Float64Array(length),
    low: new Float64Array(length),
    close: new Float64Array(length),
    volume: new Float64Array(length),
    index: 0,
  };
  if (length > 0) {
    const profile = symbolProfile(symbol, seed);
    const key = symbolKey(seed, symbol);
    const state = symbolState(profile, key, interval, phi);
    const slots = state.model.layout.barsPerDay;
    const firstBlock = blockOf(startMs);
    const lastBlock = blockOf(endMs - 1);
    const anchorPath = anchors(profile, key, firstBlock, lastBlock, calendar);
    const previousCount = sessionOpensOfBlock(firstBlock - 1, calendar).length * slots;
    ensureScratch(previousCount);
    drawShocks(state, firstBlock - 1, previousCount);
    let startState = warmState(state, previousCount);
    for (let block = firstBlock; block <= lastBlock; block += 1) {
      const opens = sessionOpensOfBlock(block, calendar);
      const count = opens.length * slots;
      if (count === 0) continue;
      ensureScratch(count);
      drawShocks(state, block, count);
      generateBlock(
        state,
        block,
        opens,
        startState,
        anchorPath[block - firstBlock] as number,
        anchorPath[block + 1 - firstBlock] as number,
        startMs,
        endMs,
        out,
      );
      if (block < lastBlock) startState = warmState(state, count);
    }
  }
  return { symbol, interval, length, ...out };
}

/** Row view of columns: one plain object per bar (convenient, but allocates). */
export function barRows(columns: BarColumns): SyntheticBar[] {
  const rows: SyntheticBar[] = new Array(columns.length);
  for (let i = 0; i < columns.length; i += 1) rows[i] = barAt(columns, i);
  return rows;
}

export function barAt(columns: BarColumns, index: number): SyntheticBar {
  if (!Number.isInteger(index) || index < 0 || index >= columns.length) {
    throw new RangeError(`bar index ${index} is outside 0..${columns.length - 1}`);
  }
  return {
    timestamp: columns.timestamp[index] as number,
    open: columns.open[index] as number,
    high: columns.high[index] as number,
    low: columns.low[index] as number,
    close: columns.close[index] as number,
    volume: columns.volume[index] as number,
  };
}
