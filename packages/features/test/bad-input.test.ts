import { describe, expect, it } from 'vitest';
import { computeFeatures, InvalidBarsError, type BarColumns } from '../src/index.ts';
import { randomWalkBars } from './support/synthetic-bars.ts';

function corrupt(edit: (bars: BarColumns) => void): BarColumns {
  const bars = randomWalkBars({ count: 50, seed: 41 });
  edit(bars);
  return bars;
}

function refusal(bars: BarColumns): InvalidBarsError {
  try {
    computeFeatures(bars);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidBarsError);
    return error as InvalidBarsError;
  }
  throw new Error('bars were accepted');
}

describe('bad input is refused with the index and the problem', () => {
  it('timestamps out of order', () => {
    const e = refusal(corrupt((b) => b.timestamp.set([b.timestamp[20]! - 1], 21)));
    expect([e.index, e.field, e.problem]).toEqual([21, 'timestamp', 'not_increasing']);
    expect(e.message).toContain('out of order');
  });

  it('duplicate timestamps', () => {
    const e = refusal(corrupt((b) => b.timestamp.set([b.timestamp[9]!], 10)));
    expect([e.index, e.problem]).toEqual([10, 'not_increasing']);
    expect(e.message).toContain('duplicate');
  });

  it.each([
    ['close', Number.NaN],
    ['open', Number.POSITIVE_INFINITY],
    ['volume', Number.NaN],
    ['timestamp', Number.NaN],
  ] as const)('non-finite %s', (field, value) => {
    const e = refusal(corrupt((b) => b[field].set([value], 7)));
    expect([e.index, e.field, e.problem]).toEqual([7, field, 'non_finite']);
  });

  it.each([['low', 0], ['close', -1]] as const)('non-positive %s', (field, value) => {
    const e = refusal(corrupt((b) => b[field].set([value], 3)));
    expect([e.index, e.field, e.problem]).toEqual([3, field, 'non_positive_price']);
  });

  it('negative volume', () => {
    expect(refusal(corrupt((b) => b.volume.set([-5], 4))).problem).toBe('negative_volume');
  });

  it('high below low', () => {
    const e = refusal(corrupt((b) => b.high.set([b.low[12]! * 0.99], 12)));
    expect([e.index, e.problem]).toEqual([12, 'high_below_low']);
  });

  it('columns of different lengths', () => {
    expect(refusal(corrupt((b) => Object.assign(b, { volume: b.volume.subarray(1) }))).problem).toBe('length_mismatch');
  });

  it('accepts an empty series and returns no rows', () => {
    const empty = new Float64Array(0);
    const result = computeFeatures({ timestamp: empty, open: empty, high: empty, low: empty, close: empty, volume: empty });
    expect(result.columns.rsi_14).toHaveLength(0);
  });
});
