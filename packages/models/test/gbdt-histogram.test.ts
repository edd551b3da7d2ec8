// Histogram building against a plain per-row loop, and histogram subtraction against building the
// sibling directly.
import { describe, expect, it } from 'vitest';
import { buildHistogram, HISTOGRAM_STRIDE, histogramLayout, subtractHistogram } from '../src/gbdt/histogram.ts';
import { seededRandom } from '../src/gbdt/seeded-random.ts';

function fixture(rows: number, features: number, seed: number) {
  const random = seededRandom(seed);
  const binCounts = Int32Array.from({ length: features }, (_, f) => 2 + ((f * 37) % 255)); // 2..256 bins
  const binColumns = Array.from({ length: features }, (_, f) => Uint8Array.from({ length: rows }, () => Math.floor(random() * binCounts[f]!)));
  const gradient = Float64Array.from({ length: rows }, () => random() - 0.5);
  const hessian = Float64Array.from({ length: rows }, () => random() * 0.25);
  return { layout: histogramLayout(binColumns, binCounts), binColumns, gradient, hessian };
}

/** The obvious computation: one pass per (feature, row). */
function naiveHistogram(layout: ReturnType<typeof histogramLayout>, rows: number[], gradient: Float64Array, hessian: Float64Array): Float64Array {
  const out = new Float64Array(layout.size);
  for (let f = 0; f < layout.binColumns.length; f++) {
    for (const r of rows) {
      const s = layout.offsets[f]! + layout.binColumns[f]![r]! * HISTOGRAM_STRIDE;
      out[s]! += gradient[r]!;
      out[s + 1]! += hessian[r]!;
      out[s + 2]! += 1;
    }
  }
  return out;
}

function ordered(rows: number[], values: Float64Array): Float64Array {
  return Float64Array.from(rows, (r) => values[r]!);
}

describe('gbdt histograms', () => {
  // 7 features: one block of four plus three taken singly, so both code paths run.
  const { layout, binColumns, gradient, hessian } = fixture(3000, 7, 11);
  const all = Array.from({ length: 3000 }, (_, r) => r);
  const features = Int32Array.from({ length: 7 }, (_, f) => f);

  it('equals a plain per-row sum of gradient, hessian and count per bin', () => {
    const built = new Float64Array(layout.size).fill(123); // stale contents must be cleared
    buildHistogram(built, layout, features, 7, Int32Array.from(all), ordered(all, gradient), ordered(all, hessian), 0, all.length);
    const naive = naiveHistogram(layout, all, gradient, hessian);
    for (let s = 0; s < layout.size; s++) expect(built[s], `slot ${s}`).toBeCloseTo(naive[s]!, 10);
    let counted = 0;
    for (let f = 0; f < 7; f++) for (let b = 0; b < layout.binCounts[f]!; b++) counted += built[layout.offsets[f]! + b * HISTOGRAM_STRIDE + 2]!;
    expect(counted).toBe(3000 * 7);
  });

  it('parent − built child gives the sibling’s histogram (counts exactly, sums to rounding)', () => {
    // Partition as the grower does: rows with bin <= 40 of feature 3 go left.
    const left = all.filter((r) => binColumns[3]![r]! <= 40);
    const right = all.filter((r) => binColumns[3]![r]! > 40);
    expect(left.length).toBeGreaterThan(100);
    expect(right.length).toBeGreaterThan(100);
    const rows = Int32Array.from([...left, ...right]);
    const g = ordered([...rows], gradient);
    const h = ordered([...rows], hessian);
    const parent = new Float64Array(layout.size);
    buildHistogram(parent, layout, features, 7, rows, g, h, 0, rows.length);
    const leftDirect = new Float64Array(layout.size);
    buildHistogram(leftDirect, layout, features, 7, rows, g, h, 0, left.length);
    const rightDirect = new Float64Array(layout.size);
    buildHistogram(rightDirect, layout, features, 7, rows, g, h, left.length, rows.length);

    subtractHistogram(parent, leftDirect, layout, features, 7);
    for (let s = 0; s < layout.size; s++) {
      if (s % HISTOGRAM_STRIDE === 2) expect(parent[s], `count slot ${s}`).toBe(rightDirect[s]);
      else expect(Math.abs(parent[s]! - rightDirect[s]!), `sum slot ${s}`).toBeLessThan(1e-12);
    }
  });

  it('touches only the listed features (column subsampling)', () => {
    const some = Int32Array.of(1, 4, 6);
    const built = new Float64Array(layout.size).fill(7);
    buildHistogram(built, layout, some, 3, Int32Array.from(all), ordered(all, gradient), ordered(all, hessian), 0, all.length);
    const naive = naiveHistogram(layout, all, gradient, hessian);
    for (let f = 0; f < 7; f++) {
      for (let s = layout.offsets[f]!; s < layout.offsets[f]! + layout.binCounts[f]! * HISTOGRAM_STRIDE; s++) {
        if ([1, 4, 6].includes(f)) expect(built[s]).toBeCloseTo(naive[s]!, 10);
        else expect(built[s]).toBe(7);
      }
    }
  });
});
