// End-to-end backfill benchmark: 1,057 symbols × 1,808 hourly bars in market_data → one features
// job per symbol → feature_engineered_data, through the real service process (default worker
// count: one process, WORKER_CONCURRENCY default). In the same run: the floor (a binary COPY of the
// same feature rows into an identical empty table, indexes included), the seed's optimized query
// (median EXPLAIN ANALYZE execution time), and the engine figure from the features package's bench.
// Run: pnpm --filter @mltrading/feature-engineering bench   (writes bench-results/feature-backfill.json)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createDb, FEATURE_COPY_COLUMNS, migrateToLatest } from '@mltrading/db';
import { FEATURE_VERSION } from '@mltrading/features';
import { createQueueClient, createRedisConnection } from '@mltrading/queues';
import { obliteratePrefix } from '@mltrading/queues/testing';
import { spawnService } from '@mltrading/service-kit';
import { generateBars, syntheticUniverse } from '@mltrading/synthetic-market';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

const SYMBOLS = Number(process.env['BENCH_SYMBOLS'] ?? 1057);
const BARS = 1808;
const ADMIN_URL = process.env['TEST_DATABASE_ADMIN_URL'] ?? 'postgres://root@127.0.0.1:5432/postgres';
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const DB_NAME = 'mlt_bench_features';
const PREFIX = 'mlt-bench-features';
const HOUR = 3_600_000;
const root = fileURLToPath(new URL('../../../', import.meta.url));
const dbUrl = (() => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${DB_NAME}`;
  return u.toString();
})();
const log = (message: string) => console.log(`[feature-backfill] ${message}`);
const seconds = (ms: number) => Math.round(ms) / 1000;

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

// --- engine figure: the features package's own benchmark -------------------------------------
const engineJson = `${root}bench-results/features-engine.json`;
if (!existsSync(engineJson) || process.env['BENCH_RERUN_ENGINE'] === '1') {
  spawnSync('pnpm', ['--filter', '@mltrading/features', 'run', 'bench'], { stdio: 'inherit', cwd: root });
}
const engine = existsSync(engineJson) ? (JSON.parse(readFileSync(engineJson, 'utf8')) as { engine: { barsPerSecondPerCore: number; wallSeconds: number }; measuredAt: string }) : undefined;

// --- a dedicated database, recreated every run ------------------------------------------------
await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
await admin(`CREATE DATABASE ${DB_NAME}`);
const db = createDb(dbUrl, { poolSize: 4, applicationName: 'mlt-bench-features' });
await migrateToLatest(db);
const redis = createRedisConnection(REDIS_URL, 'worker');
await obliteratePrefix(redis, PREFIX);

// --- the service process, started on the empty tables ------------------------------------------
// Its features sweep runs once at start: bars already stored without a hand-off would be swept and
// backfilled by the sweep's own jobs before the measured ones. Wait for that run, then store bars.
const lines: string[] = [];
const service = await spawnService(
  fileURLToPath(new URL('../src/main.ts', import.meta.url)),
  { DATABASE_URL: dbUrl, REDIS_URL, QUEUE_PREFIX: PREFIX, HEALTH_PORT: '0', LOG_LEVEL: 'info', NODE_ENV: 'production', FEATURES_DASHBOARD_REFRESH_DELAY_MS: '1000' },
  (line) => lines.push(line),
  60_000,
);
const sweepDeadline = Date.now() + 60_000;
while (!lines.some((l) => l.includes('"features sweep"')) && Date.now() < sweepDeadline) await new Promise((resolve) => setTimeout(resolve, 100));

// --- market_data: the synthetic universe, the newest 1,808 session bars per symbol -------------
const now = Date.now();
const universe = syntheticUniverse(SYMBOLS);
let began = performance.now();
let firstBar = Infinity;
for (let i = 0; i < universe.length; i += 8) {
  await Promise.all(
    universe.slice(i, i + 8).map(async (symbol) => {
      const all = generateBars(symbol, '1h', { start: now - 420 * 24 * HOUR, end: now, now });
      const from = all.timestamp.length - BARS;
      if (from < 0) throw new Error(`${symbol}: only ${all.timestamp.length} bars generated`);
      const pick = (c: Float64Array) => Array.from(c.subarray(from));
      firstBar = Math.min(firstBar, all.timestamp[from]!);
      await sql`
        INSERT INTO market_data (symbol, source, timestamp, open, high, low, close, volume)
        SELECT ${symbol}, 'synthetic', to_timestamp(t / 1000.0), round(o::numeric, 4), round(h::numeric, 4), round(l::numeric, 4), round(c::numeric, 4), v::bigint
        FROM unnest(${pick(all.timestamp)}::float8[], ${pick(all.open)}::float8[], ${pick(all.high)}::float8[],
                    ${pick(all.low)}::float8[], ${pick(all.close)}::float8[], ${pick(all.volume)}::float8[]) AS b(t, o, h, l, c, v)`.execute(db);
    }),
  );
}
await sql`VACUUM ANALYZE market_data`.execute(db);
const totalBars = SYMBOLS * BARS;
log(`market_data: ${totalBars.toLocaleString('en-US')} bars of ${SYMBOLS} symbols in ${seconds(performance.now() - began)} s (setup, not measured)`);

// --- the backfill through the service process ---------------------------------------------------
const producer = createRedisConnection(REDIS_URL, 'producer');
const queues = createQueueClient({ connection: producer, prefix: PREFIX });
const features = queues.queue('features');
began = performance.now();
const payloads = universe.map((symbol) => ({ symbol, interval: '1h' as const, source: 'synthetic' as const, start: new Date(firstBar).toISOString(), end: new Date(now + HOUR).toISOString() }));
for (let i = 0; i < payloads.length; i += 500) await queues.enqueueBulk('features', payloads.slice(i, i + 500));
for (;;) {
  const counts = await features.getJobCounts('completed', 'failed');
  if ((counts['completed'] ?? 0) + (counts['failed'] ?? 0) >= SYMBOLS) break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
const backfillMs = performance.now() - began;
const failed = await features.getJobCountByTypes('failed');
const peakRssMb = Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${service.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
// Wait for the post-backfill dashboard refresh the service schedules itself.
const refreshDeadline = Date.now() + 120_000;
let dashboardRefreshMs: number | undefined;
while (dashboardRefreshMs === undefined && Date.now() < refreshDeadline) {
  const line = lines.find((l) => l.includes('"dashboard summary refreshed"') && l.includes('"backfill"'));
  if (line) dashboardRefreshMs = (JSON.parse(line) as { ms: number }).ms;
  else await new Promise((resolve) => setTimeout(resolve, 200));
}
await service.stop();
await queues.close();
await producer.quit();
const { rows: [written] } = await sql<{ rows: number; symbols: number }>`
  SELECT count(*)::int AS rows, count(DISTINCT symbol)::int AS symbols FROM feature_engineered_data`.execute(db);
if (failed > 0 || written!.rows !== totalBars) throw new Error(`backfill incomplete: ${failed} failed jobs, ${written!.rows} rows`);
const computed = lines.filter((l) => l.includes('"features computed"')).map((l) => JSON.parse(l) as { computeMs: number; totalMs: number });
const engineMsInService = computed.reduce((s, r) => s + r.computeMs, 0);
log(`backfill: ${written!.rows.toLocaleString('en-US')} rows in ${seconds(backfillMs)} s`);

// --- the floor: binary COPY of the same rows into an identical empty table ----------------------
await sql`CREATE TABLE feature_copy_floor (LIKE feature_engineered_data INCLUDING ALL)`.execute(db);
const columnList = FEATURE_COPY_COLUMNS.map((c) => `"${c}"`).join(', ');
const reader = new pg.Client({ connectionString: dbUrl });
await reader.connect();
const chunks: Buffer[] = [];
await pipeline(
  reader.query(copyTo(`COPY (SELECT ${columnList} FROM feature_engineered_data ORDER BY symbol, timestamp) TO STDOUT (FORMAT binary)`)),
  new Writable({ write(chunk: Buffer, _enc, done) { chunks.push(chunk); done(); } }),
);
await reader.end();
const floorBytes = chunks.reduce((s, c) => s + c.length, 0);
const writer = new pg.Client({ connectionString: dbUrl });
await writer.connect();
await writer.query(`CHECKPOINT`);
began = performance.now();
await pipeline(Readable.from(chunks), writer.query(copyFrom(`COPY feature_copy_floor (${columnList}) FROM STDIN (FORMAT binary)`)));
const floorMs = performance.now() - began;
await writer.end();
chunks.length = 0;
log(`floor: ${written!.rows.toLocaleString('en-US')} rows (${Math.round(floorBytes / 1e6)} MB binary) COPYed in ${seconds(floorMs)} s`);
await sql`DROP TABLE feature_copy_floor`.execute(db);

// --- the seed's optimized query: median EXPLAIN ANALYZE execution time --------------------------
await sql`VACUUM ANALYZE feature_engineered_data`.execute(db);
const probe = universe[Math.floor(SYMBOLS / 2)]!;
const seedQuery = `SELECT symbol, timestamp, close, rsi_1d, price_ma_short
FROM feature_engineered_data
WHERE symbol = '${probe}'
AND feature_version = '3.0'
AND timestamp >= NOW() - INTERVAL '30 days'
ORDER BY timestamp DESC`;
const times: number[] = [];
let plan = '';
let rowsReturned = 0;
for (let i = 0; i < 105; i++) {
  const { rows } = await sql.raw<{ 'QUERY PLAN': [{ 'Execution Time': number; Plan: { 'Node Type': string; 'Index Name'?: string; 'Actual Rows': number; Plans?: { 'Node Type': string; 'Index Name'?: string }[] } }] }>(
    `EXPLAIN (ANALYZE, FORMAT JSON) ${seedQuery}`,
  ).execute(db);
  const result = rows[0]!['QUERY PLAN'][0];
  if (i >= 5) times.push(result['Execution Time']); // the first runs warm the cache
  const node = result.Plan;
  plan = `${node['Node Type']}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}`;
  rowsReturned = node['Actual Rows'];
}
times.sort((a, b) => a - b);
const medianMs = (times[49]! + times[50]!) / 2;
log(`seed optimized query: median ${medianMs.toFixed(3)} ms over ${times.length} runs (${plan}, ${rowsReturned} rows)`);
await db.destroy();
await obliteratePrefix(redis, PREFIX);
await redis.quit();
await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);

// --- report -------------------------------------------------------------------------------------
const backfillRowsPerSecond = Math.round(written!.rows / (backfillMs / 1000));
const floorRowsPerSecond = Math.round(written!.rows / (floorMs / 1000));
const report = {
  benchmark: 'feature-backfill',
  featureVersion: FEATURE_VERSION,
  symbols: SYMBOLS,
  barsPerSymbol: BARS,
  rows: written!.rows,
  engine: engine
    ? { barsPerSecondPerCore: engine.engine.barsPerSecondPerCore, source: 'bench-results/features-engine.json', measuredAt: engine.measuredAt }
    : null,
  backfill: {
    workers: 1,
    concurrencyPerWorker: 4,
    wallSeconds: seconds(backfillMs),
    rowsPerSecond: backfillRowsPerSecond,
    peakRssMbPerWorker: peakRssMb,
    engineSecondsInService: seconds(engineMsInService),
    dashboardRefreshAfterBackfillMs: dashboardRefreshMs ?? null,
  },
  copyFloor: { wallSeconds: seconds(floorMs), rowsPerSecond: floorRowsPerSecond, megabytes: Math.round(floorBytes / 1e6) },
  backfillToFloorRatio: Math.round((backfillMs / floorMs) * 100) / 100,
  seedOptimizedQuery: { medianMs: Math.round(medianMs * 1000) / 1000, runs: times.length, plan, rowsReturned },
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  measuredAt: new Date().toISOString(),
};
console.log(`
Feature backfill, ${SYMBOLS} symbols × ${BARS} bars = ${written!.rows.toLocaleString('en-US')} rows (v${FEATURE_VERSION}, ${report.cores} cores)
  engine (features bench)          ${engine ? `${engine.engine.barsPerSecondPerCore.toLocaleString('en-US')} bars/s per core` : 'not measured'}
  backfill market_data → features  ${report.backfill.wallSeconds} s   ${backfillRowsPerSecond.toLocaleString('en-US')} rows/s   peak RSS ${peakRssMb} MB (1 worker process, concurrency 4)
  floor: binary COPY, same rows    ${report.copyFloor.wallSeconds} s   ${floorRowsPerSecond.toLocaleString('en-US')} rows/s   (identical empty table, all indexes)
  backfill / floor                 ${report.backfillToFloorRatio}×   (aim ≤ 2×)
  seed optimized query             median ${report.seedOptimizedQuery.medianMs} ms (EXPLAIN ANALYZE, ${times.length} runs; ${plan}; aim < 1 ms)
  dashboard refresh after backfill ${dashboardRefreshMs ?? '—'} ms
`);
mkdirSync(`${root}bench-results`, { recursive: true });
writeFileSync(`${root}bench-results/feature-backfill.json`, `${JSON.stringify(report, null, 2)}\n`);
