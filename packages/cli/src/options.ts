// Parsers for numeric and time options: commander calls them while reading the command line, so
// `--batch abc`, `--limit -5` or `--start tomorrow` stop the command with one line naming the
// option, before anything connects to a server.
import { InvalidArgumentError } from 'commander';

/** A whole number from `min` to `max` inclusive. */
export function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const n = /^[+-]?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(max === Number.MAX_SAFE_INTEGER ? `expected a whole number of at least ${min}.` : `expected a whole number from ${min} to ${max}.`);
    }
    return n;
  };
}

/** Any finite decimal number, e.g. `0.02` or `-1e-3`. */
export function decimalNumber(value: string): number {
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError('expected a number.');
  return n;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * An ISO 8601 date (`2026-01-02`, read as UTC midnight) or instant with its offset, passed on to the
 * job payload as a UTC instant. With `notInFuture`, a range cannot start after now: there is nothing to fetch.
 */
export function isoInstant(options: { notInFuture?: boolean } = {}): (value: string) => string {
  return (value) => {
    const text = value.trim();
    const time = ISO_INSTANT.test(text) ? Date.parse(text) : Number.NaN;
    if (!Number.isFinite(time)) throw new InvalidArgumentError('expected an ISO 8601 date or instant with its offset, e.g. 2026-01-02 or 2026-01-02T14:30:00Z.');
    if (options.notInFuture && time > Date.now()) throw new InvalidArgumentError(`${text} is in the future: a range must start at or before now.`);
    return new Date(time).toISOString();
  };
}
