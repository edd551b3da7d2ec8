import { sessionOpenUtc } from '@mltrading/synthetic-market';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const NUMERIC = /^-?\d+(\.\d+)?$/;
/** Epoch values below this magnitude are seconds (up to year 5138), at or above it milliseconds. */
export const EPOCH_SECONDS_LIMIT = 1e11;

/**
 * A CSV timestamp as epoch ms UTC, or an error message.
 * - ISO 8601 with an offset: `2026-03-09T09:30:00-04:00`, `…Z`, `…+0530`, `…+05` (space or T).
 * - Without an offset, `YYYY-MM-DD HH:MM[:SS[.fff]]` (or with T) is taken as UTC.
 * - A date alone, `YYYY-MM-DD`, is a daily bar: it is stamped at that day's 09:30 America/New_York
 *   session open, the convention of the synthetic and Yahoo daily bars (midnight UTC would fall on the
 *   previous New York date).
 * - A plain number is epoch seconds when its magnitude is below 1e11, otherwise epoch milliseconds.
 */
export function parseTimestamp(text: string): number | string {
  if (text === '') return 'timestamp is empty';
  if (NUMERIC.test(text)) {
    const value = Number(text);
    const ms = Math.abs(value) < EPOCH_SECONDS_LIMIT ? value * 1000 : value;
    return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? Math.round(ms) : `timestamp ${text} is out of range`;
  }
  const match = ISO.exec(text);
  if (!match) return `timestamp ${JSON.stringify(text)} is not ISO 8601, "YYYY-MM-DD HH:MM[:SS]" or epoch seconds/ms`;
  const [, y, mo, d, h, mi, s, fraction, offset] = match;
  const year = Number(y);
  const month = Number(mo) - 1;
  const day = Number(d);
  const probe = new Date(Date.UTC(year, month, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month || probe.getUTCDate() !== day) {
    return `timestamp ${JSON.stringify(text)} is not a calendar date`;
  }
  if (h === undefined) return sessionOpenUtc(year, month, day);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (hour > 23 || minute > 59 || second > 59) return `timestamp ${JSON.stringify(text)} has an invalid time of day`;
  let ms = Date.UTC(year, month, day, hour, minute, second) + (fraction ? Math.round(Number(fraction) * 1000) : 0);
  if (offset !== undefined && offset.toUpperCase() !== 'Z') {
    const sign = offset.startsWith('-') ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMinutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (offsetHours > 23 || offsetMinutes > 59) return `timestamp ${JSON.stringify(text)} has an invalid offset`;
    ms -= sign * (offsetHours * 60 + offsetMinutes) * 60_000;
  }
  return ms;
}
