import { createDb, storedSpans } from '@mltrading/db';
import { createQueueClient, INTERVALS, SOURCES, type Interval, type Source } from '@mltrading/queues';
import { cliConfig, connectRedis, fail } from '../cli-context.ts';

export interface FeaturesBackfillOptions {
  symbols?: string[];
  source: string;
  interval: string;
}

/**
 * `mlt features backfill [--symbols A,B] [--source yahoo] [--interval 1h]`: one `features` job per
 * symbol covering all its stored bars. A symbol with stored state is recomputed only where its bars
 * changed; without state it is backfilled from its first bar.
 */
export async function featuresBackfill(options: FeaturesBackfillOptions): Promise<void> {
  if (!(SOURCES as readonly string[]).includes(options.source)) fail(`--source must be one of ${SOURCES.join(', ')}`);
  if (!(INTERVALS as readonly string[]).includes(options.interval)) fail(`--interval must be one of ${INTERVALS.join(', ')}`);
  const config = cliConfig();
  const db = createDb(config.databaseUrl, { poolSize: 1 });
  const connection = await connectRedis(config.redisUrl);
  const queues = createQueueClient({ connection, prefix: config.queuePrefix });
  try {
    const symbols = options.symbols?.map((s) => s.trim().toUpperCase()).filter(Boolean);
    const rows = await storedSpans(db, { source: options.source, symbols });
    const missing = (symbols ?? []).filter((s) => !rows.some((r) => r.symbol === s));
    if (missing.length > 0) console.error(`no ${options.source} bars for: ${missing.join(', ')}`);
    const jobs = await queues.enqueueBulk(
      'features',
      rows.map((r) => ({
        symbol: r.symbol,
        interval: options.interval as Interval,
        source: options.source as Source,
        start: r.first.toISOString(),
        end: new Date(r.last.getTime() + 1).toISOString(),
      })),
    );
    console.log(`enqueued ${jobs.length} features jobs (${options.source}, ${options.interval})`);
    for (const job of jobs.slice(0, 20)) console.log(`  ${job.jobId}  correlation ${job.correlationId}`);
    if (jobs.length > 20) console.log(`  … and ${jobs.length - 20} more`);
  } finally {
    await queues.close();
    // A producer that never sent a command may still be connecting: quit would be refused offline.
    if (connection.status === 'ready') await connection.quit();
    else connection.disconnect();
    await db.destroy();
  }
}
