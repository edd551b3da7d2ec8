import { createTestDatabase, type TestDatabase } from '@mltrading/db/testing';
import { createQueueClient, createRedisConnection, type QueueClient } from '@mltrading/queues';
import { obliteratePrefix, uniquePrefix } from '@mltrading/queues/testing';
import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLOW_FIXTURE, Processes, REDIS_URL, SINK_ENTRY, waitFor } from './support/harness.ts';

let database: TestDatabase;
let connection: Redis;
let client: QueueClient;
const prefix = uniquePrefix();
const processes = new Processes();

beforeAll(async () => {
  database = await createTestDatabase();
  connection = createRedisConnection(REDIS_URL, 'producer');
  client = createQueueClient({ connection, prefix });
});

afterAll(async () => {
  processes.killAll();
  await client.close();
  await obliteratePrefix(connection, prefix);
  await connection.quit();
  await database.drop();
});

const ids = Array.from({ length: 5 }, (_, i) => `sink-down-${i}`);

async function rowsFor(table: 'performance_logs' | 'system_logs'): Promise<number> {
  const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE correlation_id = ANY(${ids})`.execute(database.db);
  return Number(rows[0]!.n);
}

describe('log sink outage', () => {
  it('services keep working while the sink is down; when it returns the waiting records arrive, once each', async () => {
    const env = { DATABASE_URL: database.url, REDIS_URL, QUEUE_PREFIX: prefix };
    const sink = await processes.start(SINK_ENTRY, env);
    const service = await processes.start(FLOW_FIXTURE, { ...env, FIXTURE_QUEUES: 'ingest' });
    expect(await sink.stop()).toBe(0);

    for (const [i, correlationId] of ids.entries()) {
      await client.enqueue('ingest', { symbols: [`DOWN${i}`], interval: '1h', source: 'synthetic', correlationId });
    }
    // The pipeline does its work without the sink…
    await waitFor(async () => (await client.queue('ingest').getJobCounts('completed')).completed === ids.length, 30_000, 'ingest jobs completed');
    const { rows: bars } = await sql<{ n: string }>`SELECT count(*) AS n FROM market_data WHERE correlation_id = ANY(${ids})`.execute(database.db);
    expect(Number(bars[0]!.n)).toBe(ids.length * 3);
    // …and its records wait on the queue, none lost and none written yet.
    await waitFor(async () => ((await client.queue('logs').getJobCounts('waiting')).waiting ?? 0) > 0, 10_000, 'log batches waiting');
    const health = (await (await fetch(`http://127.0.0.1:${service.healthPort}/healthz`)).json()) as { logShipping: { dropped: number; state: string } };
    expect(health.logShipping).toMatchObject({ dropped: 0, state: 'ok' });
    expect(await rowsFor('performance_logs')).toBe(0);

    await processes.start(SINK_ENTRY, env);
    await waitFor(async () => (await rowsFor('performance_logs')) === ids.length, 30_000, 'performance records written');
    await waitFor(async () => (await client.queue('logs').getJobCounts('waiting', 'active')).waiting === 0, 10_000, 'logs queue drained');
    // One record per job and per log line: nothing doubled by the restart.
    expect(await rowsFor('performance_logs')).toBe(ids.length);
    const { rows } = await sql<{ correlation_id: string; n: string }>`
      SELECT correlation_id, count(*) AS n FROM system_logs WHERE correlation_id = ANY(${ids}) AND message = 'bars stored' GROUP BY 1`.execute(database.db);
    expect(rows.map((r) => [r.correlation_id, Number(r.n)]).sort()).toEqual(ids.map((id) => [id, 1]));
  });
});
