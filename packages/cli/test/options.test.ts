import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { decimalNumber, isoInstant, wholeNumber } from '../src/options.ts';

describe('option parsers', () => {
  it('wholeNumber takes whole numbers within bounds only', () => {
    const batch = wholeNumber(1, 1_000);
    expect(batch('50')).toBe(50);
    expect(batch(' 7 ')).toBe(7);
    for (const bad of ['abc', '', '1.5', '1e3', '0', '-5', '1001', '0x10', '12abc']) {
      expect(() => batch(bad), bad).toThrow(new InvalidArgumentError('expected a whole number from 1 to 1000.'));
    }
    expect(() => wholeNumber(0)('-1')).toThrow('expected a whole number of at least 0.');
    expect(wholeNumber(0)('0')).toBe(0);
  });

  it('decimalNumber takes finite numbers only', () => {
    expect(decimalNumber('0.02')).toBe(0.02);
    expect(decimalNumber('-1e-3')).toBe(-0.001);
    for (const bad of ['', ' ', 'high', 'Infinity', 'NaN', '1,5']) expect(() => decimalNumber(bad), bad).toThrow('expected a number.');
  });

  it('isoInstant takes dates as UTC midnight and instants with an offset, as UTC', () => {
    const instant = isoInstant();
    expect(instant('2026-01-02')).toBe('2026-01-02T00:00:00.000Z');
    expect(instant('2026-01-02T14:30:00Z')).toBe('2026-01-02T14:30:00.000Z');
    expect(instant('2026-01-02T09:30-05:00')).toBe('2026-01-02T14:30:00.000Z');
    expect(instant('2999-01-02')).toBe('2999-01-02T00:00:00.000Z');
    // A local time without offset would mean something else on every machine.
    for (const bad of ['yesterday', '2026-01-02T14:30', '2026-13-02', '02/01/2026', '']) {
      expect(() => instant(bad), bad).toThrow('expected an ISO 8601 date or instant with its offset');
    }
  });

  it('isoInstant with notInFuture refuses a start after now', () => {
    const start = isoInstant({ notInFuture: true });
    expect(start('2026-01-02')).toBe('2026-01-02T00:00:00.000Z');
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    expect(() => start(tomorrow)).toThrow(`${tomorrow} is in the future: a range must start at or before now.`);
  });
});
