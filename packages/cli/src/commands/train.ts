import { createQueueClient, InvalidPayloadError, type PayloadInput } from '@mltrading/queues';
import { SingleBar } from 'cli-progress';
import { createDb } from '@mltrading/db';
import { cliConfig, connectRedis, fail } from '../cli-context.ts';
import { refuseSourceWithoutBars } from '../source-check.ts';
import { splitList } from './ingest.ts';

export interface TrainOptions {
  name: string;
  kind: string;
  type: string;
  symbols: string;
  interval: string;
  source: string;
  start: string;
  end: string;
  horizon: number;
  embargo?: number;
  features: string;
  hyperparameters?: string;
  seed: number;
  folds: number;
  promoteAbove: number | null;
  wait: boolean;
  /** --source was not given: the default (yahoo) applies. */
  sourceDefaulted?: boolean;
}

/**
 * `mlt train`: validates and enqueues one `train` job, then (unless --no-wait) shows the job's
 * progress until it finished and prints the outcome: model id, status, the interval of the
 * model-minus-baseline difference and why it was (not) promoted.
 */
export async function train(options: TrainOptions): Promise<void> {
  let hyperparameters: Record<string, unknown> = {};
  if (options.hyperparameters !== undefined) {
    try {
      hyperparameters = JSON.parse(options.hyperparameters) as Record<string, unknown>;
    } catch {
      fail(`--hyperparameters is not valid JSON: ${options.hyperparameters}`);
    }
  }
  const input = {
    name: options.name,
    kind: options.kind,
    predictionType: options.type,
    symbols: splitList(options.symbols),
    interval: options.interval,
    source: options.source,
    start: options.start,
    end: options.end,
    horizon: options.horizon,
    ...(options.embargo === undefined ? {} : { embargo: options.embargo }),
    features: options.features === 'all' ? 'all' : splitList(options.features),
    hyperparameters,
    seed: options.seed,
    folds: options.folds,
    promoteAbove: options.promoteAbove,
  } as PayloadInput<'train'>;

  const { databaseUrl, redisUrl, queuePrefix } = cliConfig();
  if (options.sourceDefaulted) {
    // An explicit --source is the operator's choice (the job says why when it finds no rows); the
    // default one on a database of other sources is a slip worth stopping before anything queues.
    const db = createDb(databaseUrl, { poolSize: 1, applicationName: 'mlt' });
    try {
      await refuseSourceWithoutBars(db, options.source);
    } finally {
      await db.destroy();
    }
  }
  const connection = await connectRedis(redisUrl);
  const client = createQueueClient({ connection, prefix: queuePrefix });
  try {
    let jobId: string;
    let correlationId: string;
    try {
      ({ jobId, correlationId } = await client.enqueue('train', input));
    } catch (error) {
      if (error instanceof InvalidPayloadError) fail(`invalid train job: ${error.message}`);
      throw error;
    }
    console.log(`job id:         ${jobId}\ncorrelation id: ${correlationId}`);
    if (!options.wait) return;
    const queue = client.queue('train');
    const progress = new SingleBar({ format: 'train [{bar}] {percentage}% | {stage} | {duration}s', hideCursor: true });
    progress.start(100, 0, { stage: 'waiting' });
    for (;;) {
      // State first, then the job: the other order can see a job completed in between as
      // completed with the data of its active self (no return value yet).
      const state = await queue.getJobState(jobId);
      const job = await queue.getJob(jobId);
      const p = job?.progress as { stage?: string; percent?: number } | undefined;
      if (p && typeof p === 'object') progress.update(p.percent ?? 0, { stage: p.stage ?? '' });
      if (job === undefined || state === 'unknown' || state === 'completed' || state === 'failed') {
        progress.stop();
        if (job === undefined) fail(`job ${jobId} is gone (removed after completion?)`);
        if (state === 'failed') fail(`train job failed: ${job.failedReason}`);
        const r = job.returnvalue as { modelId: string; status: string; promotion: string; interval: { comparison: string; estimate: number; lower: number; upper: number } };
        console.log(`model ${r.modelId}: ${r.status}`);
        console.log(`${r.interval.comparison} difference (model − baseline, positive = better): ${r.interval.estimate.toFixed(6)} [${r.interval.lower.toFixed(6)}, ${r.interval.upper.toFixed(6)}]`);
        console.log(r.promotion);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await client.close();
    await connection.quit();
  }
}
