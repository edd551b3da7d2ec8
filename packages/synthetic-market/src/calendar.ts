/**
 * The US regular session (NYSE/NASDAQ, America/New_York 09:30–16:00) in UTC, computed without Intl
 * so that it is fast and independent of the host's time-zone database.
 */

import { INTERVALS, type Interval } from '@mltrading/market';

export type BarInterval = Interval;

export const BAR_INTERVALS: readonly BarInterval[] = INTERVALS;

export interface CalendarOptions {
  /** Skip the NYSE full-day holidays (see `isNyseHoliday`). Default false: every weekday trades. */
  readonly holidays?: boolean;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** 09:30 local, in minutes after local midnight. */
const SESSION_OPEN_MINUTES = 9 * 60 + 30;
export const SESSION_MINUTES = 390;

/** Block index 0 is January 2025; blocks are calendar months. */
export const EPOCH_YEAR = 2025;

/** Day of month of the n-th (1-based) given weekday (0 = Sunday) of a month (0-based). */
function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  const first = new Date(Date.UTC(year, month, 1)).getUTCDay();
  return 1 + ((weekday - first + 7) % 7) + (n - 1) * 7;
}

function lastWeekday(year: number, month: number, weekday: number): number {
  const days = daysInMonth(year, month);
  const last = new Date(Date.UTC(year, month, days)).getUTCDay();
  return days - ((last - weekday + 7) % 7);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/**
 * Whether a local calendar date in New York observes daylight saving time. Rules: 2007 on, second
 * Sunday of March to first Sunday of November; before 2007, first Sunday of April to last Sunday of
 * October (applied to every earlier year too, which is exact from 1987). The switch happens at
 * 02:00 local on a Sunday, so a whole trading day is always on one side of it.
 */
export function isNewYorkDst(year: number, month: number, day: number): boolean {
  let startMonth: number;
  let startDay: number;
  let endMonth: number;
  let endDay: number;
  if (year >= 2007) {
    startMonth = 2;
    startDay = nthWeekday(year, 2, 0, 2);
    endMonth = 10;
    endDay = nthWeekday(year, 10, 0, 1);
  } else {
    startMonth = 3;
    startDay = nthWeekday(year, 3, 0, 1);
    endMonth = 9;
    endDay = lastWeekday(year, 9, 0);
  }
  const key = month * 32 + day;
  return key >= startMonth * 32 + startDay && key < endMonth * 32 + endDay;
}

/** UTC epoch ms of 09:30 America/New_York on a local date. */
export function sessionOpenUtc(year: number, month: number, day: number): number {
  const offsetHours = isNewYorkDst(year, month, day) ? 4 : 5;
  return Date.UTC(year, month, day) + SESSION_OPEN_MINUTES * MINUTE_MS + offsetHours * HOUR_MS;
}

/** Gregorian Easter Sunday (anonymous algorithm), as [month (0-based), day]. */
function easterSunday(year: number): [number, number] {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return [month - 1, day];
}

/** Observed date of a fixed-date holiday: Saturday moves to Friday, Sunday to Monday. */
function observedFixed(year: number, month: number, day: number): number {
  const ms = Date.UTC(year, month, day);
  const weekday = new Date(ms).getUTCDay();
  if (weekday === 6) return ms - DAY_MS;
  if (weekday === 0) return ms + DAY_MS;
  return ms;
}

const holidayCache = new Map<number, Set<number>>();

function nyseHolidays(year: number): Set<number> {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  const days = new Set<number>();
  // New Year's Day: a Saturday holiday is not moved back into December (NYSE rule 7.2).
  const newYear = Date.UTC(year, 0, 1);
  const newYearWeekday = new Date(newYear).getUTCDay();
  if (newYearWeekday === 0) days.add(newYear + DAY_MS);
  else if (newYearWeekday !== 6) days.add(newYear);
  if (year >= 1998) days.add(Date.UTC(year, 0, nthWeekday(year, 0, 1, 3)));
  days.add(Date.UTC(year, 1, nthWeekday(year, 1, 1, 3)));
  const [easterMonth, easterDay] = easterSunday(year);
  days.add(Date.UTC(year, easterMonth, easterDay) - 2 * DAY_MS);
  days.add(Date.UTC(year, 4, lastWeekday(year, 4, 1)));
  if (year >= 2022) days.add(observedFixed(year, 5, 19));
  days.add(observedFixed(year, 6, 4));
  days.add(Date.UTC(year, 8, nthWeekday(year, 8, 1, 1)));
  days.add(Date.UTC(year, 10, nthWeekday(year, 10, 4, 4)));
  days.add(observedFixed(year, 11, 25));
  holidayCache.set(year, days);
  return days;
}

/**
 * NYSE full-day closures by rule: New Year's Day, Martin Luther King Jr. Day (from 1998),
 * Presidents' Day, Good Friday, Memorial Day, Juneteenth (from 2022), Independence Day, Labor Day,
 * Thanksgiving and Christmas, with the weekend observance rules. One-off closures (2001-09-11..14,
 * Hurricane Sandy, days of mourning) and the 13:00 early closes are not modelled.
 */
export function isNyseHoliday(year: number, month: number, day: number): boolean {
  return nyseHolidays(year).has(Date.UTC(year, month, day));
}

/** Block index (months since January 2025) of a UTC timestamp. */
export function blockOf(timestampMs: number): number {
  const date = new Date(timestampMs);
  return (date.getUTCFullYear() - EPOCH_YEAR) * 12 + date.getUTCMonth();
}

const monthCache = new Map<string, Float64Array>();

/**
 * Session opens (UTC ms of 09:30 New York) of the trading days of one block (calendar month), in
 * order. Sessions run 13:30–21:00 UTC at the latest, so a session's UTC date is its local date.
 */
export function sessionOpensOfBlock(block: number, options: CalendarOptions = {}): Float64Array {
  const holidays = options.holidays === true;
  const key = `${block}:${holidays ? 1 : 0}`;
  const cached = monthCache.get(key);
  if (cached) return cached;
  const year = EPOCH_YEAR + Math.floor(block / 12);
  const month = ((block % 12) + 12) % 12;
  const opens: number[] = [];
  const days = daysInMonth(year, month);
  for (let day = 1; day <= days; day += 1) {
    const weekday = new Date(Date.UTC(year, month, day)).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    if (holidays && isNyseHoliday(year, month, day)) continue;
    opens.push(sessionOpenUtc(year, month, day));
  }
  const result = Float64Array.from(opens);
  monthCache.set(key, result);
  return result;
}

/** How bars of an interval sit in a session. */
export interface IntervalLayout {
  readonly interval: BarInterval;
  /** Nominal bar length in minutes (390 for 1d). */
  readonly minutes: number;
  readonly barsPerDay: number;
  /** Minutes after 09:30 at which each slot's bar starts. */
  readonly slotStartMinutes: Float64Array;
  /** Minutes of the session each slot covers (the last 1h slot covers 30). */
  readonly slotMinutes: Float64Array;
}

const INTERVAL_MINUTES: Record<BarInterval, number> = {
  '1m': 1,
  '5m': 5,
  '15m': 15,
  '30m': 30,
  '1h': 60,
  '1d': SESSION_MINUTES,
};

const layoutCache = new Map<BarInterval, IntervalLayout>();

/**
 * Bars start at 09:30 + i·interval local. 1h bars therefore start at 09:30, 10:30, …, 15:30 (seven
 * a day, the last covering only the final half hour), the layout Yahoo and most vendors use for
 * hourly US equity bars. A 1d bar is stamped with its session open (09:30 New York), so the bar's
 * New York local date is its trading date.
 */
export function intervalLayout(interval: BarInterval): IntervalLayout {
  const cached = layoutCache.get(interval);
  if (cached) return cached;
  const minutes = INTERVAL_MINUTES[interval];
  if (minutes === undefined) throw new RangeError(`unsupported interval ${String(interval)}`);
  const barsPerDay = Math.ceil(SESSION_MINUTES / minutes);
  const slotStartMinutes = new Float64Array(barsPerDay);
  const slotMinutes = new Float64Array(barsPerDay);
  for (let slot = 0; slot < barsPerDay; slot += 1) {
    slotStartMinutes[slot] = slot * minutes;
    slotMinutes[slot] = Math.min(minutes, SESSION_MINUTES - slot * minutes);
  }
  const layout: IntervalLayout = { interval, minutes, barsPerDay, slotStartMinutes, slotMinutes };
  layoutCache.set(interval, layout);
  return layout;
}

/** Bar starts of the regular session in [startMs, endMs), in order. */
export function sessionBarStarts(
  interval: BarInterval,
  startMs: number,
  endMs: number,
  options: CalendarOptions = {},
): Float64Array {
  if (!(endMs > startMs)) return new Float64Array(0);
  const layout = intervalLayout(interval);
  const out: number[] = [];
  for (let block = blockOf(startMs); block <= blockOf(endMs - 1); block += 1) {
    for (const open of sessionOpensOfBlock(block, options)) {
      for (let slot = 0; slot < layout.barsPerDay; slot += 1) {
        const ts = open + (layout.slotStartMinutes[slot] as number) * MINUTE_MS;
        if (ts >= startMs && ts < endMs) out.push(ts);
      }
    }
  }
  return Float64Array.from(out);
}
