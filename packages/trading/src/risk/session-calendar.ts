import type { MarketCalendarConfig } from '@mltrading/features';
import type { TradingHours } from './risk-limits.ts';

// One calendar configuration per limits object, not a new object per order checked.
const calendars = new WeakMap<TradingHours, MarketCalendarConfig>();
export function calendarOf(hours: TradingHours): MarketCalendarConfig {
  let config = calendars.get(hours);
  if (config === undefined) {
    // The calendar wants a midday; trading hours do not use it, and open lies inside the session.
    config = Object.freeze({ ...hours, midday: hours.sessionOpen });
    calendars.set(hours, config);
  }
  return config;
}
