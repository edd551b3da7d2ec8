// Every feature against the naive O(n·w) reference of test/support/naive-reference.ts, on long
// random walks — including one at price level 1e5 with tiny moves, where running sums of
// squares would cancel catastrophically — to 1e-9 relative on every row.
import { describe, expect, it } from 'vitest';
import { computeFeatures, FEATURE_NAMES } from '../src/index.ts';
import { columnMismatches } from './support/compare.ts';
import { naiveFeatures } from './support/naive-reference.ts';
import { randomWalkBars } from './support/synthetic-bars.ts';

const SERIES = [
  { label: 'price 100, 1% moves', bars: randomWalkBars({ count: 2500, seed: 11, startPrice: 100, sigma: 0.01 }) },
  { label: 'price 1e5, 1e-4 moves (cancellation)', bars: randomWalkBars({ count: 2500, seed: 12, startPrice: 1e5, sigma: 1e-4 }) },
  { label: 'price 1e-3, 5% moves', bars: randomWalkBars({ count: 1200, seed: 13, startPrice: 1e-3, sigma: 0.05 }) },
];

describe.each(SERIES)('engine = naive reference ($label)', ({ bars }) => {
  const engine = computeFeatures(bars).columns;
  const naive = naiveFeatures(bars);

  it.each(FEATURE_NAMES.map((name) => [name]))('%s', (name) => {
    expect(columnMismatches(name, engine[name], naive[name])).toEqual([]);
  });
});
