// Benchmark: orders per second through the execute worker — strategy, risk checks, the order
// committed, sent to the paper broker and filled — for the whole synthetic universe's newest bar,
// with two service processes (one per core) taking `execute` jobs of 50 predictions. Beside it, in the
// same run, the floor: committing the very same rows (orders, fills, trading_events; one
// transaction per order, as many connections as the workers have) without any logic.
// Then the latency from an `execute` job (one prediction) to its committed fill, p50 and p99, one
// job at a time, beside the same queue round trip for a job of no prediction.
// Usage: pnpm --filter @mltrading/order-execution bench [-- --symbols N --latency-jobs N]
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { adminUrlFor, createDb, ensureDatabase, migrateToLatest, promoteModel, registerModel, upsertMarketData, upsertPredictions, type Database } from '@mltrading/db';
import { upsertFeatureRows } from '@mltrading/db/testing';
import { createQueueClient, createRedisConnection, type QueueClient } from '@mltrading/queues';
import { obliteratePrefix } from '@mltrading/queues/testing';
import { spawnService } from '@mltrading/service-kit';
import { syntheticUniverse } from '@mltrading/synthetic-market';
import { sql, type Kysely } from 'kysely';

const SYMBOLS = Number(argument('--symbols') ?? 1057);
const LATENCY_JOBS = Number(argument('--latency-jobs') ?? 200);
const WORKER_PROCESSES = 2; // one per core
const WORKER_CONCURRENCY = 4;
const PREDICTIONS_PER_JOB = 50;
const HOUR = 3_600_000;
/** The universe's newest bar (a Monday, inside the session); the bar after it fills the paper orders. */
const BAR = Date.parse('2026-11-30T15:00:00Z');
const SOURCE = 'synthetic';
const MODEL = 'bench-model';
const DATABASE = 'mlt_bench_orders';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const serverUrl = process.env['DATABASE_URL'] ?? 'postgres://root@127.0.0.1:5432/mltrading';
const databaseUrl = adminUrlFor(serverUrl).replace(/\/[^/]*$/, `/${DATABASE}`);
const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const prefix = `mlt-bench-orders-${Date.now()}`;

const loadAtStart = loadavg().map(round);
const universe = syntheticUniverse(SYMBOLS + LATENCY_JOBS);
const throughputSymbols = universe.slice(0, SYMBOLS);
const latencySymbols = universe.slice(SYMBOLS);

console.log(`order-execution benchmark: ${SYMBOLS} symbols' newest bar → orders; latency over ${LATENCY_JOBS} single-prediction jobs`);
await recreateDatabase();
const db = createDb(databaseUrl, { poolSize: WORKER_PROCESSES * WORKER_CONCURRENCY });
await migrateToLatest(db);
await seedMarket(universe);

const connection = createRedisConnection(redisUrl, 'worker');
const queues = createQueueClient({ connection, prefix });
const entry = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const env = {
  DATABASE_URL: databaseUrl,
  REDIS_URL: redisUrl,
  QUEUE_PREFIX: prefix,
  HEALTH_PORT: '0',
  LOG_LEVEL: 'info', // spawnService waits for the 'service started' line
  DATABASE_POOL_SIZE: String(WORKER_CONCURRENCY + 2),
  WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
  BROKER: 'paper',
  EXECUTION_BAR_SOURCE: SOURCE,
  ORDER_STRATEGY_PARAMS: '{"riskBudget":500}',
  // Every order passes every check (each is still evaluated): the figure is the checks' cost, not refusals.
  RISK_LIMITS: '{"tradingHours":null,"maxOrdersPerMinute":100000,"maxGrossExposure":1e12,"maxOrderNotional":1e9,"maxPositionNotional":1e9}',
  // Reconciliation and the sweep run once at start (nothing to do) and not again during the run.
  RECONCILE_EVERY_MS: String(HOUR),
};
const workers = [];
for (let i = 0; i < WORKER_PROCESSES; i++) workers.push(await spawnService(entry, env));

const pipeline = await throughputRun();
console.log(`pipeline: ${pipeline.orders} orders in ${pipeline.seconds.toFixed(2)} s = ${Math.round(pipeline.orders / pipeline.seconds)} orders/s`);
const floor = await floorRun();
console.log(`floor (same rows, no logic): ${floor.orders} orders in ${floor.seconds.toFixed(2)} s = ${Math.round(floor.orders / floor.seconds)} orders/s`);
const latency = await latencyRun();
const empty = await emptyJobRun();

await Promise.all(workers.map((w) => w.stop()));
await queues.close();
await obliteratePrefix(connection, prefix);
await connection.quit();

