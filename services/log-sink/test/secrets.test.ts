import { createTestDatabase, type TestDatabase } from '@mltrading/db/testing';
import { createQueueClient, createRedisConnection, type QueueClient } from '@mltrading/queues';
import { obliteratePrefix, uniquePrefix } from '@mltrading/queues/testing';
import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLOW_FIXTURE, Processes, REDIS_URL, SINK_ENTRY, waitFor } from './support/harness.ts';
import { OtlpCollector } from './support/otlp-collector.ts';

// Secrets in the environment (provider keys, the database password inside DATABASE_URL) and secrets
// that only appear in an error message (a URL password, a token pair, a bearer token).
const SECRETS = {
  ALPACA_API_KEY_ID: 'PKFIXTUREKEYID0001',
  ALPACA_API_SECRET_KEY: 'alpaca-secret-Zx9Qw8Er7Ty6',
  POLYGON_API_KEY: 'polygon-key-Mn5Bv4Cx3Lk2',
};
const DB_PASSWORD = 'pg-pass-Hj8Kl9Po0Iu';
const MESSAGE_ONLY = ['tok-9f8e7d6c5b4a', 'eyJhbGciOiJIUzI1NiJ9.fixture.sig'];
const ALL = [...Object.values(SECRETS), DB_PASSWORD, ...MESSAGE_ONLY];

let database: TestDatabase;
let connection: Redis;
let client: QueueClient;
const prefix = uniquePrefix();
const processes = new Processes();
// Traces leave the process too: a failed job's span carries its error, ioredis spans the job data.
const collector = new OtlpCollector();

beforeAll(async () => {
  database = await createTestDatabase();
  connection = createRedisConnection(REDIS_URL, 'producer');
  client = createQueueClient({ connection, prefix });
  await collector.start();
});

afterAll(async () => {
  processes.killAll();
  await client.close();
  await obliteratePrefix(connection, prefix);
  await connection.quit();
  await database.drop();
  await collector.stop();
});

/** Every value stored under the test's prefix, whatever the key type (job hashes, lists, sets, event streams). */
async function redisDump(): Promise<string> {
  const keys = await connection.keys(`${prefix}:*`);
  const parts: string[] = [];
  for (const key of keys) {
    const type = await connection.type(key);
    if (type === 'string') parts.push((await connection.get(key)) ?? '');
    else if (type === 'hash') parts.push(JSON.stringify(await connection.hgetall(key)));
    else if (type === 'list') parts.push(JSON.stringify(await connection.lrange(key, 0, -1)));
    else if (type === 'set') parts.push(JSON.stringify(await connection.smembers(key)));
    else if (type === 'zset') parts.push(JSON.stringify(await connection.zrange(key, '0', '-1')));
    else if (type === 'stream') parts.push(JSON.stringify(await connection.xrange(key, '-', '+')));
  }
  return parts.join('\n');
}

/** Every row of every table in the database, as text. */
async function databaseDump(): Promise<string> {
  const { rows: tables } = await sql<{ schemaname: string; tablename: string }>`
    SELECT schemaname, tablename FROM pg_tables WHERE schemaname IN ('public', 'log_sink')`.execute(database.db);
  const parts: string[] = [];
  for (const { schemaname, tablename } of tables) {
    const { rows } = await sql<{ row: string }>`SELECT t::text AS row FROM ${sql.table(`${schemaname}.${tablename}`)} t`.execute(database.db);
    parts.push(...rows.map((r) => r.row));
  }
  return parts.join('\n');
}

