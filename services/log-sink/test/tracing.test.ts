import { createTestDatabase, type TestDatabase } from '@mltrading/db/testing';
import { createQueueClient, createRedisConnection, type QueueClient } from '@mltrading/queues';
import { obliteratePrefix, uniquePrefix } from '@mltrading/queues/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OtlpCollector } from './support/otlp-collector.ts';
import { FLOW_FIXTURE, Processes, REDIS_URL, waitFor } from './support/harness.ts';

let database: TestDatabase;
let connection: Redis;
let client: QueueClient;
const prefix = uniquePrefix();
const processes = new Processes();
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

describe('OpenTelemetry', () => {
  it('one trace spans both services: BullMQ process spans, producer spans and pg/ioredis spans under one trace id', async () => {
    const env = { DATABASE_URL: database.url, REDIS_URL, QUEUE_PREFIX: prefix, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collector.port}`, OTEL_BSP_SCHEDULE_DELAY: '200' };
    await processes.start(FLOW_FIXTURE, { ...env, FIXTURE_QUEUES: 'ingest,features', FIXTURE_NAME: 'upstream-fixture' });
    await processes.start(FLOW_FIXTURE, { ...env, FIXTURE_QUEUES: 'predict,execute', FIXTURE_NAME: 'downstream-fixture' });
    const correlationId = 'traced-flow-1';
    await client.enqueue('ingest', { symbols: ['TRACE'], interval: '1h', source: 'synthetic', correlationId });
    await waitFor(async () => (await database.db.selectFrom('fills').select('id').where('correlation_id', '=', correlationId).execute()).length === 1, 45_000, 'the fill');
    await processes.stopAll(); // shutdown flushes the span processors

    const processSpans = collector.spans.filter((s) => s.attributes['mlt.correlation_id'] === correlationId);
    expect(processSpans.map((s) => [s.service, s.name]).sort()).toEqual([
      ['downstream-fixture', 'process execute'],
      ['downstream-fixture', 'process predict'],
      ['upstream-fixture', 'process features'],
      ['upstream-fixture', 'process ingest'],
    ]);
    const traceIds = new Set(processSpans.map((s) => s.traceId));
    expect(traceIds.size).toBe(1);
    const traceId = [...traceIds][0]!;
    const inTrace = collector.spans.filter((s) => s.traceId === traceId);
    const names = inTrace.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['add features', 'add predict', 'add execute']));
    expect(inTrace.some((s) => s.scope.includes('instrumentation-pg'))).toBe(true);
    expect(inTrace.some((s) => s.scope.includes('instrumentation-ioredis'))).toBe(true);
    expect(new Set(inTrace.map((s) => s.service))).toEqual(new Set(['upstream-fixture', 'downstream-fixture']));
    // Each consumer span continues from the producer span of the service before it.
    const byId = new Map(inTrace.map((s) => [s.spanId, s]));
    const predict = processSpans.find((s) => s.name === 'process predict')!;
    expect(byId.get(predict.parentSpanId!)?.name).toBe('add predict');
    expect(byId.get(predict.parentSpanId!)?.service).toBe('upstream-fixture');
  });

  it('an unreachable collector does not break the service or its shutdown', async () => {
    const service = await processes.start(FLOW_FIXTURE, { DATABASE_URL: database.url, REDIS_URL, QUEUE_PREFIX: prefix, FIXTURE_QUEUES: 'ingest', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', OTEL_BSP_SCHEDULE_DELAY: '100' });
    await client.enqueue('ingest', { symbols: ['NOCOLL'], interval: '1h', source: 'synthetic', correlationId: 'no-collector' });
    await waitFor(async () => (await database.db.selectFrom('market_data').select('id').where('correlation_id', '=', 'no-collector').execute()).length === 3, 30_000, 'bars written');
    expect(await service.stop()).toBe(0);
  });
});
