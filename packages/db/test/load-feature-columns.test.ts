// loadFeatureColumns: a universe's features as typed columns in (timestamp, symbol) order, read in
// column batches from one snapshot; NULL → NaN; only the asked rows and columns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFeatureColumns } from '../src/index.ts';
import { createTestDatabase, upsertFeatureRows, type TestDatabase } from '../src/testing/index.ts';
import { hourlyFeatureRows } from './support/feature-row-factory.ts';

let t: TestDatabase;
const end = new Date('2026-03-02T20:00:00Z');
const HOUR = 3_600_000;

beforeAll(async () => {
  t = await createTestDatabase();
  const rows = hourlyFeatureRows(['MSFT', 'AAPL', 'TSLA'], 6, end);
  rows.filter((r) => r.symbol === 'MSFT' && r.timestamp.getTime() === end.getTime()).forEach((r) => (r.rsi_1d = null));
  await upsertFeatureRows(t.db, rows);
});
afterAll(() => t?.drop());

describe('loadFeatureColumns', () => {
  it('reads a range in column batches, sorted by time then symbol, NULL as NaN, and equal for any batch size', async () => {
    const features = ['returns', 'rsi_1d', 'macd', 'adx', 'volume_ratio'];
    const query = { symbols: ['MSFT', 'AAPL'], features, from: new Date(end.getTime() - 2 * HOUR), to: new Date(end.getTime() + HOUR) };
    const one = await loadFeatureColumns(t.db, { ...query, batchColumns: 1 });
    const all = await loadFeatureColumns(t.db, { ...query, batchColumns: 16 });
    expect(one).toEqual(all);
    expect(one.symbols).toEqual(['AAPL', 'MSFT']);
    expect(one.rows).toBe(6);
    expect([...one.symbolIndex]).toEqual([0, 1, 0, 1, 0, 1]);
    expect([...one.timestamps]).toEqual([-2, -2, -1, -1, 0, 0].map((k) => end.getTime() + k * HOUR));
    expect(one.columns).toHaveLength(5);
    expect(one.columns.every((c) => c instanceof Float64Array)).toBe(true);
    expect(Number.isNaN(one.columns[1]![5]!)).toBe(true); // MSFT's rsi_1d at `end`
    expect(Number.isNaN(one.columns[1]![4]!)).toBe(false);
    expect(one.close[0]).toBe(100.5 + 2); // the factory's close of the row 2 hours back (seed 2)
  });

  it('reads exact bar times, and refuses unknown features and a missing range', async () => {
    const got = await loadFeatureColumns(t.db, { symbols: ['TSLA'], features: ['returns'], timestamps: [end, new Date(end.getTime() - 3 * HOUR), new Date(end.getTime() + 7 * HOUR)] });
    expect([...got.timestamps]).toEqual([end.getTime() - 3 * HOUR, end.getTime()]);
    await expect(loadFeatureColumns(t.db, { symbols: ['TSLA'], features: ['nope'], timestamps: [end] })).rejects.toThrow('unknown feature "nope"');
    await expect(loadFeatureColumns(t.db, { symbols: ['TSLA'], features: ['date'], timestamps: [end] })).rejects.toThrow('unknown feature "date"');
    await expect(loadFeatureColumns(t.db, { symbols: ['TSLA'], features: ['returns'] })).rejects.toThrow('give either from and to, or timestamps');
  });
});