describe('secrets', () => {
  it('never appear in any table, job or log line', async () => {
    const url = new URL(database.url);
    url.password = DB_PASSWORD;
    const env = {
      DATABASE_URL: url.toString(), REDIS_URL, QUEUE_PREFIX: prefix, ...SECRETS,
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collector.port}`, OTEL_BSP_SCHEDULE_DELAY: '100',
    };
    await processes.start(SINK_ENTRY, env);
    await processes.start(FLOW_FIXTURE, { ...env, FIXTURE_QUEUES: 'ingest', FIXTURE_FAIL_SYMBOL: 'LEAK' });

    // A job that fails twice (retried once), and one with an invalid payload. (Secrets never go into
    // job data — producers read them from the environment — so the invalid job carries none.)
    const failing = await client.enqueue('ingest', { symbols: ['LEAK'], interval: '1h', source: 'synthetic', correlationId: 'secret-flow' }, { attempts: 2, backoff: { type: 'fixed', delay: 100 } });
    await client.queue('ingest').add('ingest', { symbols: ['not a symbol!'], correlationId: 'secret-invalid' } as never, { jobId: 'invalid-1', attempts: 1 });

    await waitFor(async () => (await client.queue('ingest').getJob(failing.jobId))?.failedReason && (await client.queue('ingest').getJobCounts('failed')).failed === 2, 30_000, 'both jobs failed');
    const errorRows = await waitFor(async () => {
      const rows = await database.db.selectFrom('error_logs').selectAll().where('correlation_id', 'in', ['secret-flow', 'secret-invalid']).execute();
      return rows.length === 3 ? rows : undefined;
    }, 30_000, 'three error records');
    await waitFor(async () => (await database.db.selectFrom('system_logs').select('id').where('message', 'like', 'calling provider%').execute()).length === 2, 30_000, 'provider log lines');

    // The records are useful: type, scrubbed message and stack, component, request path, correlation id.
    const retried = errorRows.filter((r) => r.correlation_id === 'secret-flow');
    expect(retried.map((r) => r.request_path)).toEqual([`ingest/${failing.jobId}`, `ingest/${failing.jobId}`]);
    expect(retried[0]).toMatchObject({ error_type: 'Error', component: 'flow-fixture' });
    expect(retried[0]!.error_message).toContain('provider refused key [REDACTED]');
    expect(retried[0]!.stack_trace).toContain('flow-service.ts');
    expect(retried.map((r) => (r.metadata as { final: boolean }).final).sort()).toEqual([false, true]);
    const invalid = errorRows.find((r) => r.correlation_id === 'secret-invalid');
    expect(invalid).toMatchObject({ error_type: 'InvalidPayloadError', request_path: 'ingest/invalid-1' });
    const { rows: perf } = await sql<{ status: string }>`SELECT status FROM performance_logs WHERE correlation_id = 'secret-flow'`.execute(database.db);
    expect(perf.map((r) => r.status)).toEqual(['failed', 'failed']);
    // The refused job has its performance record too (every job does), under its own id.
    await waitFor(async () => (await sql<{ status: string }>`SELECT status FROM performance_logs WHERE correlation_id = 'secret-invalid'`.execute(database.db)).rows.map((r) => r.status).join() === 'invalid', 10_000, 'the invalid job\'s performance record');

    // Let the last batches land and the spans be flushed (a clean stop exports what is left), then
    // look everywhere.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await processes.stopAll();
    const spans = collector.bodies.join('\n');
    expect(spans).toContain('process ingest');
    // BullMQ's "job failed" span event and the ioredis spans' statements carry the error text.
    expect(spans).toContain('bullmq.job.failed.reason');
    expect(spans).toContain('provider refused key [REDACTED]');
    const tables = await databaseDump();
    const redis = await redisDump();
    const logs = processes.lines.join('\n');
    expect(tables).toContain('[REDACTED]');
    expect(redis).toContain('[REDACTED]');
    expect(logs).toContain('[REDACTED]');
    for (const secret of ALL) {
      expect(tables, `table rows contain ${secret}`).not.toContain(secret);
      expect(redis, `redis contains ${secret}`).not.toContain(secret);
      expect(logs, `a log line contains ${secret}`).not.toContain(secret);
      expect(spans, `an exported span contains ${secret}`).not.toContain(secret);
    }
  });
});
