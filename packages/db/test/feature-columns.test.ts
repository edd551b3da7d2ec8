import { computeFeatures, featureRow, FEATURE_NAMES, FEATURE_VERSION } from '@mltrading/features';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deleteFeatureEngineState,
  firstChangedBar,
  loadBarColumns,
  loadFeatureEngineState,
  saveFeatureEngineState,
  upsertMarketData,
  writeFeatureColumns,
  type FeatureColumnsBatch,
} from '../src/index.ts';
import { createTestDatabase, upsertFeatureRows, type TestDatabase } from '../src/testing/index.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

const HOUR = 3_600_000;
const START = Date.UTC(2026, 0, 5, 14, 30);

/** A deterministic random walk, one bar an hour. */
function walk(n: number, seed: number) {
  let x = seed;
  const rand = () => ((x = (x * 16807) % 2147483647) / 2147483647);
  const bars = { timestamp: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
  let price = 100;
  for (let i = 0; i < n; i++) {
    const open = price;
    price = Math.round(price * (1 + (rand() - 0.5) * 0.02) * 1e4) / 1e4;
    bars.timestamp[i] = START + i * HOUR;
    bars.open[i] = open;
    bars.close[i] = price;
    bars.high[i] = Math.round(Math.max(open, price) * 1.003 * 1e4) / 1e4;
    bars.low[i] = Math.round(Math.min(open, price) * 0.997 * 1e4) / 1e4;
    bars.volume[i] = Math.round(1000 + rand() * 5000);
  }
  return bars;
}

function batchOf(symbol: string, bars: ReturnType<typeof walk>, correlationId: string | null = 'corr-1'): FeatureColumnsBatch {
  const { columns } = computeFeatures(bars);
  return { symbol, source: 'synthetic', featureVersion: FEATURE_VERSION, correlationId, ...bars, columns };
}

const selectedColumns = ['timestamp', 'open', 'high', 'low', 'close', 'volume', ...FEATURE_NAMES] as const;

async function storedRows(symbol: string) {
  return t.db
    .selectFrom('feature_engineered_data')
    .select([...selectedColumns, 'correlation_id', 'feature_version'])
    .where('symbol', '=', symbol)
    .orderBy('timestamp')
    .execute();
}

describe('writeFeatureColumns', () => {
  it('COPYs a new key range straight into the table, equal to what upsertFeatureRows stores', async () => {
    const bars = walk(600, 7);
    const batch = batchOf('COLS', bars);
    expect(await writeFeatureColumns(t.db, batch)).toEqual({ inserted: 600, updated: 0, method: 'copy' });

    // The row-object path, from featureRow (non-finite → null), as the reference.
    const rows = Array.from({ length: 600 }, (_, i) => ({
      symbol: 'ROWS',
      source: 'synthetic',
      timestamp: new Date(bars.timestamp[i]!),
      open: bars.open[i]!, high: bars.high[i]!, low: bars.low[i]!, close: bars.close[i]!, volume: bars.volume[i]!,
      correlation_id: 'corr-1',
      ...featureRow(batch.columns, i),
    }));
    await upsertFeatureRows(t.db, rows);
    const [viaColumns, viaRows] = [await storedRows('COLS'), await storedRows('ROWS')];
    expect(viaColumns).toHaveLength(600);
    expect(viaColumns).toEqual(viaRows);
    expect(viaColumns[0]!.feature_version).toBe('3.0');
    expect(viaColumns[0]!.returns).toBeNull();
    expect(viaColumns[599]!.price_ma_long).not.toBeNull();
    expect(viaColumns[599]!.date).toBe(new Date(bars.timestamp[599]! - 5 * HOUR).toISOString().slice(0, 10));
  });

  it('merges when rows exist in the range: identical rows untouched, changed rows updated', async () => {
    const bars = walk(300, 11);
    const batch = batchOf('MERGE', bars);
    await writeFeatureColumns(t.db, batch);
    expect(await writeFeatureColumns(t.db, { ...batch, correlationId: 'again' })).toEqual({ inserted: 0, updated: 0, method: 'merge' });

    const revised = walk(310, 11);
    revised.close[250] = revised.close[250]! * 1.01;
    revised.high[250] = Math.max(revised.high[250]!, revised.close[250]!);
    const next = batchOf('MERGE', revised, 'fix');
    // Rows before 250 are unchanged (no look-ahead): write from there on only.
    expect(await writeFeatureColumns(t.db, next, { from: 250 })).toEqual({ inserted: 10, updated: 50, method: 'merge' });
    const stored = await storedRows('MERGE');
    expect(stored).toHaveLength(310);
    expect(stored[249]!.correlation_id).toBe('corr-1');
    expect(stored[250]!.correlation_id).toBe('fix');
    expect(stored[250]!.close).toBe(revised.close[250]);
  });

  it('leaves nothing behind when the COPY fails in the caller’s transaction', async () => {
    const bars = walk(50, 3);
    const batch = batchOf('FAIL', bars);
    const bad = { ...batch, symbol: 'S'.repeat(33) }; // one more than the symbol column holds
    await expect(t.db.transaction().execute((trx) => writeFeatureColumns(trx, bad))).rejects.toThrow(/too long/);
    expect(await storedRows('FAIL')).toHaveLength(0);
    await expect(writeFeatureColumns(t.db, { ...batch, open: new Float64Array(3) })).rejects.toThrow(/open has 3 values/);
  });
});

describe('bar columns and changed bars', () => {
  it('loads bars as float columns and finds the first revised bar', async () => {
    const bars = walk(40, 5);
    await upsertMarketData(
      t.db,
      Array.from({ length: 40 }, (_, i) => ({
        symbol: 'BARS', source: 'synthetic', timestamp: new Date(bars.timestamp[i]!),
        open: bars.open[i]!, high: bars.high[i]!, low: bars.low[i]!, close: bars.close[i]!, volume: bars.volume[i]!,
      })),
    );
    const loaded = await loadBarColumns(t.db, { symbol: 'BARS', source: 'synthetic' });
    expect(loaded).toEqual(bars);
    const after = await loadBarColumns(t.db, { symbol: 'BARS', source: 'synthetic', after: new Date(bars.timestamp[29]!) });
    expect(Array.from(after.timestamp)).toEqual(Array.from(bars.timestamp.subarray(30)));
    expect(await loadBarColumns(t.db, { symbol: 'BARS', source: 'synthetic', pageSize: 7 })).toEqual(bars);
    const window = await loadBarColumns(t.db, { symbol: 'BARS', source: 'synthetic', after: new Date(bars.timestamp[4]!), before: new Date(bars.timestamp[12]!), pageSize: 3 });
    expect(Array.from(window.timestamp)).toEqual(Array.from(bars.timestamp.subarray(5, 12)));
    expect(await loadBarColumns(t.db, { symbol: 'BARS', source: 'synthetic', pageSize: 40 })).toEqual(bars);

    const range = { symbol: 'BARS', source: 'synthetic', featureVersion: FEATURE_VERSION, from: new Date(bars.timestamp[0]!), through: new Date(bars.timestamp[39]!) };
    expect(await firstChangedBar(t.db, range)).toEqual(new Date(bars.timestamp[0]!)); // no features yet
    await writeFeatureColumns(t.db, batchOf('BARS', bars));
    expect(await firstChangedBar(t.db, range)).toBeUndefined();
    await sql`UPDATE market_data SET close = close + 0.01 WHERE symbol = 'BARS' AND timestamp = ${new Date(bars.timestamp[17]!)}`.execute(t.db);
    expect(await firstChangedBar(t.db, range)).toEqual(new Date(bars.timestamp[17]!));
  });
});

describe('feature engine state', () => {
  it('saves, replaces, loads and deletes one state per symbol, source, interval and version', async () => {
    const key = { symbol: 'ST', source: 'synthetic', interval: '1h' };
    expect(await loadFeatureEngineState(t.db, key)).toBeUndefined();
    const { state } = computeFeatures(walk(30, 9));
    await saveFeatureEngineState(t.db, { ...key, lastTimestamp: new Date(START), barsSeen: 30, state, correlationId: 'c' });
    await saveFeatureEngineState(t.db, { ...key, lastTimestamp: new Date(START + HOUR), barsSeen: 31, state });
    const loaded = await loadFeatureEngineState(t.db, key);
    expect(loaded).toMatchObject({ lastTimestamp: new Date(START + HOUR), barsSeen: 31, state: JSON.parse(JSON.stringify(state)) });
    expect(await loadFeatureEngineState(t.db, { ...key, interval: '1d' })).toBeUndefined();
    expect(await loadFeatureEngineState(t.db, { ...key, featureVersion: '2.0' })).toBeUndefined();
    await deleteFeatureEngineState(t.db, key);
    expect(await loadFeatureEngineState(t.db, key)).toBeUndefined();
  });
});
