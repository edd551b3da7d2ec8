import type { EngineContext } from '../engine/engine-context.ts';
import { isoDateOfDay } from '../time/civil-date.ts';
import { MS_PER_DAY, type MarketCalendar } from '../time/market-calendar.ts';

const MS_PER_HOUR = 3_600_000;
const MS_PER_MINUTE = 60_000;
const TWO_PI = 2 * Math.PI;

// hour and day_of_week take 24 and 7 values: the same Math.sin/cos results, computed once.
const HOUR_SIN = Float64Array.from({ length: 24 }, (_, h) => Math.sin((TWO_PI * h) / 24));
const HOUR_COS = Float64Array.from({ length: 24 }, (_, h) => Math.cos((TWO_PI * h) / 24));
const DOW_SIN = Float64Array.from({ length: 7 }, (_, d) => Math.sin((TWO_PI * d) / 7));
const DOW_COS = Float64Array.from({ length: 7 }, (_, d) => Math.cos((TWO_PI * d) / 7));

/** Calendar position of each bar start in the market's local time; day_of_week 0 = Monday. */
export function computeTimeGroup(ctx: EngineContext): void {
  const { length, localTime, calendar, localDay: localDays, columns: c } = ctx;
  const { date, day_of_week, dow_cos, dow_sin, hour: hourColumn, hour_cos, hour_sin, hours_since_open, hours_to_close, is_afternoon, is_market_open, is_morning } = c;
  const { openMinute, closeMinute, middayMinute } = calendar;
  const sessionHours = (closeMinute - openMinute) / 60;
  // Day-level parts (weekday, date string, their sin/cos) change once per local day, not per bar.
  let currentDay = NaN;
  let dayOfWeek = 0;
  let isWeekday = false;
  let isoDate = '';
  let dowSin = 0;
  let dowCos = 0;
  for (let i = 0; i < length; i++) {
    const localDay = localDays[i]!;
    if (localDay !== currentDay) {
      currentDay = localDay;
      // 1970-01-01 was a Thursday (3 when Monday = 0).
      dayOfWeek = (((localDay + 3) % 7) + 7) % 7;
      isWeekday = dayOfWeek < 5;
      isoDate = isoDateOfDay(localDay);
      dowSin = DOW_SIN[dayOfWeek]!;
      dowCos = DOW_COS[dayOfWeek]!;
    }
    const msOfDay = localTime[i]! - localDay * MS_PER_DAY;
    const hour = Math.floor(msOfDay / MS_PER_HOUR);
    const minute = msOfDay / MS_PER_MINUTE;
    const open = isWeekday && minute >= openMinute && minute < closeMinute;
    hourColumn[i] = hour;
    day_of_week[i] = dayOfWeek;
    date[i] = isoDate;
    hour_sin[i] = HOUR_SIN[hour]!;
    hour_cos[i] = HOUR_COS[hour]!;
    dow_sin[i] = dowSin;
    dow_cos[i] = dowCos;
    is_market_open[i] = open ? 1 : 0;
    is_morning[i] = open && minute < middayMinute ? 1 : 0;
    is_afternoon[i] = open && minute >= middayMinute ? 1 : 0;
    hours_since_open[i] = clamp((minute - openMinute) / 60, sessionHours);
    hours_to_close[i] = clamp((closeMinute - minute) / 60, sessionHours);
  }
}

function clamp(hours: number, max: number): number {
  return hours < 0 ? 0 : hours > max ? max : hours;
}

/** Local wall-clock time and local day number of every bar. */
export function localTimes(timestamp: Float64Array, calendar: MarketCalendar, outTime: Float64Array, outDay: Float64Array): void {
  for (let i = 0; i < timestamp.length; i++) {
    const local = timestamp[i]! + calendar.offsetAt(timestamp[i]!);
    outTime[i] = local;
    outDay[i] = Math.floor(local / MS_PER_DAY);
  }
}
