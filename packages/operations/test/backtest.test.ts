// runBacktest against a real database: synthetic history stored as the pipeline stores it, a
// walk-forward run and a registered model's run stored in the backtest tables, determinism, and
// every bad input refused before anything is read or written.
import { loadBacktestEquity, loadBacktestFills, loadBacktestOrders, type Database } from '@mltrading/db';
import { createTestDatabase, type TestDatabase } from '@mltrading/db/testing';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidRequestError, listBacktests, NotFoundError, runBacktest, showBacktest } from '../src/index.ts';
import { DAY, registerLogistic, seedHistory } from './support/seed-history.ts';

const SYMBOLS = ['BTA', 'BTB', 'BTC'];
const START = Date.UTC(2025, 2, 3);
const END = START + 90 * DAY;
const FEATURES = ['returns', 'rsi_1d'];
let t: TestDatabase;

const request = {
  symbols: SYMBOLS,
  interval: '1h',
  source: 'synthetic',
  start: new Date(START + 10 * DAY).toISOString(),
  end: new Date(END).toISOString(),
  strategy: { kind: 'direction-threshold', params: { confidenceThreshold: 0.5, riskBudget: 200, allowShort: true } },
  costs: { slippageBps: 5 },
  model: { walkForward: { kind: 'logistic', features: FEATURES, trainSize: 120, retrainEvery: 40 } },
};

const runCount = async (db: Kysely<Database>) => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM backtest_runs`.execute(db)).rows[0]!.n);
const withoutRun = <T extends { run_id: string }>(rows: T[]) => rows.map(({ run_id: _run, ...rest }) => rest);

beforeAll(async () => {
  t = await createTestDatabase();
  await seedHistory(t.db, SYMBOLS, { start: START, end: END, seed: 11, predictability: 0.3 });
  await registerLogistic(t.db, 'bt-logistic', FEATURES);
}, 120_000);

afterAll(async () => {
  await t?.drop();
});

describe('runBacktest', () => {
  it('replays walk-forward predictions and stores the run, its orders, fills, equity curve and report', async () => {
    const first = await runBacktest(t.db, request, { codeVersion: 'test' });
    expect(first.orders).toBeGreaterThan(10);
    expect(first.fills).toBeGreaterThan(5);
    expect(first.report.strategy.orders).toBe(first.orders);
    expect(Number.isFinite(first.report.buyAndHold.totalReturn)).toBe(true);
    expect(first.report.deflatedSharpe.trials).toBe(1);
    expect(first.chartHtml).toContain('<svg');
    expect(first.chartHtml).toContain('buy and hold');

    const detail = await showBacktest(t.db, first.runId);
    expect(detail.run.status).toBe('succeeded');
    expect(detail.run.code_version).toBe('test');
    expect(detail.run.universe).toEqual(SYMBOLS);
    expect(detail.run.model_id).toBe('walk-forward:logistic');
    expect(detail.run.correlation_id).toBe(first.correlationId);
    expect((detail.run.report as { strategy: { orders: number } }).strategy.orders).toBe(first.orders);
    expect([detail.orders, detail.fills, detail.equityPoints]).toEqual([first.orders, first.fills, first.equityPoints]);

    // Determinism: the same inputs give the same stored trades.
    const second = await runBacktest(t.db, request);
    expect(second.runId).not.toBe(first.runId);
    expect(withoutRun(await loadBacktestOrders(t.db, second.runId))).toEqual(withoutRun(await loadBacktestOrders(t.db, first.runId)));
    expect(withoutRun(await loadBacktestFills(t.db, second.runId))).toEqual(withoutRun(await loadBacktestFills(t.db, first.runId)));
    expect(withoutRun(await loadBacktestEquity(t.db, second.runId))).toEqual(withoutRun(await loadBacktestEquity(t.db, first.runId)));
    expect((await listBacktests(t.db)).map((r) => r.run_id)).toEqual(expect.arrayContaining([first.runId, second.runId]));
  }, 120_000);

  it("replays a registered model's predictions, and counts a sweep's runs in the deflated Sharpe ratio", async () => {
    const base = { ...request, model: { modelId: 'bt-logistic' }, sweepId: 'sweep-1' };
    const a = await runBacktest(t.db, base);
    expect(a.orders).toBeGreaterThan(0);
    expect((await showBacktest(t.db, a.runId)).run.model_id).toBe('bt-logistic');
    const b = await runBacktest(t.db, { ...base, strategy: { kind: 'direction-threshold', params: { confidenceThreshold: 0.55, riskBudget: 200, allowShort: true } } });
    expect(b.report.deflatedSharpe.trials).toBe(2);
    expect((await listBacktests(t.db, { sweepId: 'sweep-1' })).length).toBe(2);
  }, 120_000);

  it('refuses bad input at once with a clear error, storing nothing', async () => {
    const before = await runCount(t.db);
    await expect(runBacktest(t.db, { ...request, end: request.start })).rejects.toThrow(new InvalidRequestError(`invalid backtest: start: empty range: start (${request.start}) must be before end (${request.start})`));
    await expect(runBacktest(t.db, { ...request, start: '2025-13-01' })).rejects.toThrow(/start: "2025-13-01" is not an ISO 8601 datetime/);
    await expect(runBacktest(t.db, { ...request, model: { modelId: 'no-such-model' } })).rejects.toThrow(new NotFoundError('unknown model no-such-model (see `mlt models`)'));
    await expect(runBacktest(t.db, { ...request, strategy: { kind: 'martingale' } })).rejects.toThrow(/unknown strategy 'martingale' \(known: direction-threshold\)/);
    await expect(runBacktest(t.db, { ...request, strategy: { kind: 'direction-threshold', params: { riskBudget: -1 } } })).rejects.toThrow(/riskBudget/);
    await expect(runBacktest(t.db, { ...request, symbols: ['NODATA', 'NONE2'] })).rejects.toThrow(/no synthetic bars for any symbol of the universe .*NODATA, NONE2/);
    await expect(runBacktest(t.db, { ...request, symbols: ['BTA', 'NODATA'] })).rejects.toThrow(/for 1 symbol\(s\): NODATA/);
    await expect(runBacktest(t.db, { ...request, start: '2020-01-01T00:00:00Z', end: '2020-02-01T00:00:00Z' })).rejects.toThrow(InvalidRequestError);
    await expect(runBacktest(t.db, { ...request, costs: { slippageBps: -3 } })).rejects.toThrow(/slippageBps/);
    await expect(showBacktest(t.db, 'no-such-run')).rejects.toThrow(NotFoundError);
    expect(await runCount(t.db)).toBe(before);
  }, 120_000);
});
