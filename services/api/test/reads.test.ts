import { createBacktestRun, insertBacktestEquity, insertOrderIfAbsent, refreshDashboardSummary, upsertStockInfo } from '@mltrading/db';
import { upsertFeatureRows } from '@mltrading/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiHarness, waitFor, type ApiHarness } from './support/api-harness.ts';

let h: ApiHarness;
const base = Date.parse('2026-11-02T14:00:00Z');
const at = (i: number) => new Date(base + i * 3_600_000);

beforeAll(async () => {
  h = await startApiHarness({ API_MAX_PAGE_SIZE: '50' });
  await upsertFeatureRows(h.database.db, [0, 1, 2, 3, 4].map((i) => ({ symbol: 'RDA', source: 'synthetic', timestamp: at(i), close: 100 + i, rsi_1d: 40 + i, price_ma_short: 99 + i })));
  await upsertStockInfo(h.database.db, [{ symbol: 'RDA', company_name: 'Reads, "Quoted" Inc', sector: '=Tech' }]);
  await refreshDashboardSummary(h.database.db, { concurrently: false });
  await insertOrderIfAbsent(h.database.db, { order_id: 'o-1', symbol: 'RDA', side: 'buy', quantity: 3, strategy: 's' });
});
afterAll(async () => h?.close());

const range = `from=${at(0).toISOString()}&to=${at(5).toISOString()}`;

describe('read endpoints', () => {
  it('features: the chosen columns only, newest first, paginated', async () => {
    const response = await h.call(`/v1/features/RDA?columns=close,rsi_1d&source=synthetic&${range}&limit=2`, { key: h.keys.read });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: Record<string, unknown>[]; page: { nextOffset: number | null } };
    expect(body.items).toEqual([
      { symbol: 'RDA', timestamp: at(4).toISOString(), close: 104, rsi_1d: 44 },
      { symbol: 'RDA', timestamp: at(3).toISOString(), close: 103, rsi_1d: 43 },
    ]);
    expect(body.page.nextOffset).toBe(2);
    const last = (await (await h.call(`/v1/features/RDA?columns=close&source=synthetic&${range}&limit=2&offset=4`, { key: h.keys.read })).json()) as { items: unknown[]; page: { nextOffset: number | null } };
    expect(last.items).toHaveLength(1);
    expect(last.page.nextOffset).toBeNull();
    expect((await h.call(`/v1/features/RDA?columns=close&limit=51`, { key: h.keys.read })).status).toBe(400);
  });

  it('features as CSV: a download with the rows shown, recorded as a data export', async () => {
    const response = await h.call(`/v1/features/RDA?columns=close,rsi_1d&source=synthetic&${range}&format=csv`, { key: h.keys.read });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="features-RDA.csv"');
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('symbol,timestamp,close,rsi_1d');
    expect(lines.slice(1)).toHaveLength(5);
    expect(lines[1]).toBe(`RDA,${at(4).toISOString()},104,44`);
    const exported = await waitFor('the export on the logs queue', async () => {
      const jobs = await h.queues.queue('logs').getJobs(['waiting', 'delayed', 'prioritized']);
      const records = jobs.flatMap((job) => (job.data as { records: { kind: string; actionType?: string; requestPath?: string }[] }).records);
      return records.find((r) => r.kind === 'user_action' && r.actionType === 'data_export');
    });
    expect(exported.requestPath).toMatch(/^\/v1\/features\/RDA\?columns=close,rsi_1d/);
  });

  it('stock info and symbols as JSON and CSV (quoted fields, no spreadsheet formulas)', async () => {
    const info = (await (await h.call('/v1/stock-info?symbol=RDA', { key: h.keys.read })).json()) as { items: { company_name: string }[] };
    expect(info.items.map((i) => i.company_name)).toEqual(['Reads, "Quoted" Inc']);
    const csv = await (await h.call('/v1/stock-info?format=csv', { key: h.keys.read })).text();
    expect(csv).toContain('"Reads, ""Quoted"" Inc"');
    expect(csv).toContain(",'=Tech,");
    const symbols = (await (await h.call('/v1/symbols', { key: h.keys.read })).json()) as { items: { symbol: string; total_records: number; company_name: string }[] };
    expect(symbols.items).toMatchObject([{ symbol: 'RDA', total_records: 5 }]);
  });

  it('backtest runs and an equity curve as CSV', async () => {
    await createBacktestRun(h.database.db, { runId: 'bt-1', parameters: { strategy: 's' }, codeVersion: null, interval: '1h', rangeStart: at(0), rangeEnd: at(3), universe: ['RDA'] });
    await insertBacktestEquity(h.database.db, 'bt-1', [0, 1, 2].map((i) => ({ timestamp: at(i), equity: 1000 + i, cash: 1000, gross_exposure: i, drawdown: 0 })));
    const runs = (await (await h.call('/v1/backtests', { key: h.keys.read })).json()) as { items: { run_id: string; status: string }[] };
    expect(runs.items).toMatchObject([{ run_id: 'bt-1', status: 'running' }]);
    const csv = (await (await h.call('/v1/backtests/bt-1/equity?format=csv', { key: h.keys.read })).text()).trimEnd().split('\r\n');
    expect(csv[0]).toBe('run_id,timestamp,equity,cash,gross_exposure,drawdown');
    expect(csv.slice(1)).toEqual([0, 1, 2].map((i) => `bt-1,${at(i).toISOString()},${1000 + i},1000,${i},0`));
  });

  it('orders, fills, predictions, positions, models, activity, database stats and queues answer', async () => {
    const orders = (await (await h.call('/v1/orders?symbol=RDA', { key: h.keys.read })).json()) as { items: { order_id: string }[] };
    expect(orders.items.map((o) => o.order_id)).toEqual(['o-1']);
    expect(((await (await h.call(`/v1/orders?to=${at(0).toISOString()}`, { key: h.keys.read })).json()) as { items: unknown[] }).items).toEqual([]);
    for (const path of ['/v1/fills', '/v1/predictions', '/v1/positions', '/v1/models', '/v1/activity', '/v1/backtests']) {
      const response = await h.call(path, { key: h.keys.read });
      expect(response.status, path).toBe(200);
      expect((await response.json()) as { items: unknown[] }, path).toHaveProperty('items');
    }
    const stats = (await (await h.call('/v1/stats/database', { key: h.keys.read })).json()) as { tableSizes: { tablename: string }[] };
    expect(stats.tableSizes.map((t) => t.tablename)).toContain('feature_engineered_data');
    const queues = (await (await h.call('/v1/queues', { key: h.keys.read })).json()) as { items: { queue: string }[] };
    expect(queues.items.map((q) => q.queue)).toContain('ingest');
    expect((await h.call('/v1/models/nope', { key: h.keys.read })).status).toBe(404);
    expect((await h.call('/v1/backtests/nope/equity', { key: h.keys.read })).status).toBe(404);
  });
});

