import { spawnSync } from 'node:child_process';
import { createTestDatabase, type TestDatabase } from '@mltrading/db/testing';
import { logsPayloadSchema, type LogRecordInput } from '@mltrading/queues';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLogBatch } from '../src/index.ts';
import { LOG_METADATA_MAX_CHARS, LOG_TEXT_MAX_CHARS, REPLACEMENT_CHARACTER } from '../src/postgres-safe.ts';
import { MLT_BIN } from './support/harness.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.drop());

const at = '2026-11-28T10:00:00.000Z';
const records: LogRecordInput[] = [
  { kind: 'system', timestamp: at, level: 'INFO', loggerName: 'ingestion', correlationId: 'c-1', message: 'fetched 3 bars', module: 'ingest', processId: 42, threadName: 'main', metadata: { symbols: ['AAPL'] } },
  { kind: 'performance', timestamp: at, operationName: 'ingest', durationMs: 12.3456, status: 'success', component: 'ingestion', correlationId: 'c-1', memoryUsageMb: 151.25, cpuUsagePercent: 37.5 },
  { kind: 'error', timestamp: at, errorType: 'ProviderError', errorMessage: 'GET https://api.example/v2?apiKey=abc123def failed', stackTrace: 'ProviderError: …\n  at x', component: 'ingestion', correlationId: 'c-1', requestPath: 'ingest/job-1' },
  { kind: 'trading_event', timestamp: at, eventType: 'signal_generated', symbol: 'AAPL', side: 'buy', quantity: 5, price: 190.25, strategy: 'momentum', correlationId: 'c-1' },
  { kind: 'user_action', timestamp: at, actionType: 'api_call', requestPath: '/ingest', requestMethod: 'POST', responseStatus: 202, ipAddress: '10.0.0.7', durationMs: 4.2, correlationId: 'c-1', metadata: { token: 'should-not-be-stored' } },
];

