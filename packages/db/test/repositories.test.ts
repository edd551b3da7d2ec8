import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestBarTimestamps, loadBars, upsertMarketData, upsertStockInfo, type MarketBarInput } from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

const bar = (symbol: string, iso: string, close: number, source?: string): MarketBarInput => ({
  symbol,
  timestamp: new Date(iso),
  open: close - 1,
  high: close + 1,
  low: close - 2,
  close,
  volume: 1_000,
  ...(source ? { source } : {}),
});

describe('market data', () => {
  it('upserts bars, with source defaulting to yahoo', async () => {
    const bars = [
      bar('AAPL', '2026-01-02T14:30:00Z', 190.25),
      bar('AAPL', '2026-01-02T15:30:00Z', 191.5),
      bar('AAPL', '2026-01-02T16:30:00Z', 192.125),
      bar('MSFT', '2026-01-02T14:30:00Z', 410),
      bar('MSFT', '2026-01-02T18:30:00Z', 411, 'alpaca'),
    ];
    expect(await upsertMarketData(t.db, bars)).toEqual({ inserted: 5, updated: 0 });
    expect(await upsertMarketData(t.db, bars.map((b) => ({ ...b, correlation_id: 'rerun' })))).toEqual({ inserted: 0, updated: 0 });
    expect(await upsertMarketData(t.db, [{ ...bars[2]!, close: 192.5, correlation_id: 'fix' }])).toEqual({ inserted: 0, updated: 1 });
  });

  it('finds the latest bar per symbol for one source', async () => {
    const latest = await latestBarTimestamps(t.db, ['AAPL', 'MSFT', 'NONE'], 'yahoo');
    expect(latest).toEqual(new Map([
      ['AAPL', new Date('2026-01-02T16:30:00Z')],
      ['MSFT', new Date('2026-01-02T14:30:00Z')],
    ]));
    expect(await latestBarTimestamps(t.db, [], 'yahoo')).toEqual(new Map());
  });

  it('loads bars in ascending order, from inclusive and to exclusive, with numbers not strings', async () => {
    const all = await loadBars(t.db, { symbol: 'AAPL', source: 'yahoo' });
    expect(all.map((b) => b.close)).toEqual([190.25, 191.5, 192.5]);
    expect(all[2]).toMatchObject({ volume: 1_000, correlation_id: 'fix', source: 'yahoo' });
    expect(typeof all[0]!.id).toBe('number');
    const window = await loadBars(t.db, { symbol: 'AAPL', source: 'yahoo', from: new Date('2026-01-02T15:30:00Z'), to: new Date('2026-01-02T16:30:00Z') });
    expect(window.map((b) => b.close)).toEqual([191.5]);
  });
});

describe('stock info', () => {
  it('upserts metadata per symbol', async () => {
    expect(await upsertStockInfo(t.db, [{ symbol: 'AAPL', company_name: 'Apple Inc.', sector: 'Technology', market_cap: 3_000_000_000_000 }])).toEqual({ inserted: 1, updated: 0 });
    expect(await upsertStockInfo(t.db, [{ symbol: 'AAPL', company_name: 'Apple Inc.', sector: 'Technology', market_cap: 3_100_000_000_000 }])).toEqual({ inserted: 0, updated: 1 });
    const info = await t.db.selectFrom('stock_info').selectAll().executeTakeFirstOrThrow();
    expect(info).toMatchObject({ symbol: 'AAPL', market_cap: 3_100_000_000_000, source: 'yahoo', industry: null });
  });
});
