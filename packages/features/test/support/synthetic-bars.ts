// Deterministic synthetic bars for tests and the benchmark: a seeded geometric random walk on
// US regular-session hourly bars (09:30, 10:30, … 15:30 New York time, weekdays). The UTC
// timestamps are derived with the US daylight-saving rule written out here (second Sunday of March
// to first Sunday of November, 02:00 local), independently of the engine's Intl-based calendar.
import type { BarColumns } from '../../src/index.ts';

/** mulberry32: small, fast, good enough for test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** nth (1-based) Sunday of a month, as a UTC day start. */
function nthSunday(year: number, month: number, nth: number): number {
  const first = Date.UTC(year, month, 1);
  const dow = new Date(first).getUTCDay();
  return first + (((7 - dow) % 7) + 7 * (nth - 1)) * DAY;
}

/** New York UTC offset in hours (−4 in daylight time, −5 otherwise) for a local calendar day. */
export function newYorkOffsetHours(localDayStartUtc: number): number {
  const year = new Date(localDayStartUtc).getUTCFullYear();
  const dstStart = nthSunday(year, 2, 2);
  const dstEnd = nthSunday(year, 10, 1);
  return localDayStartUtc >= dstStart && localDayStartUtc < dstEnd ? -4 : -5;
}

/** UTC timestamps of `count` hourly session bars starting on local date `startDay` ('YYYY-MM-DD'). */
export function sessionTimestamps(count: number, startDay = '2024-01-02'): Float64Array {
  const out = new Float64Array(count);
  let day = Date.parse(`${startDay}T00:00:00Z`);
  let k = 0;
  while (k < count) {
    const dow = new Date(day).getUTCDay();
    if (dow !== 0 && dow !== 6) {
      const offset = newYorkOffsetHours(day);
      for (let bar = 0; bar < 7 && k < count; bar++) out[k++] = day + (9.5 + bar) * HOUR - offset * HOUR;
    }
    day += DAY;
  }
  return out;
}

export interface RandomWalkOptions {
  readonly count: number;
  readonly seed: number;
  readonly startPrice?: number;
  /** Per-bar volatility of log returns. */
  readonly sigma?: number;
  readonly timestamps?: Float64Array;
}

export function randomWalkBars(options: RandomWalkOptions): BarColumns {
  const { count, seed, startPrice = 100, sigma = 0.01 } = options;
  const random = seededRandom(seed);
  const timestamp = options.timestamps ?? sessionTimestamps(count);
  const open = new Float64Array(count);
  const high = new Float64Array(count);
  const low = new Float64Array(count);
  const close = new Float64Array(count);
  const volume = new Float64Array(count);
  let previous = startPrice;
  for (let i = 0; i < count; i++) {
    const o = previous * Math.exp(0.2 * sigma * gaussian(random));
    const c = o * Math.exp(sigma * gaussian(random));
    open[i] = o;
    close[i] = c;
    high[i] = Math.max(o, c) * (1 + 0.5 * sigma * random());
    low[i] = Math.min(o, c) * (1 - 0.5 * sigma * random());
    volume[i] = Math.round(1e5 * Math.exp(0.5 * gaussian(random)));
    previous = c;
  }
  return { timestamp, open, high, low, close, volume };
}

/** Bars [from, to) of a series, as a new BarColumns (copies). */
export function sliceBars(bars: BarColumns, from: number, to: number): BarColumns {
  return {
    timestamp: bars.timestamp.slice(from, to),
    open: bars.open.slice(from, to),
    high: bars.high.slice(from, to),
    low: bars.low.slice(from, to),
    close: bars.close.slice(from, to),
    volume: bars.volume.slice(from, to),
  };
}
