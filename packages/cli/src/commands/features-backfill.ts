import { createDb } from '@mltrading/db';
import { planFeaturesBackfill } from '@mltrading/operations';
import { createQueueClient } from '@mltrading/queues';
import { cliConfig, connectRedis, refusing } from '../cli-context.ts';
import { refuseSourceWithoutBars } from '../source-check.ts';

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
  const config = cliConfig();
  const db = createDb(config.databaseUrl, { poolSize: 1 });
  // Planning refuses a bad --source or --interval before any server is asked.
  let plan;
  try {
    plan = await refusing(() => planFeaturesBackfill(db, options));
    if (plan.payloads.length === 0) await refuseSourceWithoutBars(db, options.source);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const connection = await connectRedis(config.redisUrl);
  const queues = createQueueClient({ connection, prefix: config.queuePrefix });
  try {
    if (plan.missing.length > 0) console.error(`no ${options.source} bars for: ${plan.missing.join(', ')}`);
    const jobs = await queues.enqueueBulk('features', plan.payloads);
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
