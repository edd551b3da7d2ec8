// `pnpm --filter @mltrading/log-sink bench` (or `npm run bench` at the root): log records per second
// through the sink into PostgreSQL, and the latency logging adds to a job (with vs without shipping).
// Uses its own database (mlt_bench_logs, recreated) and Redis prefix; writes bench-results/log-sink.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { Writable } from 'node:stream';
import { createDb, ensureDatabase, migrateToLatest, type Database } from '@mltrading/db';
import { createLogger } from '@mltrading/logging';
import { createQueueClient, createRedisConnection, createWorker, logsPayloadSchema, type LogRecordInput } from '@mltrading/queues';
import { obliteratePrefix } from '@mltrading/queues/testing';
import { instrumentJob, LogShipper, queueLogTransport } from '@mltrading/service-kit';
import type { Job } from 'bullmq';
import { sql, type Kysely } from 'kysely';
import { writeLogBatch } from '../src/index.ts';

const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
const databaseUrl = adminUrl.replace(/\/[^/]*$/, '/mlt_bench_logs');
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = 'mlt-bench-logs';
const RECORDS = Number(process.env.BENCH_LOG_RECORDS ?? 100_000);
const BATCH = 500;
const JOBS = Number(process.env.BENCH_JOBS ?? 2_000);

const devNull = () => new Writable({ write: (_chunk, _enc, cb) => cb() });

/** A realistic mix: mostly log lines, a performance record per job, few errors and trading events. */
function record(i: number): LogRecordInput {
  const timestamp = new Date(Date.now() - (RECORDS - i)).toISOString();
  const correlationId = `bench-${Math.floor(i / 20)}`;
  const r = i % 100;
  if (r < 70) return { kind: 'system', timestamp, correlationId, level: 'INFO', loggerName: 'feature-engineering', message: `computed features for SYM${i % 500}`, module: 'features', processId: 4242, threadName: 'main', metadata: { hostname: 'bench', symbol: `SYM${i % 500}`, rows: 120 } };
  if (r < 95) return { kind: 'performance', timestamp, correlationId, operationName: 'features', durationMs: 12.5, status: 'success', component: 'feature-engineering', memoryUsageMb: 180.5, cpuUsagePercent: 55, metadata: { jobId: `features-${i}`, attempt: 1, queue: 'features' } };
  if (r < 99) return { kind: 'error', timestamp, correlationId, errorType: 'ProviderError', errorMessage: 'upstream returned 503', stackTrace: 'ProviderError: upstream returned 503\n    at fetchBars (src/ingest.ts:10:5)', component: 'ingestion', requestPath: `ingest/job-${i}`, metadata: { attempt: 2 } };
  return { kind: 'trading_event', timestamp, correlationId, eventType: 'signal_generated', symbol: 'AAPL', side: 'buy', quantity: 10, price: 190.25, strategy: 'momentum' };
}

async function resetTables(db: Kysely<Database>) {
  await sql`TRUNCATE system_logs, performance_logs, error_logs, trading_events, user_action_logs, log_sink.batches`.execute(db);
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return { meanMs: +mean.toFixed(4), p50Ms: +q(0.5).toFixed(4), p99Ms: +q(0.99).toFixed(4) };
}

