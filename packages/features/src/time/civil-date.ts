// Days since 1970-01-01 → 'YYYY-MM-DD' (proleptic Gregorian, H. Hinnant's civil_from_days).
// Strings are memoised per day number: bars of the same day share one string, no per-bar allocation.

const cache = new Map<number, string>();

export function isoDateOfDay(dayNumber: number): string {
  const hit = cache.get(dayNumber);
  if (hit !== undefined) return hit;
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  cache.set(dayNumber, text);
  return text;
}
