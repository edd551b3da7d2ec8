// Benchmark: ingest 1,057 symbols × 1,808 hourly bars (1.91M rows, the seed's volume) from the
// synthetic source through the ingest queue into market_data, with the service's worker processes,
// and in the same run the floor: one COPY of the same rows into an identical empty table.
// Usage: pnpm --filter @mltrading/ingestion bench [-- --symbols N]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { adminUrlFor, createDb, ensureDatabase, migrateToLatest } from '@mltrading/db';
import { createQueueClient, createRedisConnection } from '@mltrading/queues';
import { obliteratePrefix } from '@mltrading/queues/testing';
import { spawnService } from '@mltrading/service-kit';
import { generateBars, sessionBarStarts, syntheticUniverse } from '@mltrading/synthetic-market';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const SYMBOLS = Number(argument('--symbols') ?? 1057);
const BARS_PER_SYMBOL = 1808;
const WORKER_PROCESSES = 2; // one per core
const SYMBOLS_PER_JOB = 50;
const SEED = 42;

const root = fileURLToPath(new URL('../../../', import.meta.url));
const serverUrl = process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/mltrading';
const databaseUrl = adminUrlFor(serverUrl).replace(/\/[^/]*$/, '/mlt_bench_ingest');
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `mlt-bench-${Date.now()}`;

// The last 1,808 session bars before a fixed instant: the same rows on every run.
const END = Date.parse('2026-11-27T00:00:00Z');
const starts = sessionBarStarts('1h', END - 400 * 86_400_000, END);
const range = { start: new Date(starts[starts.length - BARS_PER_SYMBOL]!), end: new Date(END), now: new Date(END) };
const universe = syntheticUniverse(SYMBOLS);

console.log(`ingest benchmark: ${SYMBOLS} symbols × ${BARS_PER_SYMBOL} hourly bars = ${(SYMBOLS * BARS_PER_SYMBOL).toLocaleString('en-US')} rows`);
await recreateDatabase();
const db = createDb(databaseUrl, { poolSize: 2 });
await migrateToLatest(db);

const floor = await copyFloor();
console.log(`floor: COPY into an identical empty table: ${floor.seconds.toFixed(2)} s, ${Math.round(floor.rows / floor.seconds).toLocaleString('en-US')} rows/s`);
const run = await queuePipeline();
console.log(`pipeline: ${run.seconds.toFixed(2)} s, ${Math.round(run.rows / run.seconds).toLocaleString('en-US')} rows/s`);

const ratio = run.seconds / floor.seconds;
const results = {
  benchmark: 'ingest-throughput',
  date: new Date().toISOString(),
  machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
  symbols: SYMBOLS,
  barsPerSymbol: BARS_PER_SYMBOL,
  rows: run.rows,
  pipeline: {
    wallSeconds: round(run.seconds),
    rowsPerSecond: Math.round(run.rows / run.seconds),
    workerProcesses: WORKER_PROCESSES,
    workerConcurrency: 4,
    symbolsPerJob: SYMBOLS_PER_JOB,
    peakRssMbPerWorker: run.peakRssMb,
  },
  floor: { copySeconds: round(floor.seconds), rowsPerSecond: Math.round(floor.rows / floor.seconds) },
  ratioToFloor: round(ratio),
  aim: 'within 1.5× of the COPY floor',
};
console.table({
  'pipeline (queue → workers → market_data)': { seconds: results.pipeline.wallSeconds, 'rows/s': results.pipeline.rowsPerSecond },
  'floor (COPY, same rows, identical table)': { seconds: results.floor.copySeconds, 'rows/s': results.floor.rowsPerSecond },
});
console.log(`ratio to floor: ${ratio.toFixed(2)}× (aim ≤ 1.5×); peak RSS per worker: ${run.peakRssMb.join(', ')} MB`);
mkdirSync(`${root}bench-results`, { recursive: true });
writeFileSync(`${root}bench-results/ingest-throughput.json`, `${JSON.stringify(results, null, 2)}\n`);
console.log('written to bench-results/ingest-throughput.json');
await db.destroy();

async function recreateDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrlFor(serverUrl) });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS mlt_bench_ingest WITH (FORCE)');
  await admin.end();
  await ensureDatabase(databaseUrl);
}

/** The same bars the pipeline will store, COPY'd in one stream into a copy of market_data. */
async function copyFloor(): Promise<{ seconds: number; rows: number }> {
  await sql`CREATE TABLE market_data_floor (LIKE market_data INCLUDING ALL)`.execute(db);
  const lines: string[] = [];
  let rows = 0;
  for (const symbol of universe) {
    const bars = generateBars(symbol, '1h', range, { seed: SEED });
    let chunk = '';
    for (let i = 0; i < bars.length; i++) {
      chunk += `${symbol}\t${new Date(bars.timestamp[i]!).toISOString()}\tsynthetic\t${round4(bars.open[i]!)}\t${round4(bars.high[i]!)}\t${round4(bars.low[i]!)}\t${round4(bars.close[i]!)}\t${Math.round(bars.volume[i]!)}\tbench\n`;
    }
    lines.push(chunk);
    rows += bars.length;
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const started = performance.now();
  await pipeline(
    Readable.from(lines),
    client.query(copyFrom('COPY market_data_floor (symbol, timestamp, source, open, high, low, close, volume, correlation_id) FROM STDIN')),
  );
  const seconds = (performance.now() - started) / 1000;
  await client.end();
  await sql`DROP TABLE market_data_floor`.execute(db);
  return { seconds, rows };
}

async function queuePipeline(): Promise<{ seconds: number; rows: number; peakRssMb: number[] }> {
  const entry = fileURLToPath(new URL('../src/main.ts', import.meta.url));
  const env = { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, HEALTH_PORT: '0', LOG_LEVEL: 'info', DATABASE_POOL_SIZE: '8' };
  const workers = [];
  for (let i = 0; i < WORKER_PROCESSES; i++) workers.push(await spawnService(entry, env));
  const connection = createRedisConnection(redisUrl, 'worker');
  const client = createQueueClient({ connection, prefix });
  const payloads = [];
  for (let i = 0; i < universe.length; i += SYMBOLS_PER_JOB) {
    payloads.push({
      symbols: universe.slice(i, i + SYMBOLS_PER_JOB),
      interval: '1h' as const,
      source: 'synthetic' as const,
      start: range.start.toISOString(),
      end: range.end.toISOString(),
    });
  }
  const started = performance.now();
  await client.enqueueBulk('ingest', payloads);
  const queue = client.queue('ingest');
  for (;;) {
    const counts = await queue.getJobCounts('completed', 'failed');
    if ((counts.completed ?? 0) + (counts.failed ?? 0) >= payloads.length) {
      if (counts.failed) throw new Error(`${counts.failed} ingest jobs failed`);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const seconds = (performance.now() - started) / 1000;
  const peakRssMb = workers.map((w) => peakRss(w.pid));
  await Promise.all(workers.map((w) => w.stop()));
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from market_data`.execute(db);
  await client.close();
  await obliteratePrefix(connection, prefix);
  await connection.quit();
  if (rows[0]!.n !== universe.length * BARS_PER_SYMBOL) throw new Error(`expected ${universe.length * BARS_PER_SYMBOL} rows, found ${rows[0]!.n}`);
  return { seconds, rows: rows[0]!.n, peakRssMb };
}

function peakRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}
