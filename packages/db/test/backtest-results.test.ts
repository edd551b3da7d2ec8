import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BacktestRunFinishedError,
  BacktestRunNotFoundError,
  createBacktestRun,
  finishBacktestRun,
  getBacktestRun,
  insertBacktestEquity,
  insertBacktestFills,
  insertBacktestOrders,
  listBacktestRuns,
  loadBacktestEquity,
  loadBacktestFills,
  loadBacktestOrders,
} from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

const start = new Date('2026-01-05T14:00:00Z');
const HOUR = 3_600_000;
const hour = (n: number) => new Date(start.getTime() + n * HOUR);

const run = (runId: string, sweepId: string | null = null) =>
  createBacktestRun(t.db, {
    runId,
    parameters: { strategy: { threshold: 0.55 }, costs: { slippageBps: 5, commissionPerShare: 0.005 } },
    codeVersion: 'abc1234',
    interval: '1h',
    rangeStart: start,
    rangeEnd: hour(100),
    universe: ['AAPL', 'MSFT'],
    strategy: 'direction',
    modelId: null,
    sweepId,
    correlationId: `bt-${runId}`,
  });

describe('backtest results', () => {
  it('creates a run, writes its orders, fills and equity with COPY, and reads them back', async () => {
    const created = await run('run-1', 'sweep-a');
    expect(created).toMatchObject({ run_id: 'run-1', status: 'running', universe: ['AAPL', 'MSFT'], finished_at: null, report: null });
    expect(created.parameters).toEqual({ strategy: { threshold: 0.55 }, costs: { slippageBps: 5, commissionPerShare: 0.005 } });

    const orders = Array.from({ length: 200 }, (_, i) => ({
      order_id: `o-${String(i).padStart(4, '0')}`,
      symbol: i % 2 ? 'MSFT' : 'AAPL',
      side: i % 3 ? ('buy' as const) : ('sell' as const),
      quantity: 10 + i,
      price: null,
      status: 'filled' as const,
      status_reason: null,
      filled_quantity: 10 + i,
      average_fill_price: 100 + i / 7,
      strategy: 'direction',
      model_id: 'wf-1',
      prediction_id: null,
      bar_timestamp: hour(i % 100),
      created_at: hour(i % 100),
      updated_at: hour((i % 100) + 1),
    }));
    expect(await insertBacktestOrders(t.db, 'run-1', orders)).toEqual({ inserted: 200, updated: 0 });
    expect(await insertBacktestOrders(t.db, 'run-1', orders)).toEqual({ inserted: 0, updated: 0 });
    const fills = orders.map((o) => ({ fill_id: `f-${o.order_id}`, order_id: o.order_id, symbol: o.symbol, side: o.side, quantity: o.quantity, price: o.average_fill_price, commission: 0.05, timestamp: o.updated_at }));
    expect(await insertBacktestFills(t.db, 'run-1', fills)).toEqual({ inserted: 200, updated: 0 });
    expect(await insertBacktestFills(t.db, 'run-1', fills)).toEqual({ inserted: 0, updated: 0 });
    const equity = Array.from({ length: 100 }, (_, i) => ({ timestamp: hour(i), equity: 100_000 + i, cash: 50_000, gross_exposure: 50_000 + i, drawdown: i % 10 === 0 ? 0 : 0.001 * (i % 10) }));
    expect(await insertBacktestEquity(t.db, 'run-1', equity)).toEqual({ inserted: 100, updated: 0 });

    const storedOrders = await loadBacktestOrders(t.db, 'run-1');
    expect(storedOrders).toHaveLength(200);
    expect(storedOrders[0]).toMatchObject({ run_id: 'run-1', order_type: 'market', model_id: 'wf-1' });
    const storedFills = await loadBacktestFills(t.db, 'run-1');
    expect(storedFills.find((f) => f.fill_id === 'f-o-0007')).toMatchObject({ price: 101, quantity: 17, commission: 0.05 });
    const curve = await loadBacktestEquity(t.db, 'run-1');
    expect(curve.map((p) => p.equity)).toEqual(equity.map((p) => p.equity));
  });

  it('keeps backtest rows apart from live trading', async () => {
    expect(await t.db.selectFrom('orders').selectAll().execute()).toEqual([]);
    expect(await t.db.selectFrom('fills').selectAll().execute()).toEqual([]);
  });

  it('refuses a fill of an order the run does not have, and a drawdown outside [0, 1]', async () => {
    await expect(insertBacktestFills(t.db, 'run-1', [{ fill_id: 'f-x', order_id: 'nope', symbol: 'AAPL', side: 'buy', quantity: 1, price: 1, timestamp: start }])).rejects.toThrow(/backtest_fills_order_fkey/);
    await expect(insertBacktestEquity(t.db, 'run-1', [{ timestamp: hour(200), equity: 1, cash: 1, gross_exposure: 0, drawdown: 1.5 }])).rejects.toThrow(/backtest_equity_drawdown_range/);
  });

  it('finishes a run once with its report, lists runs newest first, filters by sweep', async () => {
    const report = { sharpe: 0.8, maxDrawdown: 0.12, deflatedSharpe: 0.4 };
    const finished = await finishBacktestRun(t.db, 'run-1', { status: 'succeeded', report });
    expect(finished).toMatchObject({ status: 'succeeded', report });
    expect(finished.finished_at).toBeInstanceOf(Date);
    await expect(finishBacktestRun(t.db, 'run-1', { status: 'failed', error: 'late' })).rejects.toThrow(BacktestRunFinishedError);
    await expect(finishBacktestRun(t.db, 'nope', { status: 'failed' })).rejects.toThrow(BacktestRunNotFoundError);

    await run('run-2', 'sweep-a');
    await run('run-3');
    await finishBacktestRun(t.db, 'run-3', { status: 'failed', error: 'universe has no data' });
    expect((await listBacktestRuns(t.db, { sweepId: 'sweep-a' })).map((r) => r.run_id).sort()).toEqual(['run-1', 'run-2']);
    expect((await listBacktestRuns(t.db, { status: 'failed' })).map((r) => [r.run_id, r.error])).toEqual([['run-3', 'universe has no data']]);
    const all = await listBacktestRuns(t.db);
    expect(all.map((r) => r.created_at.getTime())).toEqual(all.map((r) => r.created_at.getTime()).sort((a, b) => b - a));
    expect(await getBacktestRun(t.db, 'nope')).toBeUndefined();
  });

  it('refuses an empty range, an empty universe and a reused run id', async () => {
    await expect(createBacktestRun(t.db, { runId: 'bad', parameters: {}, codeVersion: null, interval: '1h', rangeStart: start, rangeEnd: start, universe: ['A'] })).rejects.toThrow(/empty range/);
    await expect(createBacktestRun(t.db, { runId: 'bad', parameters: {}, codeVersion: null, interval: '1h', rangeStart: start, rangeEnd: hour(1), universe: [] })).rejects.toThrow(/universe is empty/);
    await expect(run('run-2')).rejects.toThrow(/backtest_runs_pkey/);
  });

  it('deleting a run removes its orders, fills and equity', async () => {
    await t.db.deleteFrom('backtest_runs').where('run_id', '=', 'run-1').execute();
    expect(await loadBacktestOrders(t.db, 'run-1')).toEqual([]);
    expect(await loadBacktestFills(t.db, 'run-1')).toEqual([]);
    expect(await loadBacktestEquity(t.db, 'run-1')).toEqual([]);
  });
});
