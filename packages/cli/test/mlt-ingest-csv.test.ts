import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createQueueClient, createRedisConnection } from '@mltrading/queues';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliHarness, redisUrl } from './support/cli-harness.ts';

// `mlt ingest --csv` only enqueues (the ingestion service reads the file), so Redis is all it needs.
const cli = cliHarness('csv');
const { run } = cli;
const connection = createRedisConnection(redisUrl, 'worker');
const client = createQueueClient({ connection, prefix: cli.prefix });
let folder: string;

async function enqueuedPayload(stdout: string) {
  const jobId = /job id:\s+(\S+)/.exec(stdout)?.[1];
  expect(jobId).toBeDefined();
  return (await client.queue('ingest').getJob(jobId!))?.data;
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'mlt-cli-csv-'));
});
afterAll(async () => {
  await client.close();
  await connection.quit();
  await cli.cleanUp();
  await rm(folder, { recursive: true, force: true });
});

describe('mlt ingest --csv', () => {
  it("enqueues a csv ingest of the file's symbols with the file's absolute path", async () => {
    // A spreadsheet export: byte-order mark, quoted header names, quoted cells with a comma, a
    // doubled quote and a line break, before the symbol column.
    const file = join(folder, 'bars.csv');
    await writeFile(file, [
      '\ufeff"Name","Symbol",Timestamp,Open,High,Low,Close,Volume',
      '"Apple, Inc.",aapl,2026-03-02T14:30:00Z,10,11,9,10.5,1000',
      '"Microsoft ""MS"", Corp.",MSFT,2026-03-02T14:30:00Z,10,11,9,10.5,1000',
      '"Apple,\nInc.",aapl,2026-03-02T15:30:00Z,10,11,9,10.5,1000',
      '',
    ].join('\r\n'));
    const { code, stdout, stderr } = run('ingest', '--csv', file);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/job id:\s+ingest-csv-1h-/);
    expect(await enqueuedPayload(stdout)).toMatchObject({ symbols: ['AAPL', 'MSFT'], source: 'csv', csvPath: file });
  });

  it('takes --symbols for a file without a symbol column, and refuses such a file without them', async () => {
    const file = join(folder, 'one.csv');
    await writeFile(file, 'date,open,high,low,close,volume\n2026-03-02,10,11,9,10.5,1000\n');
    const refused = run('ingest', '--csv', file);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('has no symbol column: give --symbols');
    const ok = run('ingest', '--csv', file, '--symbols', 'nvda', '--interval', '1d');
    expect(ok.code).toBe(0);
    expect(await enqueuedPayload(ok.stdout)).toMatchObject({ symbols: ['NVDA'], interval: '1d', source: 'csv', csvPath: file });
  });

  it('refuses a file with a bad symbol with the reason, and a missing file', async () => {
    const file = join(folder, 'bad.csv');
    await writeFile(file, "symbol,timestamp,open,high,low,close,volume\nAAPL'; DROP TABLE market_data,2026-03-02T14:30:00Z,10,11,9,10.5,1000\n");
    const bad = run('ingest', '--csv', file);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('is not a valid symbol');
    const missing = run('ingest', '--csv', join(folder, 'nope.csv'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read');
  });
});