async function sinkThroughput(db: Kysely<Database>) {
  const batches = Array.from({ length: RECORDS / BATCH }, (_, b) => Array.from({ length: BATCH }, (_, i) => record(b * BATCH + i)));

  // 1. The writer alone: validated batches straight into PostgreSQL, one transaction each.
  await resetTables(db);
  const parsed = batches.map((records, b) => logsPayloadSchema.parse({ records, correlationId: `w-${b}` }).records);
  let t0 = performance.now();
  for (const [b, records] of parsed.entries()) await writeLogBatch(db, `writer-${b}`, records, []);
  const writerSeconds = (performance.now() - t0) / 1000;

  // 2. End to end: batches already on the logs queue, consumed by the sink's worker (concurrency 4).
  await resetTables(db);
  const producer = createRedisConnection(redisUrl, 'producer');
  const queues = createQueueClient({ connection: producer, prefix });
  for (let b = 0; b < batches.length; b += 50) {
    await queues.enqueueBulk('logs', batches.slice(b, b + 50).map((records, k) => ({ records, correlationId: `q-${b + k}` })));
  }
  const workerConnection = createRedisConnection(redisUrl, 'worker');
  let done = 0;
  let finished!: () => void;
  const allDone = new Promise<void>((resolve) => (finished = resolve));
  t0 = performance.now();
  const worker = createWorker('logs', async (payload, job) => writeLogBatch(db, String(job.id), payload.records, []), { connection: workerConnection, prefix, concurrency: 4 });
  worker.on('completed', () => {
    if (++done === batches.length) finished();
  });
  await allDone;
  const queueSeconds = (performance.now() - t0) / 1000;
  await worker.close();
  const { rows } = await sql<{ n: string }>`SELECT (SELECT count(*) FROM system_logs) + (SELECT count(*) FROM performance_logs) + (SELECT count(*) FROM error_logs) + (SELECT count(*) FROM trading_events) AS n`.execute(db);
  if (Number(rows[0]!.n) !== RECORDS) throw new Error(`expected ${RECORDS} rows, found ${rows[0]!.n}`);
  await queues.close();
  await producer.quit();
  await workerConnection.quit();
  return {
    records: RECORDS,
    batchSize: BATCH,
    writerOnly: { seconds: +writerSeconds.toFixed(3), recordsPerSecond: Math.round(RECORDS / writerSeconds) },
    queueToPostgres: { seconds: +queueSeconds.toFixed(3), recordsPerSecond: Math.round(RECORDS / queueSeconds), sinkConcurrency: 4 },
  };
}

/** Per-job latency of a small job that logs three lines, with and without the log pipeline. */
async function jobLatency() {
  const variants = {} as Record<'withoutShipping' | 'withShipping', ReturnType<typeof stats> & { jobsPerSecond: number }>;
  for (const variant of ['withoutShipping', 'withShipping'] as const) {
    // Same queue and contract for both variants, each under its own prefix.
    const variantPrefix = `${prefix}-${variant}`;
    const producer = createRedisConnection(redisUrl, 'producer');
    const queues = createQueueClient({ connection: producer, prefix: variantPrefix });
    const shipping = variant === 'withShipping';
    const shipper = shipping ? new LogShipper({ transport: queueLogTransport(queues), component: 'bench' }) : undefined;
    shipper?.start();
    const logger = createLogger({ name: 'bench', destination: devNull(), ...(shipper ? { tap: shipper.pushLine } : {}) });
    const queue = 'features';
    const inputs = Array.from({ length: JOBS }, (_, i) => ({ symbol: 'AAPL', interval: '1h' as const, source: 'synthetic' as const, start: new Date(Date.UTC(2020, 0, 1, 0, i)).toISOString(), end: new Date(Date.UTC(2020, 0, 1, 0, i + 1)).toISOString() }));
    for (let i = 0; i < inputs.length; i += 500) await queues.enqueueBulk(queue, inputs.slice(i, i + 500));
    const samples: number[] = [];
    const handler = async (job: Job) => {
      logger.info({ jobId: job.id }, 'job started');
      let acc = 0;
      for (let k = 0; k < 2_000; k++) acc += Math.sqrt(k);
      logger.info({ acc: Math.round(acc) }, 'computed');
      logger.info('job done');
    };
    const workerConnection = createRedisConnection(redisUrl, 'worker');
    let done = 0;
    let finished!: () => void;
    const allDone = new Promise<void>((resolve) => (finished = resolve));
    const t0 = performance.now();
    const worker = createWorker(queue, async (_payload, job) => {
      const s = performance.now();
      if (shipper) await instrumentJob(job as Job, { component: 'bench', queue, secrets: [], record: (r) => shipper.pushRecord(r) }, () => handler(job as Job));
      else await handler(job as Job);
      samples.push(performance.now() - s);
    }, { connection: workerConnection, prefix: variantPrefix, concurrency: 1, logger });
    worker.on('completed', () => {
      if (++done === JOBS) finished();
    });
    await allDone;
    const seconds = (performance.now() - t0) / 1000;
    await worker.close();
    await shipper?.stop();
    await queues.close();
    await producer.quit();
    await obliteratePrefix(workerConnection, variantPrefix);
    await workerConnection.quit();
    variants[variant] = { ...stats(samples), jobsPerSecond: Math.round(JOBS / seconds) };
  }

  // The cost of one log call itself: a tapped logger (stdout + shipper buffer) vs a plain one.
  const calls = 100_000;
  const plain = createLogger({ name: 'bench', destination: devNull() });
  const buffered = new LogShipper({ transport: { send: async () => {} }, component: 'bench', capacity: calls + 1 });
  const tapped = createLogger({ name: 'bench', destination: devNull(), tap: buffered.pushLine });
  const perCall = (logger: typeof plain) => {
    const s = performance.now();
    for (let i = 0; i < calls; i++) logger.info({ i, symbol: 'AAPL' }, 'a typical log line');
    return ((performance.now() - s) * 1000) / calls;
  };
  perCall(plain); // warm-up
  const plainUs = perCall(plain);
  const tappedUs = perCall(tapped);
  return { jobs: JOBS, logLinesPerJob: 3, ...variants, addedMeanMs: +(variants.withShipping.meanMs - variants.withoutShipping.meanMs).toFixed(4), logCallMicroseconds: { plain: +plainUs.toFixed(2), withShipperTap: +tappedUs.toFixed(2) } };
}

