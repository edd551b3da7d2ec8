import { createQueueClient, InvalidPayloadError, type PayloadInput } from '@mltrading/queues';
import { SingleBar } from 'cli-progress';
import { cliConfig, connectRedis, fail } from '../cli-context.ts';
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
  horizon: string;
  embargo?: string;
  features: string;
  hyperparameters?: string;
  seed: string;
  folds: string;
  promoteAbove: string;
  wait: boolean;
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
    horizon: Number(options.horizon),
    ...(options.embargo === undefined ? {} : { embargo: Number(options.embargo) }),
    features: options.features === 'all' ? 'all' : splitList(options.features),
    hyperparameters,
    seed: Number(options.seed),
    folds: Number(options.folds),
    promoteAbove: options.promoteAbove === 'never' ? null : Number(options.promoteAbove),
  } as PayloadInput<'train'>;

  const { redisUrl, queuePrefix } = cliConfig();
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
      const job = await queue.getJob(jobId);
      const state = await job?.getState();
      const p = job?.progress as { stage?: string; percent?: number } | undefined;
      if (p && typeof p === 'object') progress.update(p.percent ?? 0, { stage: p.stage ?? '' });
      if (job === undefined || state === 'completed' || state === 'failed') {
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
