import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { traceFlow } from '@mltrading/db';
import { createTestDatabase, type TestDatabase } from '@mltrading/db/testing';
import { createQueueClient, createRedisConnection, type QueueClient } from '@mltrading/queues';
import { obliteratePrefix, uniquePrefix } from '@mltrading/queues/testing';
import { sql } from 'kysely';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLOW_FIXTURE, MLT_BIN, Processes, REDIS_URL, SINK_ENTRY, waitFor } from './support/harness.ts';

let database: TestDatabase;
let connection: Redis;
let client: QueueClient;
const prefix = uniquePrefix();
const processes = new Processes();
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  database = await createTestDatabase();
  connection = createRedisConnection(REDIS_URL, 'producer');
  client = createQueueClient({ connection, prefix });
  env = { DATABASE_URL: database.url, REDIS_URL, QUEUE_PREFIX: prefix };
});

afterAll(async () => {
  processes.killAll();
  await client.close();
  await obliteratePrefix(connection, prefix);
  await connection.quit();
  await database.drop();
});

const count = async (table: string, correlationId: string) => {
  const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE correlation_id = ${correlationId}`.execute(database.db);
  return Number(rows[0]!.n);
};

describe('one flow, followed by its correlation id', () => {
  it('runs ingest → features → predict → execute over two services and the sink, and reconstructs it in order from every table', async () => {
    await processes.start(SINK_ENTRY, { ...env, SERVICE_NAME: 'log-sink' });
    await processes.start(FLOW_FIXTURE, { ...env, FIXTURE_QUEUES: 'ingest,features', FIXTURE_NAME: 'upstream-fixture' });
    await processes.start(FLOW_FIXTURE, { ...env, FIXTURE_QUEUES: 'predict,execute', FIXTURE_NAME: 'downstream-fixture' });

    const correlationId = 'flow-e2e-0001';
    // What an API would record for the request that started the flow.
    // The batch's own id is not the flow's (as with the service shipper): a logs job is not a stage of the flow.
    await client.enqueue('logs', {
      correlationId: 'api-log-batch-1',
      records: [{ kind: 'user_action', timestamp: new Date().toISOString(), correlationId, actionType: 'api_call', requestPath: '/ingest', requestMethod: 'POST', responseStatus: 202, ipAddress: '10.1.2.3', durationMs: 3.5 }],
    });
    await client.enqueue('ingest', { symbols: ['FLOW'], interval: '1h', source: 'synthetic', correlationId });

    await waitFor(async () => (await count('performance_logs', correlationId)) === 4 && (await count('trading_events', correlationId)) === 2, 60_000, 'four job records and two trading events');
    const trace = await traceFlow(database.db, correlationId);

    // Every table that carries correlation_id has the flow's rows.
    expect(trace.rowsByTable).toMatchObject({
      market_data: 3, feature_engineered_data: 3, predictions: 3, orders: 1, fills: 1,
      performance_logs: 4, trading_events: 2, user_action_logs: 1, error_logs: 0,
    });
    expect(trace.rowsByTable.system_logs).toBeGreaterThanOrEqual(4);

    // Stages in time order: each job, then the table it wrote, then the next job.
    const order = ['ingest', 'write market_data', 'features', 'write feature_engineered_data', 'predict', 'write predictions', 'execute', 'write orders', 'write fills'];
    const names = trace.stages.map((s) => s.name);
    expect(names.filter((n) => order.includes(n))).toEqual(order);
    const jobs = trace.stages.filter((s) => s.source === 'performance_logs');
    expect(jobs.map((s) => [s.name, s.component, s.status])).toEqual([
      ['ingest', 'upstream-fixture', 'success'],
      ['features', 'upstream-fixture', 'success'],
      ['predict', 'downstream-fixture', 'success'],
      ['execute', 'downstream-fixture', 'success'],
    ]);
    for (const job of jobs) expect(job.durationMs).toBeGreaterThan(0);
    for (let i = 1; i < trace.stages.length; i++) expect(trace.stages[i]!.start.getTime()).toBeGreaterThanOrEqual(trace.stages[i - 1]!.start.getTime());

    // Log lines carry the id and arrive in order; each job's message is there.
    const messages = trace.events.filter((e) => e.source === 'system_logs').map((e) => e.summary);
    const stored = ['bars stored', 'features stored', 'predictions stored', 'order filled'].map((m) => messages.findIndex((s) => s.endsWith(m)));
    expect(stored.every((i) => i >= 0)).toBe(true);
    expect([...stored].sort((a, b) => a - b)).toEqual(stored);
    expect(trace.events.map((e) => e.source)).toEqual(expect.arrayContaining(['user_action_logs', 'trading_events', 'orders', 'fills']));

    // Every system_logs column is filled from the log call itself: module, function and the
    // TypeScript line of the call in the fixture, thread, process id, logger, level, correlation id.
    const { rows: lines } = await sql<Record<string, unknown>>`
      SELECT level, logger_name, module, function_name, line_number, thread_name, process_id, message FROM system_logs
      WHERE correlation_id = ${correlationId}`.execute(database.db);
    for (const line of lines) for (const column of ['level', 'logger_name', 'module', 'function_name', 'line_number', 'thread_name', 'process_id']) expect(line[column], `${column} of '${String(line.message)}'`).not.toBeNull();
    const fixtureLines = readFileSync(FLOW_FIXTURE, 'utf8').split('\n');
    const barsStored = lines.find((l) => l.message === 'bars stored')!;
    expect(barsStored).toMatchObject({ module: 'log-sink/test/fixtures/flow-service', function_name: 'handler', thread_name: 'main', logger_name: 'upstream-fixture' });
    expect(fixtureLines[Number(barsStored.line_number) - 1]).toContain("'bars stored'");

    // Per-job records carry memory and CPU.
    const { rows: perf } = await sql<{ memory_usage_mb: string; cpu_usage_percent: string }>`
      SELECT memory_usage_mb, cpu_usage_percent FROM performance_logs WHERE correlation_id = ${correlationId}`.execute(database.db);
    for (const row of perf) {
      expect(Number(row.memory_usage_mb)).toBeGreaterThan(10);
      expect(Number(row.cpu_usage_percent)).toBeGreaterThanOrEqual(0);
    }

    // The same through `mlt trace`, for people and for machines.
    const cli = (...args: string[]) => spawnSync(process.execPath, [MLT_BIN, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
    const json = cli('trace', correlationId, '--json');
    expect(json.stderr).toBe('');
    const parsed = JSON.parse(json.stdout) as { stages: { name: string }[]; rowsByTable: Record<string, number> };
    expect(parsed.stages.map((s) => s.name)).toEqual(names);
    expect(parsed.rowsByTable.fills).toBe(1);
    const text = cli('trace', correlationId);
    expect(text.status).toBe(0);
    for (const name of order) expect(text.stdout).toContain(name);
    expect(text.stdout).toContain('order filled');
    const missing = cli('trace', 'no-such-flow');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no rows carry correlation id no-such-flow');

    // The sink's own per-job records went straight to the table, not around the queue.
    const { rows: sinkRows } = await sql<{ n: string }>`SELECT count(*) AS n FROM performance_logs WHERE component = 'log-sink' AND operation_name = 'logs'`.execute(database.db);
    expect(Number(sinkRows[0]!.n)).toBeGreaterThan(0);
    expect(await client.queue('logs').getJobCounts('failed')).toEqual({ failed: 0 });
  });
});
