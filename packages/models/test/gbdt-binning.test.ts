// Quantile bins and the float32 thresholds they produce.
import { describe, expect, it } from 'vitest';
import { separatingThreshold } from '../src/gbdt/float32-threshold.ts';
import { radixSortFloat64 } from '../src/gbdt/radix-sort.ts';
import { BIN_SAMPLE_ROWS, binColumn, binOf, quantileEdges } from '../src/gbdt/quantile-bins.ts';
import { seededRandom } from '../src/gbdt/seeded-random.ts';
import { trainGradientBoostedTrees } from '../src/index.ts';
import { internalNodes, synthetic } from './gbdt-fixtures.ts';

describe('gbdt quantile bins', () => {
  it('radix sort orders values as the built-in sort does (signs, zeros, infinities, magnitudes)', () => {
    const random = seededRandom(3);
    const values = Float64Array.from({ length: 20_000 }, () => (random() - 0.5) * 10 ** Math.floor(random() * 40 - 20));
    values.set([-0, 0, -Infinity, Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, 1, 1], 100);
    const expected = Float64Array.from(values).sort();
    const sorted = radixSortFloat64(Float64Array.from(values));
    let differences = 0;
    for (let i = 0; i < values.length; i++) if (!Object.is(sorted[i], expected[i])) differences++;
    expect(differences).toBe(0);
    expect(Array.from(radixSortFloat64(Float64Array.of(2, -1)))).toEqual([-1, 2]);
    expect(radixSortFloat64(new Float64Array(0))).toHaveLength(0);
  });

  it('cuts a continuous column into maxBins bins of nearly equal counts, edges float32 and increasing', () => {
    const random = seededRandom(5);
    const column = Float64Array.from({ length: 20_000 }, () => random() ** 3 * 100); // skewed
    const { edges } = quantileEdges(column, 64);
    expect(edges.length).toBe(63);
    for (let j = 0; j < edges.length; j++) {
      expect(Math.fround(edges[j]!)).toBe(edges[j]);
      if (j > 0) expect(edges[j]!).toBeGreaterThan(edges[j - 1]!);
    }
    const counts = new Array<number>(64).fill(0);
    const bins = binColumn(column, edges);
    bins.forEach((b) => counts[b]!++);
    for (const count of counts) expect(Math.abs(count - 20_000 / 64)).toBeLessThanOrEqual(2);
  });

  it('gives every distinct value its own bin when there are at most maxBins of them', () => {
    const column = Float64Array.of(3, 1, 1, 2, 3, 3, 7, 1);
    const { edges } = quantileEdges(column, 255);
    expect(Array.from(edges)).toEqual([1.5, 2.5, 5]);
    expect(Array.from(binColumn(column, edges))).toEqual([2, 0, 0, 1, 2, 2, 3, 0]);
  });

  it('does not waste bins on a heavy value (many zeros)', () => {
    const random = seededRandom(9);
    const column = Float64Array.from({ length: 10_000 }, (_, r) => (r % 2 === 0 ? 0 : random()));
    const { edges } = quantileEdges(column, 32);
    expect(edges.length).toBe(31);
    expect(binOf(edges, 0)).toBe(0);
    expect(edges[0]!).toBeGreaterThan(0); // zero alone in bin 0 …
    expect(edges[0]!).toBeLessThan(0.01); // … and the rest split among the 31 other bins
  });

  it('binColumn agrees with binOf and with "x <= edges[b]" for every row', () => {
    const random = seededRandom(13);
    const column = Float64Array.from({ length: 5000 }, () => (random() - 0.5) * 1e-3);
    const { edges } = quantileEdges(column, 255);
    const bins = binColumn(column, edges);
    for (let r = 0; r < column.length; r++) {
      const b = bins[r]!;
      expect(binOf(edges, column[r]!)).toBe(b);
      if (b < edges.length) expect(column[r]! <= edges[b]!).toBe(true);
      if (b > 0) expect(column[r]! > edges[b - 1]!).toBe(true);
    }
  });

  it('takes edges from an evenly spaced sample of long columns, still covering their range', () => {
    const n = BIN_SAMPLE_ROWS * 3;
    const column = Float64Array.from({ length: n }, (_, r) => r); // time-ordered trend
    const { edges } = quantileEdges(column, 255);
    expect(edges.length).toBe(254);
    expect(edges[0]!).toBeLessThan(n / 200);
    expect(edges[253]!).toBeGreaterThan(n - n / 200);
  });
});

function nextFloat32(x: number): number {
  const f = new Float32Array([x]);
  const bits = new Int32Array(f.buffer);
  bits[0] = x >= 0 ? bits[0]! + 1 : bits[0]! - 1;
  return x === 0 ? 1.401298464324817e-45 : f[0]!;
}

describe('gbdt float32 thresholds', () => {
  it('separate two values in float64 and in float32', () => {
    const random = seededRandom(17);
    let nulls = 0;
    for (let i = 0; i < 2000; i++) {
      const a = (random() - 0.5) * 10 ** Math.floor(random() * 12 - 6);
      const b = a + Math.abs(a) * random() * 1e-5 + 1e-300;
      const t = separatingThreshold(a, b);
      if (t === null) {
        // Then no float32 value does it: the candidates run from fround(a) to fround(b).
        for (let c = Math.fround(a); c <= Math.fround(b); c = nextFloat32(c)) {
          expect(a <= c && c < b && Math.fround(a) <= c && c < Math.fround(b), `${c} separates ${a} and ${b}`).toBe(false);
        }
        nulls++;
        continue;
      }
      expect(Math.fround(t)).toBe(t);
      expect(a <= t && t < b, `${a} <= ${t} < ${b}`).toBe(true);
      expect(Math.fround(a) <= t && t < Math.fround(b), `float32 ${a} ${t} ${b}`).toBe(true);
    }
    expect(nulls).toBeGreaterThan(0); // the generator reaches the inseparable case too
    expect(nulls).toBeLessThan(1000);
  });

  it('are null for values that are one float32 apart from each other in float64 only', () => {
    const a = 1 + 2 ** -40;
    expect(separatingThreshold(a, a + 2 ** -40)).toBeNull();
    expect(separatingThreshold(1, 1 + 2 ** -23)).toBe(1); // adjacent float32 values: left keeps 1
  });

  it('every split of a trained ensemble has threshold === Math.fround(threshold)', () => {
    const { columns, labels } = synthetic(4000, 5, 23, (x, noise) => (Math.sin(7 * x[0]!) * x[1]! + 1e-7 * x[2]! + 0.3 * noise > 0 ? 1 : 0));
    columns[3] = columns[3]!.map((v) => 1000 + v * 1e-4); // values that float32 rounds coarsely
    const { params } = trainGradientBoostedTrees(columns, labels, { objective: 'binary', rounds: 20, maxDepth: 5, minSamplesLeaf: 5 });
    const splits = internalNodes(params);
    expect(splits.length).toBeGreaterThan(100);
    for (const split of splits) expect(Math.fround(split.threshold), `tree ${split.tree} node ${split.node}`).toBe(split.threshold);
    // Training rows take the same branch whether compared in float64 or float32 (what ONNX does).
    let disagreements = 0;
    for (const split of splits) {
      const column = columns[split.feature]!;
      for (let r = 0; r < column.length; r++) if (column[r]! <= split.threshold !== Math.fround(column[r]!) <= split.threshold) disagreements++;
    }
    expect(disagreements).toBe(0);
  });
});
