// Local market time without calling Intl per bar. The UTC offset of a zone is constant over a UTC
// day except on the (rare) days of a daylight-saving change, so offsets are cached per UTC day;
// on a change day the switch instant is found once by bisection (to the millisecond) and cached.
// Every bar then costs one comparison and a few integer operations.

export interface MarketCalendarConfig {
  /** IANA zone of the exchange, e.g. 'America/New_York'. */
  readonly timeZone: string;
  /** Regular session, local wall-clock 'HH:MM'; the session is [open, close). */
  readonly sessionOpen: string;
  readonly sessionClose: string;
  /** Splits the session into morning [open, midday) and afternoon [midday, close). */
  readonly midday: string;
}

export const DEFAULT_MARKET_CALENDAR: MarketCalendarConfig = Object.freeze({
  timeZone: 'America/New_York',
  sessionOpen: '09:30',
  sessionClose: '16:00',
  midday: '12:00',
});

export const MS_PER_DAY = 86_400_000;

interface DayOffsets {
  readonly before: number;
  readonly after: number;
  /** First instant (epoch ms) that uses `after`; +Infinity when the offset is constant all day. */
  readonly switchAt: number;
}

export interface MarketCalendar {
  readonly config: MarketCalendarConfig;
  readonly openMinute: number;
  readonly closeMinute: number;
  readonly middayMinute: number;
  /** UTC offset (local − UTC, ms) in force at `epochMs`. */
  offsetAt(epochMs: number): number;
}

function minuteOfDay(text: string, label: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (!match || hours > 23 || minutes > 59) throw new RangeError(`${label} must be 'HH:MM', got '${text}'`);
  return hours * 60 + minutes;
}

const calendars = new Map<string, MarketCalendar>();

/** Calendars (and their offset caches) are shared by every computation with the same config. */
// By the config object too: the risk check asks once per order with the same object, and the
// string key costs more than the lookup it guards.
const byConfig = new WeakMap<MarketCalendarConfig, MarketCalendar>();

export function marketCalendar(config: MarketCalendarConfig = DEFAULT_MARKET_CALENDAR): MarketCalendar {
  const known = byConfig.get(config);
  if (known !== undefined) return known;
  const calendar = calendarByKey(config);
  // Only a frozen config can be trusted to describe the same calendar on the next call.
  if (Object.isFrozen(config)) byConfig.set(config, calendar);
  return calendar;
}

function calendarByKey(config: MarketCalendarConfig): MarketCalendar {
  const key = calendarKey(config);
  const existing = calendars.get(key);
  if (existing) return existing;
  const created = createCalendar(config);
  calendars.set(key, created);
  return created;
}

export function calendarKey(config: MarketCalendarConfig): string {
  return `${config.timeZone}|${config.sessionOpen}|${config.sessionClose}|${config.midday}`;
}

function createCalendar(config: MarketCalendarConfig): MarketCalendar {
  const openMinute = minuteOfDay(config.sessionOpen, 'sessionOpen');
  const closeMinute = minuteOfDay(config.sessionClose, 'sessionClose');
  const middayMinute = minuteOfDay(config.midday, 'midday');
  if (!(openMinute < closeMinute) || middayMinute < openMinute || middayMinute > closeMinute) {
    throw new RangeError(`session must satisfy open < close and open ≤ midday ≤ close, got ${calendarKey(config)}`);
  }
  const formatter = new Intl.DateTimeFormat('en-US', {
    timeZone: config.timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });

  const intlOffset = (epochMs: number): number => {
    const whole = Math.floor(epochMs / 1000) * 1000;
    const parts: Record<string, number> = {};
    for (const part of formatter.formatToParts(new Date(whole))) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
    return asUtc - whole;
  };

  const byUtcDay = new Map<number, DayOffsets>();
  const offsetsOfDay = (utcDay: number): DayOffsets => {
    const start = utcDay * MS_PER_DAY;
    const end = start + MS_PER_DAY - 1;
    const before = intlOffset(start);
    const after = intlOffset(end);
    if (before === after) return { before, after, switchAt: Infinity };
    // Offsets change at whole seconds in every IANA rule, so bisection over seconds is exact.
    let lo = start / 1000;
    let hi = Math.floor(end / 1000);
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (intlOffset(mid * 1000) === before) lo = mid;
      else hi = mid;
    }
    return { before, after, switchAt: hi * 1000 };
  };

  let lastDay = NaN;
  let last: DayOffsets = { before: 0, after: 0, switchAt: Infinity };
  return {
    config: Object.freeze({ ...config }),
    openMinute,
    closeMinute,
    middayMinute,
    offsetAt(epochMs: number): number {
      const utcDay = Math.floor(epochMs / MS_PER_DAY);
      if (utcDay !== lastDay) {
        let day = byUtcDay.get(utcDay);
        if (!day) {
          day = offsetsOfDay(utcDay);
          byUtcDay.set(utcDay, day);
        }
        last = day;
        lastDay = utcDay;
      }
      return epochMs < last.switchAt ? last.before : last.after;
    },
  };
}