describe('writeLogBatch', () => {
  it("writes each kind to its table with the seed's columns, scrubbing free text and metadata", async () => {
    const parsed = logsPayloadSchema.parse({ records, correlationId: 'batch-1' }).records;
    expect(await writeLogBatch(database.db, 'batch-1', parsed, [])).toEqual({ written: true, rows: 5 });
    const system = await database.db.selectFrom('system_logs').selectAll().executeTakeFirstOrThrow();
    expect(system).toMatchObject({ level: 'INFO', logger_name: 'ingestion', correlation_id: 'c-1', message: 'fetched 3 bars', module: 'ingest', process_id: 42, thread_name: 'main', metadata: { symbols: ['AAPL'] } });
    expect(system.timestamp.toISOString()).toBe(at);
    const perf = await database.db.selectFrom('performance_logs').selectAll().executeTakeFirstOrThrow();
    expect(perf).toMatchObject({ operation_name: 'ingest', duration_ms: 12.346, status: 'success', component: 'ingestion', memory_usage_mb: 151.25, cpu_usage_percent: 37.5 });
    const error = await database.db.selectFrom('error_logs').selectAll().executeTakeFirstOrThrow();
    expect(error).toMatchObject({ error_type: 'ProviderError', error_message: 'GET https://api.example/v2?apiKey=[REDACTED] failed', request_path: 'ingest/job-1' });
    const event = await database.db.selectFrom('trading_events').selectAll().executeTakeFirstOrThrow();
    expect(event).toMatchObject({ event_type: 'signal_generated', symbol: 'AAPL', side: 'buy', quantity: 5, price: 190.25, strategy: 'momentum' });
    const action = await database.db.selectFrom('user_action_logs').selectAll().executeTakeFirstOrThrow();
    expect(action).toMatchObject({ action_type: 'api_call', ip_address: '10.0.0.7', response_status: 202, metadata: { token: '[REDACTED]' } });
  });

  it('writes a redelivered batch id nothing the second time', async () => {
    const parsed = logsPayloadSchema.parse({ records: records.slice(0, 2), correlationId: 'batch-2' }).records;
    const before = await database.db.selectFrom('system_logs').select('id').execute();
    expect((await writeLogBatch(database.db, 'batch-2', parsed, [])).written).toBe(true);
    expect(await writeLogBatch(database.db, 'batch-2', parsed, [])).toEqual({ written: false, rows: 0 });
    expect(await database.db.selectFrom('system_logs').select('id').execute()).toHaveLength(before.length + 1);
  });

  it('a record the database refuses becomes a WARNING row carrying it; the rest of the batch lands, once', async () => {
    const parsed = logsPayloadSchema.parse({ records: records.slice(0, 2), correlationId: 'batch-3' }).records;
    // A CHECK violation from the database (duration below zero slips past the contract by hand here).
    const broken = parsed.map((r) => (r.kind === 'performance' ? { ...r, durationMs: -1, correlationId: 'c-refused' } : r));
    const count = async (table: string) => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(database.db)).rows[0]!.n);
    const [systemBefore, perfBefore] = [await count('system_logs'), await count('performance_logs')];
    expect(await writeLogBatch(database.db, 'batch-3', broken, [])).toEqual({ written: true, rows: 2, refused: 1 });
    expect(await count('performance_logs')).toBe(perfBefore);
    expect(await count('system_logs')).toBe(systemBefore + 2);
    const notice = await database.db.selectFrom('system_logs').selectAll().where('correlation_id', '=', 'c-refused').executeTakeFirstOrThrow();
    expect(notice).toMatchObject({ level: 'WARNING', logger_name: 'log-sink', metadata: { sqlState: '23514', refusedRecord: { kind: 'performance', durationMs: -1 } } });
    expect(notice.message).toContain('performance_logs_duration_non_negative');
    // The claim committed with the rows: a redelivery writes nothing more.
    expect(await writeLogBatch(database.db, 'batch-3', broken, [])).toEqual({ written: false, rows: 0 });
  });

  it('a batch with NULs in text and jsonb, a 30 MB message and a refused NUL-laden record: every record lands, sanitised, capped or stood in for', async () => {
    const nul = '\u0000';
    const huge = 'x'.repeat(30 * 1024 * 1024);
    const input: LogRecordInput[] = [
      { kind: 'system', timestamp: at, level: 'INFO', loggerName: 'ingestion', correlationId: 'nul-clean', message: 'clean before' },
      {
        kind: 'error', timestamp: at, errorType: 'ProviderError', correlationId: 'nul-error',
        errorMessage: `provider said: bad${nul}byte`, stackTrace: `ProviderError${nul}\n  at x`,
        metadata: { [`key${nul}`]: { nested: [`value${nul}`, 1, null], lone: '\uD800' } },
      },
      { kind: 'system', timestamp: at, level: 'ERROR', loggerName: 'ingestion', correlationId: 'nul-huge', message: huge, metadata: { blob: huge } },
      // A CHECK violation (refused record) that carries a NUL: its stand-in row must store too.
      { kind: 'performance', timestamp: at, operationName: `op${nul}`, durationMs: 1, status: 'success', correlationId: 'nul-refused', metadata: { why: `nul${nul}` } },
      { kind: 'system', timestamp: at, level: 'INFO', loggerName: 'ingestion', correlationId: 'nul-clean', message: 'clean after' },
    ];
    const parsed = logsPayloadSchema.parse({ records: input, correlationId: 'batch-nul' }).records.map((r) =>
      r.kind === 'performance' ? { ...r, durationMs: -1 } : r,
    );
    expect(await writeLogBatch(database.db, 'batch-nul', parsed, [])).toEqual({ written: true, rows: 5, refused: 1 });

    const clean = await database.db.selectFrom('system_logs').select('message').where('correlation_id', '=', 'nul-clean').orderBy('id').execute();
    expect(clean.map((r) => r.message)).toEqual(['clean before', 'clean after']);
    const error = await database.db.selectFrom('error_logs').selectAll().where('correlation_id', '=', 'nul-error').executeTakeFirstOrThrow();
    expect(error.error_message).toBe(`provider said: bad${REPLACEMENT_CHARACTER}byte`);
    expect(error.stack_trace).toBe(`ProviderError${REPLACEMENT_CHARACTER}\n  at x`);
    expect(error.metadata).toEqual({ [`key${REPLACEMENT_CHARACTER}`]: { nested: [`value${REPLACEMENT_CHARACTER}`, 1, null], lone: REPLACEMENT_CHARACTER } });
    const big = await database.db.selectFrom('system_logs').selectAll().where('correlation_id', '=', 'nul-huge').executeTakeFirstOrThrow();
    expect(big.message.startsWith('x'.repeat(LOG_TEXT_MAX_CHARS))).toBe(true);
    expect(big.message.slice(LOG_TEXT_MAX_CHARS)).toBe(`…[truncated: ${huge.length} characters in all]`);
    expect(big.metadata).toMatchObject({ truncated: true, originalChars: JSON.stringify({ blob: huge }).length });
    expect(JSON.stringify(big.metadata).length).toBeLessThan(LOG_METADATA_MAX_CHARS);
    const notice = await database.db.selectFrom('system_logs').selectAll().where('correlation_id', '=', 'nul-refused').executeTakeFirstOrThrow();
    expect(notice).toMatchObject({ level: 'WARNING', metadata: { sqlState: '23514', refusedRecord: { operationName: `op${REPLACEMENT_CHARACTER}`, metadata: { why: `nul${REPLACEMENT_CHARACTER}` } } } });
  });

  it('writes nothing, claim included, when the failure is not the data\'s fault; the retry then writes it whole', async () => {
    const parsed = logsPayloadSchema.parse({ records: records.slice(0, 2), correlationId: 'batch-4' }).records;
    const count = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM system_logs`.execute(database.db)).rows[0]!.n);
    const before = await count();
    // A missing table (42P01), as before a migration ran: retrying later is right.
    await sql`ALTER TABLE performance_logs RENAME TO performance_logs_away`.execute(database.db);
    try {
      await expect(writeLogBatch(database.db, 'batch-4', parsed, [])).rejects.toThrow(/performance_logs/);
    } finally {
      await sql`ALTER TABLE performance_logs_away RENAME TO performance_logs`.execute(database.db);
    }
    expect(await count()).toBe(before);
    expect(await writeLogBatch(database.db, 'batch-4', parsed, [])).toEqual({ written: true, rows: 2 });
    expect(await count()).toBe(before + 1);
  });

  it('mlt db retention --dry-run lists per table what it would remove, and removes nothing', async () => {
    await database.db.insertInto('system_logs').values({ timestamp: new Date(Date.now() - 91 * 86_400_000), level: 'INFO', logger_name: 'old', message: 'old' }).execute();
    const env = { ...process.env, DATABASE_URL: database.url };
    const dry = spawnSync(process.execPath, [MLT_BIN, 'db', 'retention', '--dry-run'], { env, encoding: 'utf8' });
    expect(dry.stderr).toBe('');
    expect(dry.stdout).toMatch(/^system_logs\s+90 days\s+\S+\s+1$/m);
    expect(dry.stdout).toMatch(/^market_data\s+forever\s+0$/m);
    expect(dry.stdout).toContain('dry run: nothing was deleted');
    expect(await database.db.selectFrom('system_logs').select('id').where('logger_name', '=', 'old').execute()).toHaveLength(1);
    const real = spawnSync(process.execPath, [MLT_BIN, 'db', 'retention'], { env, encoding: 'utf8' });
    expect(real.stdout).toMatch(/^system_logs\s+90 days\s+\S+\s+1\s+1$/m);
    expect(await database.db.selectFrom('system_logs').select('id').where('logger_name', '=', 'old').execute()).toHaveLength(0);
  });
});