await ensureDatabase(databaseUrl);
const db = createDb(databaseUrl, { poolSize: 6 });
await migrateToLatest(db);
const cleanup = createRedisConnection(redisUrl, 'worker');
await obliteratePrefix(cleanup, prefix);

const throughput = await sinkThroughput(db);
await obliteratePrefix(cleanup, prefix);
const latency = await jobLatency();
await obliteratePrefix(cleanup, prefix);
await resetTables(db);
await cleanup.quit();
await db.destroy();

const result = {
  benchmark: 'log-sink',
  throughput,
  jobLatency: latency,
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  measuredAt: new Date().toISOString(),
};
const out = new URL('../../../bench-results/', import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL('log-sink.json', out), `${JSON.stringify(result, null, 2)}\n`);

const row = (label: string, a: string, b: string) => console.log(`${label.padEnd(34)}${a.padStart(18)}${b.padStart(18)}`);
console.log(`\nlog-sink: ${RECORDS.toLocaleString()} records in batches of ${BATCH}`);
row('', 'writer only', 'queue → sink → PG');
row('records/s', throughput.writerOnly.recordsPerSecond.toLocaleString(), throughput.queueToPostgres.recordsPerSecond.toLocaleString());
console.log(`\njob latency: ${JOBS} jobs, concurrency 1, 3 log lines each`);
row('', 'without shipping', 'with shipping');
row('mean ms / job', String(latency.withoutShipping.meanMs), String(latency.withShipping.meanMs));
row('p50 ms / job', String(latency.withoutShipping.p50Ms), String(latency.withShipping.p50Ms));
row('p99 ms / job', String(latency.withoutShipping.p99Ms), String(latency.withShipping.p99Ms));
row('jobs/s (end to end)', String(latency.withoutShipping.jobsPerSecond), String(latency.withShipping.jobsPerSecond));
row('µs per log call', String(latency.logCallMicroseconds.plain), String(latency.logCallMicroseconds.withShipperTap));
console.log(`\nwritten to bench-results/log-sink.json`);
