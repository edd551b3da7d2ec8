import { createTestDatabase, upsertFeatureRows, type TestDatabase } from '@mltrading/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featureRowsPage, insertOrderIfAbsent, isReadableFeatureColumn, ordersPage, refreshDashboardSummary, stockInfoPage, symbolSummaryPage, upsertStockInfo } from '../src/index.ts';

let t: TestDatabase;
// Within the dashboard view's 90 days; one base so every call names the same instants.
const base = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 48 * 3_600_000;
const hour = (h: number) => new Date(base + h * 3_600_000);

beforeAll(async () => {
  t = await createTestDatabase();
  await upsertFeatureRows(t.db, [0, 1, 2, 3].map((h) => ({ symbol: 'RDA', timestamp: hour(h), close: 10 + h, rsi_1d: 50 + h, price_ma_short: 9 + h })));
  await upsertStockInfo(t.db, [{ symbol: 'RDA', company_name: 'Reads Inc', sector: 'Tech' }]);
  await refreshDashboardSummary(t.db, { concurrently: false });
});
afterAll(async () => t?.drop());

describe('reads for the HTTP API', () => {
  it('featureRowsPage returns only the chosen columns, newest first, within [from, to)', async () => {
    const rows = await featureRowsPage(t.db, { symbol: 'RDA', source: 'yahoo', featureVersion: '3.0', columns: ['close', 'rsi_1d'], from: hour(1), to: hour(3), limit: 10 });
    expect(rows.map((r) => [r.close, r.rsi_1d])).toEqual([[12, 52], [11, 51]]);
    expect(Object.keys(rows[0]!).sort()).toEqual(['close', 'rsi_1d', 'symbol', 'timestamp']);
    const paged = await featureRowsPage(t.db, { symbol: 'RDA', source: 'yahoo', featureVersion: '3.0', columns: ['close'], from: hour(0), to: hour(4), limit: 2, offset: 2 });
    expect(paged.map((r) => r.close)).toEqual([11, 10]);
  });

  it('refuses a column outside the catalog before any SQL', async () => {
    expect(isReadableFeatureColumn('rsi_1d')).toBe(true);
    expect(isReadableFeatureColumn('id')).toBe(false);
    await expect(
      featureRowsPage(t.db, { symbol: 'RDA', source: 'yahoo', featureVersion: '3.0', columns: ['close', 'close; DROP TABLE orders'], from: hour(0), to: hour(4), limit: 1 }),
    ).rejects.toThrow(/unknown column\(s\) "close; DROP TABLE orders"/);
  });

  it('pages stock info, symbol summaries and orders', async () => {
    expect((await stockInfoPage(t.db, { limit: 10 })).map((r) => r.company_name)).toEqual(['Reads Inc']);
    expect(await symbolSummaryPage(t.db, { limit: 10 })).toMatchObject([{ symbol: 'RDA', total_records: 4, company_name: 'Reads Inc' }]);
    await insertOrderIfAbsent(t.db, { order_id: 'o1', symbol: 'RDA', side: 'buy', quantity: 1, strategy: 's' });
    await insertOrderIfAbsent(t.db, { order_id: 'o2', symbol: 'RDA', side: 'buy', quantity: 2, strategy: 's' });
    expect((await ordersPage(t.db, { limit: 1 })).map((o) => o.order_id)).toEqual(['o2']);
    expect((await ordersPage(t.db, { limit: 1, offset: 1 })).map((o) => o.order_id)).toEqual(['o1']);
    expect(await ordersPage(t.db, { limit: 5, to: new Date(0) })).toEqual([]);
  });
});
