// FEATURES.md: appending bars to a stored history (state carried over) gives the same values, to
// 1e-9 relative, as recomputing the whole history; and no row depends on later bars.
import { describe, expect, it } from 'vitest';
import { computeFeatures, FEATURE_NAMES, IncompatibleStateError, InvalidBarsError, type FeatureColumns, type FeatureEngineState } from '../src/index.ts';
import { columnMismatches } from './support/compare.ts';
import { randomWalkBars, sliceBars } from './support/synthetic-bars.ts';

const BARS = randomWalkBars({ count: 1300, seed: 21 });
const FULL = computeFeatures(BARS).columns;

function computeInChunks(chunk: number, firstChunk: number): FeatureColumns[] {
  const parts: FeatureColumns[] = [];
  let state: FeatureEngineState | undefined;
  let from = 0;
  let size = firstChunk;
  while (from < BARS.timestamp.length) {
    const to = Math.min(from + size, BARS.timestamp.length);
    // Round-trip through JSON: the state must survive storage as it is.
    const options = state ? { state: JSON.parse(JSON.stringify(state)) as FeatureEngineState } : {};
    const result = computeFeatures(sliceBars(BARS, from, to), options);
    parts.push(result.columns);
    state = result.state;
    from = to;
    size = chunk;
  }
  return parts;
}

function concat(parts: FeatureColumns[], name: (typeof FEATURE_NAMES)[number]): (number | string | null)[] {
  return parts.flatMap((p) => Array.from(p[name] as ArrayLike<number | string | null>));
}

describe('incremental computation with carried state', () => {
  // Chunks start after a history shorter than one window (300) and longer than the tail (700).
  it.each([
    [1, 1100],
    [7, 300],
    [100, 700],
    [1, 5],
  ])('chunks of %i after a first chunk of %i bars equal the full recompute for every feature', (chunk, first) => {
    const parts = computeInChunks(chunk, first);
    const problems = FEATURE_NAMES.flatMap((name) => columnMismatches(name, concat(parts, name), FULL[name] as ArrayLike<number | string | null>));
    expect(problems).toEqual([]);
  });

  it('keeps cumulative vpt and obv anchored at the first stored bar', () => {
    const first = computeFeatures(sliceBars(BARS, 0, 600));
    const next = computeFeatures(sliceBars(BARS, 600, 610), { state: first.state });
    expect(next.columns.obv[0]).toBe(FULL.obv[600]);
    expect(next.columns.vpt[9]).toBeCloseTo(FULL.vpt[609]!, 9);
  });

  it('state is small, JSON-safe and versioned', () => {
    const { state } = computeFeatures(BARS);
    const json = JSON.stringify(state);
    expect(JSON.parse(json)).toEqual(state);
    expect(state.featureVersion).toBe('3.0');
    expect(state.tail.close).toHaveLength(480);
    expect(json.length).toBeLessThan(64_000);
  });

  it('refuses a state from another feature version or another calendar', () => {
    const { state } = computeFeatures(sliceBars(BARS, 0, 100));
    const next = sliceBars(BARS, 100, 101);
    expect(() => computeFeatures(next, { state: { ...state, featureVersion: '2.0' } })).toThrow(IncompatibleStateError);
    expect(() =>
      computeFeatures(next, { state, calendar: { ...state.calendar, timeZone: 'Europe/London' } }),
    ).toThrow(IncompatibleStateError);
    expect(() => computeFeatures(next, { state: { ...state, tail: { ...state.tail, close: [Number.NaN] } } })).toThrow(IncompatibleStateError);
  });

  it('refuses new bars that do not come after the state', () => {
    const { state } = computeFeatures(sliceBars(BARS, 0, 100));
    expect(() => computeFeatures(sliceBars(BARS, 99, 101), { state })).toThrow(InvalidBarsError);
  });

  it('emitFrom returns only the later rows, computed with the earlier bars as warm-up', () => {
    const result = computeFeatures(BARS, { emitFrom: 1000 });
    expect(result.timestamp).toHaveLength(300);
    expect(result.timestamp[0]).toBe(BARS.timestamp[1000]);
    const problems = FEATURE_NAMES.flatMap((name) =>
      columnMismatches(name, Array.from(result.columns[name] as ArrayLike<number | string | null>), Array.from(FULL[name] as ArrayLike<number | string | null>).slice(1000)),
    );
    expect(problems).toEqual([]);
  });
});

describe('no look-ahead', () => {
  it('appending future bars never changes an earlier row', () => {
    for (const prefix of [1, 30, 250, 481, 900]) {
      const partial = computeFeatures(sliceBars(BARS, 0, prefix)).columns;
      const problems = FEATURE_NAMES.flatMap((name) =>
        columnMismatches(name, partial[name] as ArrayLike<number | string | null>, Array.from(FULL[name] as ArrayLike<number | string | null>).slice(0, prefix), 0),
      );
      expect(problems, `prefix ${prefix}`).toEqual([]);
    }
  });
});
