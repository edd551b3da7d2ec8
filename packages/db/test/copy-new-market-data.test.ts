import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyNewMarketData, InvalidValueError, type MarketBarInput } from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

function bars(symbol: string, hours: number[], close = 10): MarketBarInput[] {
  return hours.map((h) => ({
    symbol,
    source: 'synthetic',
    timestamp: new Date(Date.UTC(2026, 2, 2, h, 30)),
    open: 10,
    high: 11,
    low: 9,
    close,
    volume: 1000 + h,
    correlation_id: 'copy-test',
  }));
}

async function stored(symbol: string) {
  const { rows } = await sql<{ hour: number; close: number; n: number }>`
    select extract(hour from timestamp at time zone 'UTC')::int as hour, close, count(*) over ()::int as n
    from market_data where symbol = ${symbol} order by timestamp`.execute(database.db);
  return rows;
}

describe('copyNewMarketData', () => {
  it('copies new bars straight into market_data', async () => {
    expect(await copyNewMarketData(database.db, bars('NEWA', [14, 15, 16]))).toEqual({ inserted: 3, updated: 0 });
    expect((await stored('NEWA')).map((r) => r.hour)).toEqual([14, 15, 16]);
  });

  it('falls back to the merging upsert when some bars already exist, leaving one row per key', async () => {
    await copyNewMarketData(database.db, bars('NEWB', [14, 15]));
    const result = await copyNewMarketData(database.db, bars('NEWB', [15, 16, 17], 12));
    expect(result).toEqual({ inserted: 2, updated: 1 });
    const rows = await stored('NEWB');
    expect(rows.map((r) => [r.hour, r.close])).toEqual([[14, 10], [15, 12], [16, 12], [17, 12]]);
  });

  it('refuses a non-finite value and writes nothing of the batch', async () => {
    const batch = bars('NEWC', [14, 15]);
    batch[1] = { ...batch[1]!, close: Number.NaN };
    await expect(copyNewMarketData(database.db, batch)).rejects.toBeInstanceOf(InvalidValueError);
    expect(await stored('NEWC')).toEqual([]);
  });
});
