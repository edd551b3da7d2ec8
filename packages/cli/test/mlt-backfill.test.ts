import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRedisConnection } from '@mltrading/queues';
import { obliteratePrefix, uniquePrefix } from '@mltrading/queues/testing';
import { spawnService, type ServiceProcess } from '@mltrading/service-kit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `mlt backfill` waiting for its jobs, processed by the real ingestion service in its own process.
const mlt = fileURLToPath(new URL('../bin/mlt.mjs', import.meta.url));
const ingestionMain = fileURLToPath(new URL('../../../services/ingestion/src/main.ts', import.meta.url));
const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const databaseName = `mlt_test_backfill_${process.pid}_${Date.now()}`;
const databaseUrl = adminUrl.replace(/\/[^/]*$/, `/${databaseName}`);
const prefix = uniquePrefix();
// No Alpaca keys on purpose: an alpaca backfill fails permanently, at once.
const env = { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, ALPACA_API_KEY_ID: '', ALPACA_API_SECRET_KEY: '' };
let service: ServiceProcess | undefined;

/** Runs mlt without blocking this process, so the service's log pipe keeps draining. */
function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [mlt, ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  expect((await run('db', 'migrate')).code).toBe(0);
  service = await spawnService(ingestionMain, { ...env, HEALTH_PORT: '0', LOG_LEVEL: 'info' });
});
afterAll(async () => {
  await service?.stop();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
  await admin.end();
  const connection = createRedisConnection(redisUrl, 'worker');
  await obliteratePrefix(connection, prefix);
  await connection.quit();
});

describe('mlt backfill (waiting)', () => {
  it('returns once every batch is ingested, with the universe stored', async () => {
    const result = await run('backfill', '--symbols', 'BFA,BFB,BFC', '--batch', '2', '--source', 'synthetic', '--start', '2026-03-02T00:00:00Z', '--end', '2026-03-14T00:00:00Z');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/backfill: 3 symbols in 2 ingest jobs/);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query(`select symbol, count(*)::int as n from market_data group by symbol order by symbol`);
    await client.end();
    expect(rows).toEqual([{ symbol: 'BFA', n: 70 }, { symbol: 'BFB', n: 70 }, { symbol: 'BFC', n: 70 }]);
  });

  it('exits 1 naming the failed jobs when a batch fails', async () => {
    const result = await run('backfill', '--symbols', 'BFA', '--source', 'alpaca', '--start', '2026-03-02T00:00:00Z', '--end', '2026-03-14T00:00:00Z');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('1 of 1 ingest jobs failed');
  });
});
