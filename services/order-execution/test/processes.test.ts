// Real service processes against the real PostgreSQL and Redis, with Alpaca faked by a local HTTP
// server: duplicated execute jobs across two processes make one order at the broker, and a process
// killed after the broker accepted an order (its answer never arrived) leaves, after a restart and
// reconciliation, exactly one order at the broker and in the database.
import { createTestDatabase, type TestDatabase } from '@mltrading/db/testing';
import { fillsOfOrder, getOrder } from '@mltrading/db';
import { createQueueClient, createRedisConnection, type QueueClient } from '@mltrading/queues';
import { obliteratePrefix, uniquePrefix } from '@mltrading/queues/testing';
import { spawnService, type ServiceProcess } from '@mltrading/service-kit';
import { clientOrderId } from '@mltrading/trading';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RECONCILE_QUEUE, RECONCILE_SCHEDULER_ID } from '../src/reconciliation/reconcile-task.ts';
import { startFakeAlpacaServer, type FakeAlpacaServer } from './support/fake-alpaca-server.ts';
import { activeModel, storeBars, storePrediction, storeVolatility, T0 } from './support/execution-fixtures.ts';

const ENTRY = fileURLToPath(new URL('./fixtures/execution-service.ts', import.meta.url));
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
let t: TestDatabase;
let fake: FakeAlpacaServer;
let redis: Redis;
let queues: QueueClient;
let prefix: string;
let env: NodeJS.ProcessEnv;
const running: ServiceProcess[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  fake = await startFakeAlpacaServer({ keyId: 'test-key', secretKey: 'test-secret' });
  prefix = uniquePrefix();
  redis = createRedisConnection(REDIS_URL, 'producer');
  queues = createQueueClient({ connection: redis, prefix });
  env = {
    NODE_ENV: 'test',
    DATABASE_URL: t.url,
    DATABASE_POOL_SIZE: '6',
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    HEALTH_PORT: '0',
    LOG_LEVEL: 'info',
    WORKER_CONCURRENCY: '4',
    BROKER: 'alpaca',
    ALPACA_API_KEY_ID: 'test-key',
    ALPACA_API_SECRET_KEY: 'test-secret',
    ALPACA_TRADING_URL: fake.url,
    EXECUTION_BAR_SOURCE: 'synthetic',
    RISK_LIMITS: '{"tradingHours":null}',
    ORDER_STRATEGY_PARAMS: '{"riskBudget":500}',
    RECONCILE_EVERY_MS: '1000',
  };
  await activeModel(t.db, 'm1');
  for (const symbol of ['DUP', 'KIL']) {
    await storeBars(t.db, symbol, T0, [{ open: 50, close: 50 }, { open: 51 }]);
    await storeVolatility(t.db, symbol, T0, 0.02);
  }
  await storePrediction(t.db, 'p-dup', 'm1', 'DUP', T0);
  await storePrediction(t.db, 'p-kil', 'm1', 'KIL', T0);
});
afterAll(async () => {
  // A process already stopped or killed has nothing left to stop (stop() would wait for an exit that happened).
  await Promise.all(running.filter((s) => s.child.exitCode === null && s.child.signalCode === null).map((s) => s.stop()));
  await queues?.close();
  if (redis) {
    await obliteratePrefix(redis, prefix);
    await redis.quit();
  }
  await fake?.close();
  await t?.drop();
});

