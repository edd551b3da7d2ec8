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

/**
 * The close of the regular session `epochMs` lies in (epoch ms), or null when the session is not
 * open at `epochMs`. A bar that starts inside a session cannot end after its close: vendors' last
 * hourly bar (15:30) is half an hour, so its data is complete at the close. The offset is the one in
 * force at `epochMs` (zones change it at night, never within a session).
 */
export function regularSessionCloseOf(epochMs: number, config: MarketCalendarConfig): number | null {
  if (!isRegularSessionOpen(epochMs, config)) return null;
  const calendar = marketCalendar(config);
  const offset = calendar.offsetAt(epochMs);
  const localDay = Math.floor((epochMs + offset) / MS_PER_DAY);
  return localDay * MS_PER_DAY + calendar.closeMinute * MS_PER_MINUTE - offset;
}
