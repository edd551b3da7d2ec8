import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { jobProgress, refuseInvalid } from '@mltrading/operations';
import { createQueueClient, type PayloadInput } from '@mltrading/queues';
import { cliConfig, connectRedis, fail, refusing } from '../cli-context.ts';
import { describeFailedJobs } from '../failed-jobs.ts';

export interface IngestOptions {
  symbols?: string;
  interval?: string;
  source?: string;
  start?: string;
  end?: string;
  csv?: string;
  correlationId?: string;
  wait?: boolean;
}

/** `mlt ingest`: enqueues one validated ingest job and prints its job id and correlation id. */
export async function ingest(options: IngestOptions): Promise<void> {
  const csvPath = options.csv === undefined ? undefined : resolve(options.csv);
  const symbols = options.symbols ? splitList(options.symbols) : csvPath ? symbolsInCsv(csvPath) : [];
  if (symbols.length === 0) fail('give --symbols (comma-separated), or --csv FILE with a symbol column');
  const payload = {
    symbols,
    interval: options.interval,
    source: csvPath ? 'csv' : options.source,
    start: options.start,
    end: options.end,
    csvPath,
    correlationId: options.correlationId,
  } as PayloadInput<'ingest'>;

  const { redisUrl, queuePrefix } = cliConfig();
  const connection = await connectRedis(redisUrl);
  const client = createQueueClient({ connection, prefix: queuePrefix });
  try {
    const { jobId, correlationId } = await refusing(() => refuseInvalid('invalid ingest', () => client.enqueue('ingest', withoutUndefined(payload))));
    console.log(`queue:          ingest\njob id:         ${jobId}\ncorrelation id: ${correlationId}`);
    if (!options.wait) return;
    for (;;) {
      const { open, failed } = await jobProgress(client.queue('ingest'), [jobId]);
      if (failed.length > 0) fail(`the ingest job failed:\n${describeFailedJobs(failed)}`);
      if (open.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    console.log(`completed; the flow: mlt trace ${correlationId}`);
  } finally {
    await client.close();
    await connection.quit();
  }
}

export function splitList(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

/** The distinct values of a CSV file's `symbol` column (the ingest job reads the rows itself). */
function symbolsInCsv(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    fail(`cannot read ${path}: ${(error as Error).message}`);
  }
  const [header = [], ...rows] = csvRows(text);
  const column = header.map((name) => name.trim().toLowerCase()).indexOf('symbol');
  if (column < 0) fail(`${path} has no symbol column: give --symbols`);
  const symbols = new Set<string>();
  for (const row of rows) {
    const value = row[column]?.trim();
    if (value) symbols.add(value.toUpperCase());
  }
  return [...symbols];
}

/**
 * RFC 4180 rows: quoted fields may hold commas, doubled quotes and line breaks. Spreadsheet
 * exports quote names such as "Apple, Inc.", which a plain split would take for two columns.
 */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') field += text[++i];
      else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      rows.push([...row, field]);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
