import { fileURLToPath } from 'node:url';
import { spawnService, type ServiceProcess } from '@mltrading/service-kit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliHarness } from './support/cli-harness.ts';

// `mlt backfill` waiting for its jobs, processed by the real ingestion service in its own process.
const ingestionMain = fileURLToPath(new URL('../../../services/ingestion/src/main.ts', import.meta.url));
// No Alpaca keys on purpose: an alpaca backfill fails permanently, at once.
const cli = cliHarness('backfill', { ALPACA_API_KEY_ID: '', ALPACA_API_SECRET_KEY: '' });
const { databaseUrl, env } = cli;
const run = cli.runAsync;
let service: ServiceProcess | undefined;

beforeAll(async () => {
  expect((await run('db', 'migrate')).code).toBe(0);
  service = await spawnService(ingestionMain, { ...env, HEALTH_PORT: '0', LOG_LEVEL: 'info' });
});
afterAll(async () => {
  await service?.stop();
  await cli.cleanUp();
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
    // Each failed job with its reason, and the command that shows its flow.
    expect(result.stderr).toMatch(/^ {2}ingest-[^\n]+: [^\n]*ALPACA_API_KEY_ID/m);
    expect(result.stderr).toMatch(/^ {2}mlt trace [0-9a-f-]{36}$/m);
  });
});

describe('mlt ingest --wait', () => {
  it('returns when the job completed, with the trace command', async () => {
    const result = await run('ingest', '--symbols', 'IWA', '--source', 'synthetic', '--start', '2026-03-02T00:00:00Z', '--end', '2026-03-04T00:00:00Z', '--wait');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const correlationId = /correlation id: (\S+)/.exec(result.stdout)?.[1];
    expect(correlationId).toBeDefined();
    expect(result.stdout).toContain(`completed; the flow: mlt trace ${correlationId}`);
  });

  it("exits 1 with the job's reason when it failed", async () => {
    const result = await run('ingest', '--symbols', 'IWA', '--source', 'alpaca', '--start', '2026-03-02T00:00:00Z', '--end', '2026-03-04T00:00:00Z', '--wait');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/the ingest job failed:\n {2}ingest-[^\n]+: [^\n]*ALPACA_API_KEY_ID/);
  });
});
