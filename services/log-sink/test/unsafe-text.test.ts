import { createTestDatabase, type TestDatabase } from '@mltrading/db/testing';
import { createQueueClient, createRedisConnection, type LogRecordInput, type QueueClient } from '@mltrading/queues';
import { obliteratePrefix, uniquePrefix } from '@mltrading/queues/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLACEMENT_CHARACTER } from '../src/postgres-safe.ts';
import { Processes, REDIS_URL, SINK_ENTRY, waitFor } from './support/harness.ts';

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

describe('a NUL-laden error through the log pipeline', () => {
  it('lands sanitised, and every other record of its batch lands with it, on the first attempt', async () => {
    await processes.start(SINK_ENTRY, { DATABASE_URL: database.url, REDIS_URL, QUEUE_PREFIX: prefix });
    const at = new Date().toISOString();
    const records: LogRecordInput[] = [
      { kind: 'system', timestamp: at, level: 'INFO', loggerName: 'ingestion', correlationId: 'pipe-nul', message: 'before' },
      { kind: 'error', timestamp: at, errorType: 'ProviderError', correlationId: 'pipe-nul', errorMessage: 'Yahoo said \u0000\u0000 nothing', metadata: { body: 'a\u0000b' } },
      { kind: 'system', timestamp: at, level: 'INFO', loggerName: 'ingestion', correlationId: 'pipe-nul', message: 'after' },
    ];
    const { jobId } = await client.enqueue('logs', { records, correlationId: 'pipe-nul' });
    const job = await waitFor(async () => {
      const state = await client.queue('logs').getJobState(jobId);
      return state === 'completed' || state === 'failed' ? client.queue('logs').getJob(jobId) : undefined;
    }, 30_000, 'the log batch job finished');
    expect(job?.failedReason).toBeUndefined();
    expect(job?.attemptsMade).toBe(1);

    const system = await database.db.selectFrom('system_logs').select('message').where('correlation_id', '=', 'pipe-nul').orderBy('id').execute();
    expect(system.map((r) => r.message)).toEqual(['before', 'after']);
    const error = await database.db.selectFrom('error_logs').select(['error_message', 'metadata']).where('correlation_id', '=', 'pipe-nul').executeTakeFirstOrThrow();
    expect(error).toEqual({ error_message: `Yahoo said ${REPLACEMENT_CHARACTER}${REPLACEMENT_CHARACTER} nothing`, metadata: { body: `a${REPLACEMENT_CHARACTER}b` } });
    await processes.stopAll();
  });
});
