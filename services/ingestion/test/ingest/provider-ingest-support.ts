// Shared by the Alpaca and Polygon job tests: the real log sink as its own process (so the error
// records the ingestion service ships land in `error_logs`, as in production), and dumps of every
// stored row and every Redis value of the test, for the "an API key is never stored" checks.
import { fileURLToPath } from 'node:url';
import { spawnService, type ServiceProcess } from '@mltrading/service-kit';
import { sql } from 'kysely';
import type { IngestionHarness } from './ingestion-harness.ts';

const SINK_ENTRY = fileURLToPath(new URL('../../../log-sink/src/main.ts', import.meta.url));

export interface LogSink {
  readonly service: ServiceProcess;
  /** Its stdout lines (JSON). */
  readonly lines: string[];
}

/**
 * The log-sink service on the harness's database and prefix. It is given no provider keys on
 * purpose: it scrubs the secrets it knows, so a key it never saw cannot be hidden by it and must
 * already be absent from what the ingestion service shipped.
 */
export async function startLogSink(h: IngestionHarness): Promise<LogSink> {
  const lines: string[] = [];
  const service = await spawnService(SINK_ENTRY, h.env({ LOG_LEVEL: 'info' }), (line) => lines.push(line));
  return { service, lines };
}

export interface ErrorLogRow {
  error_type: string;
  error_message: string;
  stack_trace: string | null;
  request_path: string | null;
  metadata: { attempt: number; final: boolean } | null;
}

/** Waits until `error_logs` holds `count` records for the job (one per failed attempt). */
export async function waitForErrorLogs(h: IngestionHarness, jobId: string, count: number, timeoutMs = 15_000): Promise<ErrorLogRow[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await sql<ErrorLogRow>`
      select error_type, error_message, stack_trace, request_path, metadata from error_logs
      where request_path = ${`ingest/${jobId}`} order by id`.execute(h.database.db);
    if (rows.length >= count) return rows;
    if (Date.now() > until) throw new Error(`error_logs has ${rows.length} of ${count} records for job ${jobId}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every row of every table of the test database (public and log_sink schemas), as text. */
export async function databaseDump(h: IngestionHarness): Promise<string> {
  const { rows: tables } = await sql<{ schemaname: string; tablename: string }>`
    select schemaname, tablename from pg_tables where schemaname in ('public', 'log_sink')`.execute(h.database.db);
  const parts: string[] = [];
  for (const { schemaname, tablename } of tables) {
    const { rows } = await sql<{ row: string }>`select t::text as row from ${sql.table(`${schemaname}.${tablename}`)} t`.execute(h.database.db);
    parts.push(...rows.map((r) => r.row));
  }
  return parts.join('\n');
}

/** Every value stored under the harness's Redis prefix (job hashes, lists, sets, streams, strings). */
export async function redisDump(h: IngestionHarness): Promise<string> {
  const keys = await h.redis.keys(`${h.prefix}:*`);
  const parts: string[] = [];
  for (const key of keys) {
    const type = await h.redis.type(key);
    if (type === 'string') parts.push((await h.redis.get(key)) ?? '');
    else if (type === 'hash') parts.push(JSON.stringify(await h.redis.hgetall(key)));
    else if (type === 'list') parts.push(JSON.stringify(await h.redis.lrange(key, 0, -1)));
    else if (type === 'set') parts.push(JSON.stringify(await h.redis.smembers(key)));
    else if (type === 'zset') parts.push(JSON.stringify(await h.redis.zrange(key, '0', '-1')));
    else if (type === 'stream') parts.push(JSON.stringify(await h.redis.xrange(key, '-', '+')));
  }
  return parts.join('\n');
}

export interface StoredBar {
  symbol: string;
  timestamp: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  correlation_id: string | null;
}

/** The bars stored for a source, in (symbol, time) order, timestamps as ISO strings. */
export async function storedBars(h: IngestionHarness, source: string): Promise<StoredBar[]> {
  const { rows } = await sql<Omit<StoredBar, 'timestamp' | 'volume'> & { timestamp: Date; volume: number | string }>`
    select symbol, timestamp, open, high, low, close, volume, correlation_id from market_data
    where source = ${source} order by symbol, timestamp`.execute(h.database.db);
  return rows.map((r) => ({ ...r, timestamp: r.timestamp.toISOString(), volume: Number(r.volume) }));
}