async function start(name: string, extra: NodeJS.ProcessEnv = {}): Promise<ServiceProcess> {
  const service = await spawnService(ENTRY, { ...env, ...extra, SERVICE_NAME: name }, () => {}, 60_000);
  running.push(service);
  return service;
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const orderIdOf = (symbol: string) => clientOrderId({ strategy: 'direction-threshold', modelId: 'm1', symbol, barTimestamp: T0, interval: '1h' });
const posts = (id: string) => fake.seen.filter((r) => r.method === 'POST' && r.path === '/v2/orders' && r.body.includes(id)).length;

it('the same execute job enqueued ten times and run by two processes × 4 workers: one order, one POST; fills add up', async () => {
  const [a, b] = [await start('exec-a'), await start('exec-b')];
  const id = orderIdOf('DUP');
  // Ten jobs under ten ids (the contract's own id would fold them into one): true duplicates.
  for (let i = 0; i < 10; i++) await queues.enqueue('execute', { predictionIds: ['p-dup'], correlationId: `corr-dup-${i}` }, { jobId: `dup-${i}` });
  const queue = queues.queue('execute');
  await until('ten execute jobs finished', async () => (await queue.getJobCountByTypes('completed', 'failed')) >= 10);
  expect(await queue.getJobCountByTypes('failed'), 'no job failed').toBe(0);
  expect(posts(id), 'one POST /v2/orders').toBe(1);
  expect([...fake.orders.values()].filter((o) => o.client_order_id === id).length).toBe(1);
  const rows = await t.db.selectFrom('orders').selectAll().where('prediction_id', '=', 'p-dup').execute();
  expect(rows.length).toBe(1);
  const order = await until('order submitted', async () => {
    const o = await getOrder(t.db, id);
    return o?.status === 'submitted' ? o : undefined;
  });
  expect(order.broker_order_id).toBe(fake.orderByClientId(id)!.id);

  // The broker fills it in two executions; reconciliation (every second) records both.
  fake.fill(id, 200, 50.5, new Date(Date.now() - 2_000));
  fake.fill(id, order.quantity - 200, 50.75, new Date(Date.now() - 1_000));
  const filled = await until('order filled', async () => {
    const o = await getOrder(t.db, id);
    return o?.status === 'filled' ? o : undefined;
  });
  const fills = await fillsOfOrder(t.db, id);
  expect(fills.map((f) => f.quantity)).toEqual([200, order.quantity - 200]);
  expect(filled.filled_quantity).toBe(order.quantity);
  expect(posts(id)).toBe(1);
  await Promise.all([a.stop(), b.stop()]);
});

it('a process SIGKILLed after the broker accepted the order: after restart and reconciliation one order at the broker and in the database', async () => {
  const id = orderIdOf('KIL');
  fake.timeOutAfterAcceptingNextOrder();
  // Its periodic reconciliation far off (the first run is at start, before the order exists), so the
  // order is still pending when the process dies: the restarted process must resolve it.
  // The first test's one-second schedule may have left a run waiting, which would read the order back
  // from the broker before the kill (a loaded machine makes that likely): clear it first.
  const reconcile = new Queue(RECONCILE_QUEUE, { connection: redis, prefix });
  await reconcile.removeJobScheduler(RECONCILE_SCHEDULER_ID);
  await reconcile.obliterate({ force: true });
  await reconcile.close();
  const first = await start('exec-killed', { RECONCILE_EVERY_MS: '600000' });
  const { jobId } = await queues.enqueue('execute', { predictionIds: ['p-kil'], correlationId: 'corr-kill' });
  await until('the broker accepted the order', async () => fake.orderByClientId(id));
  const exited = once(first.child, 'exit');
  first.child.kill('SIGKILL');
  await exited;
  expect((await getOrder(t.db, id))?.status, 'committed before sending, never marked sent').toBe('pending');

  await start('exec-restarted');
  const order = await until('order reconciled to submitted', async () => {
    const o = await getOrder(t.db, id);
    return o?.status === 'submitted' ? o : undefined;
  });
  expect(order.broker_order_id).toBe(fake.orderByClientId(id)!.id);
  // The killed job is taken over (its lock expired) and finds the order: it completes without sending.
  const queue = queues.queue('execute');
  await until('the killed job completed on the restarted process', async () => (await queue.getJob(jobId))?.finishedOn !== undefined);
  expect(await (await queue.getJob(jobId))!.getState()).toBe('completed');
  expect(posts(id), 'one POST /v2/orders for the order').toBe(1);
  expect([...fake.orders.values()].filter((o) => o.client_order_id === id).length).toBe(1);
  expect((await t.db.selectFrom('orders').select('order_id').where('prediction_id', '=', 'p-kil').execute()).length).toBe(1);
  const events = await t.db.selectFrom('trading_events').select('event_type').where('order_id', '=', id).orderBy('id').execute();
  expect(events.map((e) => e.event_type)).toEqual(['order_created', 'order_submitted']);
});

it('a bad strategy parameter or risk limit stops the start of the service', async () => {
  const started = spawnService(ENTRY, { ...env, SERVICE_NAME: 'exec-bad', ORDER_STRATEGY_PARAMS: '{"confidenceThreshold":7}' }, () => {}, 60_000);
  await expect(started).rejects.toThrow(/exited with 1 before it started/);
});
