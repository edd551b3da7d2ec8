// The exchange calendar, shared by the services that need session hours: ingestion (dropping
// extended-hours bars), feature-engineering (time features) and order-execution (trading hours).
import { z } from 'zod';
import { defineSection } from '../section.ts';

export interface MarketCalendarSettings {
  readonly marketTimezone: string;
  /** Regular session in local wall-clock 'HH:MM', [open, close), split at midday (time features). */
  readonly marketSession: { readonly open: string; readonly close: string; readonly midday: string };
}

const timeZone = z.string().trim().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { error: 'MARKET_TIMEZONE must be an IANA time zone such as America/New_York' },
);

/** Local wall-clock time of the exchange, 'HH:MM' (24-hour). */
const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const clockTime = (name: string) =>
  z.string().trim().regex(CLOCK_TIME, { error: `${name} must be a 24-hour time HH:MM, such as 09:30` });

const minuteOfDay = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export const marketCalendarSection = defineSection({
  name: 'market calendar',
  variables: {
    MARKET_TIMEZONE: timeZone.default('America/New_York'),
    MARKET_SESSION_OPEN: clockTime('MARKET_SESSION_OPEN').default('09:30'),
    MARKET_SESSION_CLOSE: clockTime('MARKET_SESSION_CLOSE').default('16:00'),
    MARKET_MIDDAY: clockTime('MARKET_MIDDAY').default('12:00'),
  },
  // The time features split the session [open, close) at midday into morning and afternoon.
  // zod runs this even when a time failed its own check; that one is reported already.
  check(env, ctx) {
    const times = [env.MARKET_SESSION_OPEN, env.MARKET_SESSION_CLOSE, env.MARKET_MIDDAY];
    if (!times.every((t) => CLOCK_TIME.test(t))) return;
    const [open, close, midday] = times.map(minuteOfDay);
    if (!(open! < close!)) {
      ctx.addIssue({ code: 'custom', path: ['MARKET_SESSION_CLOSE'], message: `MARKET_SESSION_CLOSE must be after MARKET_SESSION_OPEN (${env.MARKET_SESSION_OPEN})` });
    } else if (midday! < open! || midday! > close!) {
      ctx.addIssue({ code: 'custom', path: ['MARKET_MIDDAY'], message: `MARKET_MIDDAY must lie within the session ${env.MARKET_SESSION_OPEN}-${env.MARKET_SESSION_CLOSE}` });
    }
  },
  read: (raw): MarketCalendarSettings => ({
    marketTimezone: raw.MARKET_TIMEZONE,
    marketSession: Object.freeze({ open: raw.MARKET_SESSION_OPEN, close: raw.MARKET_SESSION_CLOSE, midday: raw.MARKET_MIDDAY }),
  }),
});
