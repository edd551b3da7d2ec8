import { loadFeatureEngineeringConfig } from '@mltrading/config';
import { createDb } from '@mltrading/db';
import { sweepFeatures } from '@mltrading/operations';
import { createQueueClient } from '@mltrading/queues';
import { cliConfig, connectRedis } from '../cli-context.ts';

export interface FeaturesSweepOptions {
  /** Enqueue even for symbols that already have a pending `features` job (the job-id check still applies). */
  includePending?: boolean;
}

/**
 * `mlt features sweep`: the sweep the feature-engineering service runs periodically (`sweepFeatures`), now.
 * Every (symbol, source) whose newest market_data bar is newer than its feature_engine_state (or that
 * has bars and no state) gets a `features` job for the bars it misses, under one correlation id.
 */
export async function featuresSweep(options: FeaturesSweepOptions = {}): Promise<void> {
  // The service's own sweep, so it reads the service's section (INGEST_INTERVAL for symbols without state).
  const config = cliConfig(loadFeatureEngineeringConfig);
  const db = createDb(config.databaseUrl, { poolSize: 1 });
  const connection = await connectRedis(config.redisUrl);
  const queues = createQueueClient({ connection, prefix: config.queuePrefix });
  try {
    const result = await sweepFeatures({ config, db, queues }, { skipPending: !options.includePending });
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    console.log(`${plural(result.behind, 'symbol')} behind (bars newer than their feature state, or no state)`);
    if (result.pending > 0) {
      console.log(`${result.pending} already have a pending features job (they catch up by themselves; --include-pending to enqueue anyway)`);
    }
    for (const refused of result.refused) console.error(`  refused ${refused.symbol}/${refused.source}: ${refused.reason}`);
    console.log(`enqueued ${plural(result.enqueued.length, 'features job')}, correlation ${result.correlationId}`);
    for (const job of result.enqueued) console.log(`  ${job.jobId}  [${job.start}, ${job.end})`);
    if (result.retried.length > 0) {
      console.log(`retried ${plural(result.retried.length, 'failed features job')} (same id, attempts reset)`);
      for (const job of result.retried) console.log(`  ${job.jobId}  [${job.start}, ${job.end})`);
    }
    if (result.alreadyQueued.length > 0) {
      console.log(`${result.alreadyQueued.length} not enqueued: a job with the same id exists`);
      for (const job of result.alreadyQueued) console.log(`  ${job.jobId}  [${job.start}, ${job.end})  already ${job.state}`);
    }
  } finally {
    await queues.close();
    await connection.quit();
    await db.destroy();
  }
}