const results = {
  benchmark: 'order-execution',
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, node: process.version, loadAverage: { atStart: loadAtStart, atEnd: loadavg().map(round) }, note: 'shared with other work; figures vary with the load' },
  symbols: SYMBOLS,
  pipeline: {
    what: 'execute jobs of 50 predictions → strategy → risk checks → order committed → paper broker → fill committed',
    orders: pipeline.orders,
    fills: pipeline.fills,
    tradingEvents: pipeline.events,
    wallSeconds: round(pipeline.seconds),
    ordersPerSecond: Math.round(pipeline.orders / pipeline.seconds),
    workerProcesses: WORKER_PROCESSES,
    workerConcurrency: WORKER_CONCURRENCY,
  },
  floor: {
    what: 'the same orders, fills and trading_events rows inserted into identical tables, one transaction per order, same parallelism',
    wallSeconds: round(floor.seconds),
    ordersPerSecond: Math.round(floor.orders / floor.seconds),
  },
  ratioToFloor: round(pipeline.seconds / floor.seconds),
  latency: {
    what: 'one execute job of one prediction at a time: enqueued → completed (its fill committed), BullMQ timestamps',
    jobs: latency.length,
    p50Ms: percentile(latency, 0.5),
    p99Ms: percentile(latency, 0.99),
  },
  latencyBaseline: {
    what: 'the same, for an execute job of an unknown prediction id (queue round trip and one look-up)',
    jobs: empty.length,
    p50Ms: percentile(empty, 0.5),
    p99Ms: percentile(empty, 0.99),
  },
};
console.table({
  'pipeline (strategy, risk, paper broker, fills)': { seconds: results.pipeline.wallSeconds, 'orders/s': results.pipeline.ordersPerSecond },
  'floor (same rows committed, no logic)': { seconds: results.floor.wallSeconds, 'orders/s': results.floor.ordersPerSecond },
});
console.table({
  'execute job → committed fill': { p50_ms: results.latency.p50Ms, p99_ms: results.latency.p99Ms },
  'execute job of no prediction': { p50_ms: results.latencyBaseline.p50Ms, p99_ms: results.latencyBaseline.p99Ms },
});
console.log(`ratio to floor: ${results.ratioToFloor}×`);
mkdirSync(`${root}bench-results`, { recursive: true });
writeFileSync(`${root}bench-results/order-execution.json`, `${JSON.stringify(results, null, 2)}\n`);
console.log('written to bench-results/order-execution.json');
await db.destroy();

async function recreateDatabase(): Promise<void> {
  const admin = createDb(adminUrlFor(serverUrl), { poolSize: 1 });
  await sql`DROP DATABASE IF EXISTS ${sql.id(DATABASE)} WITH (FORCE)`.execute(admin);
  await admin.destroy();
  await ensureDatabase(databaseUrl);
}

/** Per symbol: the decision bar, the next bar (deep volume: one fill per order), the volatility; an active model. */
async function seedMarket(symbols: readonly string[]): Promise<void> {
  const bars = symbols.flatMap((symbol, i) => {
    const price = 20 + (i % 180);
    return [0, 1].map((k) => ({
      symbol,
      source: SOURCE,
      timestamp: new Date(BAR + k * HOUR),
      open: price + k * 0.1,
      high: price * 1.01,
      low: price * 0.99,
      close: price,
      volume: 10_000_000,
    }));
  });
  for (let i = 0; i < bars.length; i += 5_000) await upsertMarketData(db, bars.slice(i, i + 5_000));
  await upsertFeatureRows(db, symbols.map((symbol, i) => ({ symbol, timestamp: new Date(BAR), source: SOURCE, realized_vol_med: 0.01 + (i % 7) * 0.002 })));
  await registerModel(db, {
    modelId: MODEL,
    name: MODEL,
    version: '1',
    modelType: 'logistic_regression',
    predictionType: 'price_direction',
    interval: '1h',
    parameters: {},
    metrics: {},
    filePath: `pg-artifact://${'0'.repeat(64)}`,
  });
  await promoteModel(db, MODEL);
}

async function storePredictions(symbols: readonly string[], tag: string): Promise<string[]> {
  const rows = symbols.map((symbol, i) => ({
    prediction_id: `bench-${tag}-${symbol}`,
    model_id: MODEL,
    symbol,
    timestamp: new Date(BAR),
    prediction_type: 'price_direction',
    // Up, confident enough: every prediction of a flat book becomes a buy order.
    prediction_value: 0.9,
    confidence: 0.7 + (i % 3) * 0.1,
    features: null,
  }));
  await upsertPredictions(db, rows);
  return rows.map((r) => r.prediction_id);
}

async function throughputRun(): Promise<{ orders: number; fills: number; events: number; seconds: number }> {
  const ids = await storePredictions(throughputSymbols, 'universe');
  const payloads = [];
  for (let i = 0; i < ids.length; i += PREDICTIONS_PER_JOB) payloads.push({ predictionIds: ids.slice(i, i + PREDICTIONS_PER_JOB), correlationId: `bench-${i}` });
  const started = performance.now();
  await queues.enqueueBulk('execute', payloads);
  await waitForJobs(queues, payloads.length);
  const seconds = (performance.now() - started) / 1000;
  const counts = await sql<{ orders: number; filled: number; fills: number; events: number }>`
    SELECT (SELECT count(*)::int FROM orders) AS orders,
           (SELECT count(*)::int FROM orders WHERE status = 'filled') AS filled,
           (SELECT count(*)::int FROM fills) AS fills,
           (SELECT count(*)::int FROM trading_events WHERE order_id IS NOT NULL) AS events`.execute(db);
  const c = counts.rows[0]!;
  if (c.orders !== SYMBOLS || c.filled !== SYMBOLS) throw new Error(`expected ${SYMBOLS} filled orders, found ${c.orders} orders, ${c.filled} filled`);
  return { orders: c.orders, fills: c.fills, events: c.events, seconds };
}

