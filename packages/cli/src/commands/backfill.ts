import { readFileSync } from 'node:fs';
import { newCorrelationId } from '@mltrading/logging';
import { jobProgress, planBackfill, refuseInvalid, type FailedJob } from '@mltrading/operations';
import { createQueueClient } from '@mltrading/queues';
import { SingleBar } from 'cli-progress';
import { cliConfig, connectRedis, fail, refusing } from '../cli-context.ts';
import { describeFailedJobs } from '../failed-jobs.ts';
import { splitList } from './ingest.ts';

export interface BackfillOptions {
  symbols?: string;
  universe?: string;
  interval?: string;
  source?: string;
  start: string;
  end?: string;
  batch: number;
  wait: boolean;
}

/**
 * `mlt backfill`: enqueues a range for a universe as ingest jobs of `--batch` symbols each, all
 * under one correlation id, and (unless --no-wait) shows a progress bar until every job finished.
 */
export async function backfill(options: BackfillOptions): Promise<void> {
  const symbols = options.symbols ? splitList(options.symbols) : options.universe ? universeFile(options.universe) : [];
  if (symbols.length === 0) fail('give --symbols (comma-separated) or --universe FILE (one symbol per line)');
  const correlationId = newCorrelationId();
  const { interval, source, start, end } = options;
  const payloads = await refusing(() => planBackfill({ symbols, batch: options.batch, interval, source, start, end, correlationId }));

  const { redisUrl, queuePrefix } = cliConfig();
  const connection = await connectRedis(redisUrl);
  const client = createQueueClient({ connection, prefix: queuePrefix });
  try {
    const jobIds = (await refusing(() => refuseInvalid('invalid backfill', () => client.enqueueBulk('ingest', payloads)))).map((r) => r.jobId);
    console.log(`backfill: ${symbols.length} symbols in ${jobIds.length} ingest jobs, correlation id ${correlationId}`);
    if (!options.wait) return;

    const progress = new SingleBar({ format: 'ingest jobs [{bar}] {value}/{total} | failed {failed} | {duration}s', hideCursor: true });
    progress.start(jobIds.length, 0, { failed: 0 });
    const queue = client.queue('ingest');
    let open = jobIds;
    const failed: FailedJob[] = [];
    while (open.length > 0) {
      const progressNow = await jobProgress(queue, open);
      failed.push(...progressNow.failed);
      open = progressNow.open;
      progress.update(jobIds.length - open.length, { failed: failed.length });
      if (open.length > 0) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    progress.stop();
    if (failed.length > 0) fail(`${failed.length} of ${jobIds.length} ingest jobs failed:\n${describeFailedJobs(failed)}`);
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
