import { describe, expect, it } from 'vitest';
import type { RawBar } from '../../src/sources/market-data-source.ts';
import { BAR_REJECTION_REASONS, summarizeRejections, validateBars } from '../../src/validation/validate-bars.ts';

const NOW = Date.UTC(2026, 2, 13, 20, 0);
const H = 3_600_000;
const T0 = Date.UTC(2026, 2, 13, 13, 30);

function bar(i: number, overrides: Partial<Record<keyof RawBar, unknown>> = {}): RawBar {
  return { timestamp: T0 + i * H, open: 10, high: 11, low: 9, close: 10.5, volume: 1000, ...overrides } as RawBar;
}

const options = { now: NOW, interval: '1h' as const };

describe('validateBars', () => {
  it.each([
    ['missing_value', { close: null }],
    ['missing_value', { volume: undefined }],
    ['non_finite', { open: Number.NaN }],
    ['non_finite', { high: Number.POSITIVE_INFINITY }],
    ['non_finite', { volume: Number.NEGATIVE_INFINITY }],
    ['non_positive_price', { low: 0 }],
    ['non_positive_price', { open: -1, low: -2 }],
    ['high_below_open_close', { high: 10.4 }],
    ['low_above_open_close', { low: 10.1 }],
    ['negative_volume', { volume: -5 }],
  ] as const)('rejects %s (%o) and keeps the good bars around it', (reason, overrides) => {
    const result = validateBars('ACME', [bar(0), bar(1, overrides), bar(2)], options);
    expect(result.bars.map((b) => b.timestamp)).toEqual([T0, T0 + 2 * H]);
    expect(result.rejections).toHaveLength(1);
    expect(result.rejections[0]).toMatchObject({ timestamp: T0 + H, reason });
    expect(result.rejections[0]!.detail).toContain('ACME');
  });

  it('skips and counts empty bars (no value at all: an interval without trades), rejecting none of them', () => {
    const empty = { open: null, high: null, low: null, close: null, volume: null };
    const result = validateBars('ACME', [bar(0), bar(1, empty), bar(2, { ...empty, volume: undefined }), bar(3, { ...empty, close: 10 })], options);
    expect(result.bars.map((b) => b.timestamp)).toEqual([T0]);
    expect(result.empty).toBe(2);
    // Some values but not all: that is bad data, not an empty interval.
    expect(result.rejections.map((r) => [r.timestamp, r.reason])).toEqual([[T0 + 3 * H, 'missing_value']]);
  });

  it('rejects a missing or non-finite timestamp with timestamp null', () => {
    const result = validateBars('ACME', [bar(0, { timestamp: null }), bar(1, { timestamp: Number.NaN }), bar(2)], options);
    expect(result.bars).toHaveLength(1);
    expect(result.rejections.map((r) => [r.timestamp, r.reason])).toEqual([
      [null, 'missing_value'],
      [null, 'non_finite'],
    ]);
  });

  it('rejects bars that start after now, keeping the bar that starts exactly at now', () => {
    const atNow = { ...bar(0), timestamp: NOW };
    const result = validateBars('ACME', [bar(0), atNow, { ...bar(0), timestamp: NOW + 1 }], options);
    expect(result.bars.map((b) => b.timestamp)).toEqual([T0, NOW]);
    expect(result.rejections).toEqual([expect.objectContaining({ timestamp: NOW + 1, reason: 'future_timestamp' })]);
  });

  it('keeps the first occurrence of a timestamp and rejects later ones', () => {
    const result = validateBars('ACME', [bar(0), bar(1, { close: 10.7 }), bar(1, { close: 10.9 }), bar(1), bar(2)], options);
    expect(result.bars.map((b) => b.close)).toEqual([10.5, 10.7, 10.5]);
    expect(result.rejections.map((r) => r.reason)).toEqual(['duplicate_timestamp', 'duplicate_timestamp']);
    expect(result.rejections[0]!.detail).toContain('differs');
  });

  it('lets a valid later occurrence replace an invalid first one', () => {
    const result = validateBars('ACME', [bar(1, { close: Number.NaN }), bar(1, { close: 10.2 })], options);
    expect(result.bars.map((b) => b.close)).toEqual([10.2]);
    expect(result.rejections.map((r) => r.reason)).toEqual(['non_finite']);
  });

  it('sorts out-of-order input instead of rejecting it', () => {
    const result = validateBars('ACME', [bar(3), bar(1), bar(2), bar(0)], options);
    expect(result.bars.map((b) => (b.timestamp - T0) / H)).toEqual([0, 1, 2, 3]);
    expect(result.rejections).toEqual([]);
  });

  it('accepts zero volume and a flat bar', () => {
    const result = validateBars('ACME', [bar(0, { open: 5, high: 5, low: 5, close: 5, volume: 0 })], options);
    expect(result.bars).toHaveLength(1);
  });

  it('summarizes rejections per reason, every reason present', () => {
    const result = validateBars(
      'ACME',
      [bar(0, { close: null }), bar(1, { high: 1 }), bar(2, { volume: -1 }), bar(3, { volume: -1 }), bar(4), bar(4)],
      options,
    );
    const summary = summarizeRejections(result.rejections);
    expect(Object.keys(summary).sort()).toEqual([...BAR_REJECTION_REASONS].sort());
    expect(summary).toMatchObject({ missing_value: 1, high_below_open_close: 1, negative_volume: 2, duplicate_timestamp: 1, non_finite: 0 });
  });
});
