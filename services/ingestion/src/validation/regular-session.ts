/** The exchange's regular session: local wall-clock 'HH:MM' in an IANA zone, [open, close), Monday to Friday. */
export interface RegularSession {
  readonly timeZone: string;
  readonly open: string;
  readonly close: string;
}

// Time-zone offsets change only on quarter-hour boundaries (every zone in use today), so a bar's
// local time is its quarter-hour's local time plus the minutes into it; Intl runs once per quarter
// hour seen, not once per bar.
const QUARTER_MS = 900_000;
const WEEKDAYS: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

function minuteOf(hhmm: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!match) throw new RangeError(`session time must be 'HH:MM', got '${hhmm}'`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/**
 * Whether a bar starting at an instant lies in the regular session: a weekday, local start in
 * [open, close). Exchange holidays are not known here (a bar on one is kept).
 */
export function regularSessionTest(session: RegularSession): (timestampMs: number) => boolean {
  const open = minuteOf(session.open);
  const close = minuteOf(session.close);
  const format = new Intl.DateTimeFormat('en-US', { timeZone: session.timeZone, hourCycle: 'h23', weekday: 'short', hour: '2-digit', minute: '2-digit' });
  const quarters = new Map<number, { weekday: number; minute: number }>();
  return (timestampMs) => {
    const quarter = Math.floor(timestampMs / QUARTER_MS);
    let local = quarters.get(quarter);
    if (local === undefined) {
      const parts = Object.fromEntries(format.formatToParts(quarter * QUARTER_MS).map((p) => [p.type, p.value]));
      local = { weekday: WEEKDAYS[parts['weekday'] ?? ''] ?? -1, minute: Number(parts['hour']) * 60 + Number(parts['minute']) };
      quarters.set(quarter, local);
    }
    if (local.weekday === 0 || local.weekday === 6) return false;
    const minute = local.minute + Math.floor((timestampMs - quarter * QUARTER_MS) / 60_000);
    return minute >= open && minute < close;
  };
}
