import { describe, expect, it } from 'vitest';
import { assembleDataset, computeLabels, ModelInputError, type FeatureFrame } from '../src/index.ts';
import { cloneFrame, HOUR_MS, START_MS, syntheticFrame } from './support/synthetic-frame.ts';

/** Rows of one symbol, in time order. */
function seriesRows(frame: FeatureFrame, symbol: number): number[] {
  const rows: number[] = [];
  frame.symbolIndex.forEach((s, r) => {
    if (s === symbol) rows.push(r);
  });
  return rows;
}

describe('assembleDataset', () => {
  it('labels each symbol from its own series, never across symbols', () => {
    const frame = syntheticFrame({ symbols: 3, instants: 20, seed: 1 });
    const dataset = assembleDataset(frame, { predictionType: 'momentum', horizon: 2 });
    for (let symbol = 0; symbol < 3; symbol++) {
      const rows = seriesRows(frame, symbol);
      const expected = computeLabels('momentum', Float64Array.from(rows, (r) => frame.close[r]!), 2);
      for (let i = 0; i < rows.length - 2; i++) {
        const at = Array.from(dataset.sourceRows).indexOf(rows[i]!);
        expect(at, `symbol ${symbol} bar ${i} kept`).toBeGreaterThanOrEqual(0);
        expect(dataset.labels[at]).toBe(expected[i]);
        expect(dataset.labelEndTimes[at]).toBe(frame.timestamps[rows[i + 2]!]);
      }
    }
    // The last h bars of every symbol have no label: 3 symbols × 2 rows dropped.
    expect(dataset.rows).toBe(60 - 6);
    expect(dataset.task).toBe('regression');
  });

  it('drops rows with a missing feature or label and fills nothing', () => {
    const frame = cloneFrame(syntheticFrame({ symbols: 2, instants: 10, seed: 2 }));
    frame.columns[1]![4] = Number.NaN; // instant 2, symbol 0
    frame.close[7] = Number.NaN; // instant 3, symbol 1: its own label and the label of instant 2 are missing
    const dataset = assembleDataset(frame, { predictionType: 'price_direction', horizon: 1 });
    const kept = Array.from(dataset.sourceRows);
    expect(kept).not.toContain(4);
    expect(kept).not.toContain(5); // label needs close at row 7
    expect(kept).not.toContain(7);
    expect(kept).not.toContain(18);
    expect(kept).not.toContain(19);
    expect(dataset.rows).toBe(20 - 5);
    for (const column of dataset.columns) expect(column.every((v) => !Number.isNaN(v))).toBe(true);
    expect(dataset.labels.every((v) => v === 0 || v === 1)).toBe(true);
    // Kept rows keep the frame's order (time, then symbol).
    expect(kept).toEqual([...kept].sort((a, b) => a - b));
  });

  it('leakage: changing every bar after time t changes no row at or before t − h (features or label)', () => {
    const horizon = 3;
    const frame = syntheticFrame({ symbols: 4, instants: 60, seed: 3 });
    const t = START_MS + 40 * HOUR_MS;
    const changed = cloneFrame(frame);
    for (let r = 0; r < frame.timestamps.length; r++) {
      if (frame.timestamps[r]! <= t) continue;
      changed.close[r] = frame.close[r]! * (1.5 + (r % 7) / 10);
      for (const column of changed.columns) column[r] = column[r]! + 100 + r;
    }
    for (const predictionType of ['price_direction', 'momentum', 'volatility'] as const) {
      const before = assembleDataset(frame, { predictionType, horizon });
      const after = assembleDataset(changed, { predictionType, horizon });
      let compared = 0;
      let changedNear = 0;
      for (let i = 0; i < before.rows; i++) {
        const time = before.timestamps[i]!;
        const j = Array.from(after.sourceRows).indexOf(before.sourceRows[i]!);
        if (time <= t - horizon * HOUR_MS) {
          expect(j, `${predictionType}: row ${i} still present`).toBeGreaterThanOrEqual(0);
          expect(after.labels[j], `${predictionType}: label of row ${i}`).toBe(before.labels[i]);
          before.columns.forEach((column, k) => expect(after.columns[k]![j]).toBe(column[i]));
          compared++;
        } else if (time <= t && j >= 0 && after.labels[j] !== before.labels[i]) {
          changedNear++;
        }
      }
      expect(compared).toBe(4 * (40 - horizon + 1));
      // The check has teeth: labels closer to t than h bars do see the change.
      if (predictionType !== 'price_direction') expect(changedNear).toBeGreaterThan(0);
    }
  });

  it('rejects bad input with a clear message', () => {
    const frame = syntheticFrame({ symbols: 2, instants: 10, seed: 4 });
    const empty: FeatureFrame = { featureNames: ['a'], columns: [new Float64Array(0)], symbolIndex: new Int32Array(0), timestamps: new Float64Array(0), close: new Float64Array(0) };
    expect(() => assembleDataset(empty, { predictionType: 'momentum', horizon: 1 })).toThrow(/empty dataset/);
    const short = { ...frame, columns: [frame.columns[0]!.subarray(0, 19), ...frame.columns.slice(1)] };
    expect(() => assembleDataset(short, { predictionType: 'momentum', horizon: 1 })).toThrow(/column "feature edge" has 19 values, expected 20/);
    expect(() => assembleDataset({ ...frame, featureNames: ['edge'] }, { predictionType: 'momentum', horizon: 1 })).toThrow(/1 feature names for 3 feature columns/);
    expect(() => assembleDataset({ ...frame, featureNames: ['a', 'a', 'b'] }, { predictionType: 'momentum', horizon: 1 })).toThrow(/listed twice/);
    const unsorted = cloneFrame(frame);
    unsorted.symbolIndex[0] = 1;
    unsorted.symbolIndex[1] = 0;
    expect(() => assembleDataset(unsorted, { predictionType: 'momentum', horizon: 1 })).toThrow(/sorted by timestamp then symbol/);
    expect(() => assembleDataset(frame, { predictionType: 'momentum', horizon: 0 })).toThrow(ModelInputError);
    expect(() => assembleDataset(frame, { predictionType: 'momentum', horizon: 10 })).toThrow(/none of 20 rows has every feature and a momentum label/);
  });
});
