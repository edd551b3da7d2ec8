import { createDb, findFeaturesBehind } from '@mltrading/db';
import { newCorrelationId } from '@mltrading/logging';
import { createQueueClient, createRedisConnection, featuresPayloadSchema, type PayloadInput } from '@mltrading/queues';
import { cliConfig } from '../cli-context.ts';

const PENDING_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'] as const;

export interface FeaturesSweepOptions {
  /** Enqueue even for symbols that already have a pending `features` job (the job-id check still applies). */
  includePending?: boolean;
}

/**
 * `mlt features sweep`: the feature-engineering service's periodic sweep, now. Every (symbol, source)
 * whose newest market_data bar is newer than its feature_engine_state (or that has bars and no state)
 * gets a `features` job for [first bar after the state (or first bar), newest bar + 1 interval), under
 * one correlation id; the interval is the state's, else INGEST_INTERVAL. Same steps as the service's
 * `sweepFeatures` (services/feature-engineering/src/sweep/sweep-features.ts): the CLI does not depend
 * on the service, so the query lives in `@mltrading/db` and the few enqueue lines are repeated here.
 */
export async function featuresSweep(options: FeaturesSweepOptions = {}): Promise<void> {
  const config = cliConfig();
  const db = createDb(config.databaseUrl, { poolSize: 1 });
  const connection = createRedisConnection(config.redisUrl, 'producer');
  const queues = createQueueClient({ connection, prefix: config.queuePrefix });
  try {
    const correlationId = newCorrelationId();
    const behind = await findFeaturesBehind(db, { defaultInterval: config.ingestInterval });
    console.log(`${behind.length} symbol${behind.length === 1 ? '' : 's'} behind (bars newer than their feature state, or no state)`);
    if (behind.length === 0) return;

    const queue = queues.queue('features');
    const pending = new Set<string>();
    if (!options.includePending) {
      for (let from = 0; ; from += 1_000) {
        const jobs = await queue.getJobs([...PENDING_STATES], from, from + 999);
        for (const job of jobs) if (job?.data) pending.add(`${job.data.source}|${job.data.interval}|${job.data.symbol}`);
        if (jobs.length === 0) break;
      }
    }
    const inputs: PayloadInput<'features'>[] = [];
    let skipped = 0;
    for (const row of behind) {
      if (pending.has(`${row.source}|${row.interval}|${row.symbol}`)) {
        skipped += 1;
        continue;
      }
      const input = { symbol: row.symbol, interval: row.interval, source: row.source, start: row.start, end: row.end, correlationId };
      const parsed = featuresPayloadSchema.safeParse(input);
      if (!parsed.success) {
        console.error(`  refused ${row.symbol}/${row.source}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
        continue;
      }
      inputs.push(input as PayloadInput<'features'>);
    }
    if (skipped > 0) console.log(`${skipped} already have a pending features job (they catch up by themselves; --include-pending to enqueue anyway)`);

    const added = await queues.enqueueBulk('features', inputs);
    const fresh: string[] = [];
    const existing: string[] = [];
    for (const [index, { jobId }] of added.entries()) {
      const job = await queue.getJob(jobId);
      const line = `  ${jobId}  [${inputs[index]!.start}, ${inputs[index]!.end})`;
      // BullMQ ignores an add whose job id exists: that job carries another flow's correlation id.
      if (job !== undefined && job.data.correlationId !== correlationId) existing.push(`${line}  already ${await job.getState()}`);
      else fresh.push(line);
    }
    console.log(`enqueued ${fresh.length} features job${fresh.length === 1 ? '' : 's'}, correlation ${correlationId}`);
    for (const line of fresh) console.log(line);
    if (existing.length > 0) {
      console.log(`${existing.length} not enqueued: a job with the same id exists`);
      for (const line of existing) console.log(line);
    }
  } finally {
    await queues.close();
    // A producer that never sent a command may still be connecting: quit would be refused offline.
    if (connection.status === 'ready') await connection.quit();
    else connection.disconnect();
    await db.destroy();
  }
}