/** The pipeline's own rows, re-inserted into identical empty tables with no logic around them. */
async function floorRun(): Promise<{ orders: number; seconds: number }> {
  for (const table of ['orders', 'fills', 'trading_events']) {
    await sql`CREATE TABLE ${sql.id(`${table}_floor`)} (LIKE ${sql.id(table)} INCLUDING ALL)`.execute(db);
  }
  const rows = async (table: string, key: string) => {
    const result = await sql<{ key: string; row: Record<string, unknown> }>`SELECT ${sql.ref(key)} AS key, to_jsonb(t) - 'id' AS row FROM ${sql.id(table)} t WHERE ${sql.ref(key)} IS NOT NULL`.execute(db);
    const byOrder = new Map<string, Record<string, unknown>[]>();
    for (const r of result.rows) byOrder.set(r.key, [...(byOrder.get(r.key) ?? []), r.row]);
    return byOrder;
  };
  const orders = await rows('orders', 'order_id');
  const fills = await rows('fills', 'order_id');
  const events = await rows('trading_events', 'order_id');
  const columns = async (table: string) =>
    (await sql<{ c: string }>`SELECT column_name AS c FROM information_schema.columns WHERE table_name = ${table} AND column_name <> 'id' ORDER BY ordinal_position`.execute(db)).rows.map((r) => r.c);
  const cols = { orders: await columns('orders'), fills: await columns('fills'), trading_events: await columns('trading_events') };
  const insert = (trx: Kysely<Database>, table: keyof typeof cols, row: Record<string, unknown>) => {
    const list = sql.join(cols[table].map((c) => sql.id(c)));
    return sql`INSERT INTO ${sql.id(`${table}_floor`)} (${list}) SELECT ${list} FROM jsonb_populate_record(NULL::${sql.id(`${table}_floor`)}, ${JSON.stringify(row)}::jsonb)`.execute(trx);
  };
  const orderIds = [...orders.keys()];
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: WORKER_PROCESSES * WORKER_CONCURRENCY }, async () => {
      while (next < orderIds.length) {
        const id = orderIds[next++]!;
        await db.transaction().execute(async (trx) => {
          for (const row of orders.get(id)!) await insert(trx, 'orders', row);
          for (const row of fills.get(id) ?? []) await insert(trx, 'fills', row);
          for (const row of events.get(id) ?? []) await insert(trx, 'trading_events', row);
        });
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const stored = await sql<{ n: number }>`SELECT count(*)::int AS n FROM orders_floor`.execute(db);
  if (stored.rows[0]!.n !== orderIds.length) throw new Error(`floor stored ${stored.rows[0]!.n} of ${orderIds.length} orders`);
  return { orders: orderIds.length, seconds };
}

/** One single-prediction job at a time; BullMQ's own enqueue and finish times (ms). */
async function latencyRun(): Promise<number[]> {
  const ids = await storePredictions(latencySymbols, 'latency');
  const latencies: number[] = [];
  for (const id of ids) latencies.push(await oneJob([id], `bench-latency-${id}`));
  const filled = await sql<{ n: number }>`SELECT count(*)::int AS n FROM orders WHERE prediction_id LIKE 'bench-latency-%' AND status = 'filled'`.execute(db);
  if (filled.rows[0]!.n !== ids.length) throw new Error(`expected ${ids.length} filled latency orders, found ${filled.rows[0]!.n}`);
  return latencies;
}

async function emptyJobRun(): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < LATENCY_JOBS; i++) latencies.push(await oneJob([`bench-none-${i}`], `bench-none-${i}`));
  return latencies;
}

async function oneJob(predictionIds: string[], correlationId: string): Promise<number> {
  const { jobId } = await queues.enqueue('execute', { predictionIds, correlationId });
  const queue = queues.queue('execute');
  for (;;) {
    const job = await queue.getJob(jobId);
    if (job?.finishedOn !== undefined) {
      if (job.failedReason) throw new Error(`job ${jobId} failed: ${job.failedReason}`);
      return job.finishedOn - job.timestamp;
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

async function waitForJobs(client: QueueClient, total: number): Promise<void> {
  const queue = client.queue('execute');
  for (;;) {
    const counts = await queue.getJobCounts('completed', 'failed');
    if ((counts['completed'] ?? 0) + (counts['failed'] ?? 0) >= total) {
      if (counts['failed']) throw new Error(`${counts['failed']} execute jobs failed`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}
