// The sweep of predictions without a decision (and of those waiting for a late bar), and positions/P&L from fills.
import { createTestDatabase, type TestDatabase } from '@mltrading/db/testing';
import { createQueueClient, createRedisConnection, type QueueClient } from '@mltrading/queues';
import { obliteratePrefix, uniquePrefix } from '@mltrading/queues/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { positionsReport } from '@mltrading/operations';
import { processExecuteJob } from '../src/execution/process-execute-job.ts';
import { reconcileOrders } from '../src/reconciliation/reconcile-orders.ts';
import { sweepUndecided } from '../src/reconciliation/sweep-undecided.ts';
import { activeModel, HOUR, silentLogger, SOURCE, storeBars, storePrediction, storeVolatility, T0, testSettings } from './support/execution-fixtures.ts';

let t: TestDatabase;
let redis: Redis;
let queues: QueueClient;
let prefix: string;
beforeAll(async () => {
  t = await createTestDatabase();
  prefix = uniquePrefix();
  redis = createRedisConnection(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', 'producer');
  queues = createQueueClient({ connection: redis, prefix });
  await activeModel(t.db, 'm1');
});
afterAll(async () => {
  await queues?.close();
  if (redis) {
    await obliteratePrefix(redis, prefix);
    await redis.quit();
  }
  await t?.drop();
});

it('queues predictions without a decision again, and none once each is decided (order or signal_skipped)', async () => {
  await storeBars(t.db, 'SWA', T0, [{ open: 50 }, { open: 51 }, { open: 52 }, { open: 53 }]);
  await storeVolatility(t.db, 'SWA', T0, 0.02);
  await storePrediction(t.db, 'p-order', 'm1', 'SWA', T0);
  // Confidence under the threshold: a final refusal (no_signal).
  await storeBars(t.db, 'SWB', T0, [{ open: 20 }, { open: 21 }]);
  await storeVolatility(t.db, 'SWB', T0, 0.02);
  await storePrediction(t.db, 'p-skip', 'm1', 'SWB', T0, 0.9, 0.1);
  const { settings } = testSettings(t.db);
  const sweep = () =>
    sweepUndecided({ db: t.db, queues, correlationId: 'sweep-test' }, { strategy: settings.strategy.name, now: Date.now() + 1_000, graceMs: 0, slot: Date.now() });

  const first = await sweep();
  expect(first.undecided).toBe(2);
  expect(first.jobIds.length).toBe(1);
  const job = await queues.queue('execute').getJob(first.jobIds[0]!);
  expect([...(job!.data as { predictionIds: string[] }).predictionIds].sort()).toEqual(['p-order', 'p-skip']);

  const result = await processExecuteJob(job!.data as { predictionIds: string[]; correlationId: string }, { db: t.db, settings, logger: silentLogger });
  expect(result.outcomes.map((o) => o.outcome).sort()).toEqual(['order', 'skipped']);
  const second = await sweep();
  expect(second).toEqual({ undecided: 0, jobIds: [] });
  // Another strategy has decided nothing yet: its sweep finds both.
  const other = await sweepUndecided({ db: t.db, queues, correlationId: 'sweep-test' }, { strategy: 'other', now: Date.now() + 1_000, graceMs: 0, slot: 1 });
  expect(other.undecided).toBe(2);
});

it('positions and P&L from the fills: average cost, unrealized at the latest close, commission included', async () => {
  const { broker } = testSettings(t.db);
  await reconcileOrders({ db: t.db, broker, logger: silentLogger, correlationId: 'c' });
  // 500 shares bought in 200 + 200 + 100 at the next opens + 5 bps; the latest close is 53 (the bar at T0 + 3 h).
  const [line] = await positionsReport(t.db, { source: SOURCE });
  const cost = 200 * 51.0255 + 200 * 52.026 + 100 * 53.0265;
  expect(line).toMatchObject({ symbol: 'SWA', quantity: 500, mark: 53, realizedPnl: 0, commission: 3 });
  expect(line!.averageCost).toBeCloseTo(cost / 500, 9);
  expect(line!.unrealizedPnl).toBeCloseTo(500 * 53 - cost, 6);
  expect(line!.netPnl).toBeCloseTo(500 * 53 - cost - 3, 6);
});

it('a prediction whose bar arrives late gets its order, once: no_price is retried by the sweep while the prediction is fresh', async () => {
  // The symbol is known (an earlier bar) but the bar at the prediction's time has not landed.
  await storeBars(t.db, 'LATE', T0 - HOUR, [{ open: 40 }]);
  await storeVolatility(t.db, 'LATE', T0, 0.02);
  await storePrediction(t.db, 'p-late', 'm1', 'LATE', T0);
  const { settings, broker } = testSettings(t.db);
  const deps = { db: t.db, settings, logger: silentLogger };
  const sweep = async (slot: number) => {
    const swept = await sweepUndecided({ db: t.db, queues, correlationId: 'sweep-late' }, { strategy: settings.strategy.name, now: Date.now() + 1_000, graceMs: 0, slot });
    const jobs = await Promise.all(swept.jobIds.map((id) => queues.queue('execute').getJob(id)));
    return jobs.map((j) => j!.data as { predictionIds: string[]; correlationId: string }).filter((d) => d.predictionIds.includes('p-late'));
  };
  const skippedEvents = () => t.db.selectFrom('trading_events').select('metadata').where('event_type', '=', 'signal_skipped').where('symbol', '=', 'LATE').execute();

  const first = await processExecuteJob({ predictionIds: ['p-late'], correlationId: 'c-late' }, deps);
  expect(first.outcomes[0]).toMatchObject({ outcome: 'skipped', reason: 'no_price' });
  expect((await skippedEvents()).map((e) => e.metadata)).toEqual([expect.objectContaining({ reason: 'no_price', final: false })]);

  // Still no bar: queued again, refused again, and no second event for the same wait.
  const [again] = await sweep(101);
  expect(again, 'a non-final refusal is queued again').toBeDefined();
  expect((await processExecuteJob(again!, deps)).outcomes.find((o) => o.predictionId === 'p-late')).toMatchObject({ outcome: 'skipped', reason: 'no_price' });
  expect(await skippedEvents()).toHaveLength(1);
  expect(broker.submits).toEqual([]);

  // The bar lands (and the next one, which fills the paper order): the next sweep's job places the order.
  await storeBars(t.db, 'LATE', T0, [{ open: 41, volume: 1_000_000 }, { open: 42, volume: 1_000_000 }]);
  const [late] = await sweep(102);
  const outcome = (await processExecuteJob(late!, deps)).outcomes.find((o) => o.predictionId === 'p-late');
  expect(outcome).toMatchObject({ outcome: 'order', action: 'sent', status: 'filled' });
  expect(broker.submits).toHaveLength(1);

  // Decided now: the sweep leaves it alone, a duplicated job sends nothing, one order on record.
  expect(await sweep(103)).toEqual([]);
  expect((await processExecuteJob(late!, deps)).outcomes.find((o) => o.predictionId === 'p-late')).toMatchObject({ outcome: 'order', inserted: false });
  expect(broker.submits).toHaveLength(1);
  expect(await t.db.selectFrom('orders').select('order_id').where('prediction_id', '=', 'p-late').execute()).toHaveLength(1);
});

it('past the bound a late bar is not traded: the refusal stands for the sweep and for a duplicated job', async () => {
  await storeBars(t.db, 'STALE', T0 - HOUR, [{ open: 30 }]);
  await storeVolatility(t.db, 'STALE', T0, 0.02);
  await storePrediction(t.db, 'p-stale', 'm1', 'STALE', T0);
  const { settings } = testSettings(t.db);
  expect((await processExecuteJob({ predictionIds: ['p-stale'], correlationId: 'c' }, { db: t.db, settings, logger: silentLogger })).outcomes[0]).toMatchObject({ reason: 'no_price' });
  await storeBars(t.db, 'STALE', T0, [{ open: 31 }, { open: 32 }]);
  const swept = await sweepUndecided({ db: t.db, queues, correlationId: 'c' }, { strategy: settings.strategy.name, now: Date.now() + 1_000, graceMs: 0, slot: 201, retryMs: 0 });
  const jobs = await Promise.all(swept.jobIds.map((id) => queues.queue('execute').getJob(id)));
  expect(jobs.flatMap((j) => (j!.data as { predictionIds: string[] }).predictionIds)).not.toContain('p-stale');
  // Two hours on, a duplicate of the old job finds the prediction decided.
  const later = testSettings(t.db, {}, () => Date.now() + 2 * HOUR);
  const [outcome] = (await processExecuteJob({ predictionIds: ['p-stale'], correlationId: 'c' }, { db: t.db, settings: later.settings, logger: silentLogger })).outcomes;
  expect(outcome).toMatchObject({ outcome: 'already_decided' });
  expect(later.broker.submits).toEqual([]);
});
