// One instant → "is the regular session open?", with the same rule as the `is_market_open`
// feature (a weekday and open <= local time < close; no exchange holidays). Order execution checks
// trading hours with this, so a bar the features call closed is never traded as open.
import { MS_PER_DAY, marketCalendar, type MarketCalendarConfig } from './market-calendar.ts';

const MS_PER_MINUTE = 60_000;

export function isRegularSessionOpen(epochMs: number, config: MarketCalendarConfig): boolean {
  if (!Number.isFinite(epochMs)) throw new RangeError(`epochMs must be a finite number, got ${epochMs}`);
  const calendar = marketCalendar(config);
  const local = epochMs + calendar.offsetAt(epochMs);
  const localDay = Math.floor(local / MS_PER_DAY);
  // 1970-01-01 was a Thursday (3 when Monday = 0).
  const dayOfWeek = (((localDay + 3) % 7) + 7) % 7;
  if (dayOfWeek >= 5) return false;
  const minute = (local - localDay * MS_PER_DAY) / MS_PER_MINUTE;
  return minute >= calendar.openMinute && minute < calendar.closeMinute;
}
