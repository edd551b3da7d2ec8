import { defineWorker, type WorkerDefinition } from '@mltrading/service-kit';
import { ModelCache } from './predict/model-cache.ts';
import { processPredictJob } from './predict/process-predict-job.ts';
import { processTrainJob } from './train/process-train-job.ts';

export interface PredictionWorkersOptions {
  /** Shared by the predict jobs of this process (tests pass their own to look into it). */
  readonly cache?: ModelCache;
  /**
   * Parallel train jobs per process (default 1). Each runs its fitting in a worker thread of its own,
   * so training never blocks predict jobs; one at a time leaves the other core to them.
   */
  readonly trainConcurrency?: number;
}

/** The queues this service consumes: `train` and `predict`. */
export function predictionWorkers({ cache = new ModelCache(), trainConcurrency = 1 }: PredictionWorkersOptions = {}): WorkerDefinition[] {
  return [
    defineWorker({
      queue: 'train',
      // Its own concurrency, apart from predict's (WORKER_CONCURRENCY): a long train job holds one
      // train slot and a training thread, never a predict slot or the event loop.
      concurrency: trainConcurrency,
      handler: (payload, job, context) => processTrainJob(payload, context, (progress) => job.updateProgress(progress)),
    }),
    defineWorker({
      queue: 'predict',
      handler: async (payload, job, context) => {
        const result = await processPredictJob(payload, context, cache);
        context.logger.info({ jobId: job.id, symbol: payload.symbol, predictions: result.predictions, skippedBars: result.skippedBars, failedModels: result.failedModels }, 'predictions written');
        return result;
      },
    }),
  ];
}
