// The sweep of predictions without a decision, and positions/P&L from fills.
import { createTestDatabase, type TestDatabase } from '@mltrading/db/testing';
import { createQueueClient, createRedisConnection, type QueueClient } from '@mltrading/queues';
import { obliteratePrefix, uniquePrefix } from '@mltrading/queues/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { positionsReport } from '@mltrading/operations';
import { processExecuteJob } from '../src/execution/process-execute-job.ts';
import { reconcileOrders } from '../src/reconciliation/reconcile-orders.ts';
import { sweepUndecided } from '../src/reconciliation/sweep-undecided.ts';
import { activeModel, silentLogger, SOURCE, storeBars, storePrediction, storeVolatility, T0, testSettings } from './support/execution-fixtures.ts';

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
  await storePrediction(t.db, 'p-skip', 'm1', 'ZZZ', T0);
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
