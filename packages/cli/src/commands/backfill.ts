import { readFileSync } from 'node:fs';
import { newCorrelationId } from '@mltrading/logging';
import { createQueueClient, InvalidPayloadError, type PayloadInput } from '@mltrading/queues';
import { SingleBar } from 'cli-progress';
import { cliConfig, connectRedis, fail } from '../cli-context.ts';
import { splitList } from './ingest.ts';

export interface BackfillOptions {
  symbols?: string;
  universe?: string;
  interval?: string;
  source?: string;
  start: string;
  end?: string;
  batch: string;
  wait: boolean;
}

/**
 * `mlt backfill`: enqueues a range for a universe as ingest jobs of `--batch` symbols each, all
 * under one correlation id, and (unless --no-wait) shows a progress bar until every job finished.
 */
export async function backfill(options: BackfillOptions): Promise<void> {
  const symbols = options.symbols ? splitList(options.symbols) : options.universe ? universeFile(options.universe) : [];
  if (symbols.length === 0) fail('give --symbols (comma-separated) or --universe FILE (one symbol per line)');
  const batch = Number(options.batch);
  if (!Number.isInteger(batch) || batch < 1 || batch > 2000) fail('--batch must be an integer from 1 to 2000');

  const correlationId = newCorrelationId();
  const payloads: PayloadInput<'ingest'>[] = [];
  for (let i = 0; i < symbols.length; i += batch) {
    payloads.push({
      symbols: symbols.slice(i, i + batch),
      interval: options.interval as PayloadInput<'ingest'>['interval'],
      source: options.source as PayloadInput<'ingest'>['source'],
      start: options.start,
      ...(options.end === undefined ? {} : { end: options.end }),
      correlationId,
    });
  }

  const { redisUrl, queuePrefix } = cliConfig();
  const connection = await connectRedis(redisUrl);
  const client = createQueueClient({ connection, prefix: queuePrefix });
  try {
    let jobIds: string[];
    try {
      jobIds = (await client.enqueueBulk('ingest', payloads)).map((r) => r.jobId);
    } catch (error) {
      if (error instanceof InvalidPayloadError) fail(`invalid backfill: ${error.message}`);
      throw error;
    }
    console.log(`backfill: ${symbols.length} symbols in ${jobIds.length} ingest jobs, correlation id ${correlationId}`);
    if (!options.wait) return;

    const progress = new SingleBar({ format: 'ingest jobs [{bar}] {value}/{total} | failed {failed} | {duration}s', hideCursor: true });
    progress.start(jobIds.length, 0, { failed: 0 });
    const queue = client.queue('ingest');
    const open = new Set(jobIds);
    let failed = 0;
    while (open.size > 0) {
      for (const id of [...open]) {
        const state = await (await queue.getJob(id))?.getState();
        if (state === 'completed' || state === 'failed' || state === undefined) {
          open.delete(id);
          if (state !== 'completed') failed++;
        }
      }
      progress.update(jobIds.length - open.size, { failed });
      if (open.size > 0) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    progress.stop();
    if (failed > 0) fail(`${failed} of ${jobIds.length} ingest jobs failed: see \`mlt queues\` and error_logs`);
  } finally {
    await client.close();
    await connection.quit();
  }
}

function universeFile(path: string): string[] {
  try {
    return readFileSync(path, 'utf8').split(/\r?\n/).map((s) => s.trim()).filter((s) => s.length > 0 && !s.startsWith('#'));
  } catch (error) {
    fail(`cannot read ${path}: ${(error as Error).message}`);
  }
}