describe('input crafted as SQL', () => {
  const crafted = [
    ['a column name', `/v1/features/RDA?columns=${encodeURIComponent('close,rsi_1d FROM orders; DROP TABLE orders --')}`],
    ['a quoted column name', `/v1/features/RDA?columns=${encodeURIComponent('"close"')}`],
    ['a symbol', `/v1/features/${encodeURIComponent("RDA' OR '1'='1")}?columns=close`],
    ['a symbol filter', `/v1/orders?symbol=${encodeURIComponent("RDA';DELETE FROM orders;--")}`],
    ['a correlation id', `/v1/flows/${encodeURIComponent("x' OR 1=1 --")}`],
  ] as const;

  it.each(crafted)('refuses %s with a 400, and nothing of it reaches PostgreSQL', async (_what, path) => {
    const before = h.queries.length;
    const response = await h.call(path, { key: h.keys.read });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message.length).toBeGreaterThan(0);
    const issued = h.queries.slice(before);
    // The key lookup runs first; that is all, and it carries none of the crafted text.
    expect(issued).toHaveLength(1);
    expect(issued[0]).toContain('api_keys');
    for (const fragment of ['DROP', 'DELETE', "OR '1'", 'OR 1=1', '"close"', 'orders']) expect(issued[0]).not.toContain(fragment);
    expect(await h.database.db.selectFrom('orders').select('order_id').execute()).toHaveLength(1);
  });
});
