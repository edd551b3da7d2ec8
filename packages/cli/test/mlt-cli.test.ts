import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { cliHarness } from './support/cli-harness.ts';

// A database that does not exist yet: `db migrate` must create it.
const cli = cliHarness('cli');
const { databaseUrl, run } = cli;

afterAll(() => cli.cleanUp());

describe('mlt', () => {
  it('db migrate creates the database, applies every migration, and is idempotent', () => {
    const first = run('db', 'migrate');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/_market-data\s+Up\s+Success/);
    expect(first.stdout).toMatch(/_features\s+Up\s+Success/);
    const again = run('db', 'migrate');
    expect(again.stdout.trim()).toBe('database is up to date');
  });

  it("db stats prints the seed's monitoring figures", () => {
    const { code, stdout } = run('db', 'stats');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Database size: \d+ [kMG]B/);
    expect(stdout).toMatch(/public\s+feature_engineered_data\s+\d+ [kMG]?B/);
    expect(stdout).toContain('idx_features_symbol_version_covering');
    expect(stdout.match(/^public\s+feature_engineered_data\s+\S+\s+\d+\s+\d+$/gm)).toHaveLength(9);
    expect(stdout).toContain('System log records in the last 24 hours, by level');
  });

  it('enqueue refuses an invalid payload with its reason and adds nothing', () => {
    const bad = run('enqueue', 'ingest', JSON.stringify({ symbols: ['AAPL; DROP TABLE'], interval: '2h' }));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('invalid ingest payload');
    expect(bad.stderr).toContain('is not a valid symbol');
    expect(bad.stderr).toContain('is not a supported interval');
    const notJson = run('enqueue', 'ingest', '{symbols:');
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toContain('not valid JSON');
    const unknownQueue = run('enqueue', 'nope', '{}');
    expect(unknownQueue.stderr).toContain("unknown queue 'nope'");
    expect(run('queues').stdout).toMatch(/^ingest\s+pipeline\s+0\s+0\s+0/m);
  });

  it('enqueue refuses an inherited property name as a queue and a payload that is no JSON object', () => {
    // Every such name is refused by the queue client too (packages/queues test); here the CLI's own check.
    const refused = run('enqueue', '__proto__', '{}');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("unknown queue '__proto__'");
    expect(refused.stderr).not.toContain('Cannot read properties');
    const nullPayload = run('enqueue', 'ingest', 'null');
    expect(nullPayload.code).toBe(1);
    expect(nullPayload.stderr).toContain('the payload must be a JSON object, got null');
  });

  it('enqueue prints the job id and correlation id, and queues counts the job', () => {
    const { code, stdout } = run(
      'enqueue', 'ingest', JSON.stringify({ symbols: ['AAPL'], interval: '1h', source: 'synthetic', correlationId: 'cli-test-1' }),
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/job id:\s+ingest-\S+/);
    expect(stdout).toMatch(/correlation id:\s+cli-test-1/);
    const status = run('queues').stdout;
    expect(status).toMatch(/^queue\s+kind\s+waiting\s+active/m);
    expect(status).toMatch(/^features-sweep\s+service\s/m);
    expect(status).toMatch(/^ingest\s+pipeline\s+1\s+0/m);
  });

  it('ingest validates its options and enqueues one job; backfill splits a universe into batches under one correlation id', async () => {
    const bad = run('ingest', '--symbols', 'AAPL,not a symbol', '--source', 'synthetic');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('is not a valid symbol');
    const good = run('ingest', '--symbols', 'msft', '--source', 'synthetic', '--start', '2026-03-02T00:00:00Z', '--correlation-id', 'cli-ingest-1');
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/job id:\s+ingest-synthetic-1h-/);
    expect(good.stdout).toMatch(/correlation id:\s+cli-ingest-1/);

    const backfill = run('backfill', '--symbols', 'A,B,C,D,E', '--batch', '2', '--source', 'synthetic', '--start', '2026-03-02T00:00:00Z', '--no-wait');
    expect(backfill.code).toBe(0);
    expect(backfill.stdout).toMatch(/backfill: 5 symbols in 3 ingest jobs, correlation id \S+/);
    // 1 from the earlier enqueue test, 1 ingest, 3 backfill jobs.
    expect(run('queues').stdout).toMatch(/^ingest\s+pipeline\s+5\s+0/m);
  });

  it('features sweep enqueues feature work for bars stored without it, once', async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`INSERT INTO market_data (symbol, timestamp, open, high, low, close, volume, source)
      VALUES ('SWPA', '2026-03-02T14:30:00Z', 10, 11, 9, 10.5, 100, 'synthetic'), ('SWPA', '2026-03-02T15:30:00Z', 10.5, 11, 10, 10.75, 120, 'synthetic')`);
    await client.end();
    const first = run('features', 'sweep');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('1 symbol behind');
    expect(first.stdout).toMatch(/enqueued 1 features job, correlation \S+\n\s+features-synthetic-1h-SWPA-\S+\s+\[2026-03-02T14:30:00.000Z, 2026-03-02T16:30:00.000Z\)/);
    const again = run('features', 'sweep');
    expect(again.stdout).toContain('1 already have a pending features job');
    expect(again.stdout).toContain('enqueued 0 features jobs');
  });
});
