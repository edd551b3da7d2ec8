import { defineWorker, type WorkerDefinition } from '@mltrading/service-kit';
import { ModelCache } from './predict/model-cache.ts';
import { processPredictJob } from './predict/process-predict-job.ts';
import { processTrainJob } from './train/process-train-job.ts';

export interface PredictionWorkersOptions {
  /** Shared by the predict jobs of this process (tests pass their own to look into it). */
  readonly cache?: ModelCache;
  /** Parallel train jobs per process (default 1: training is CPU-bound and blocks its event loop). */
  readonly trainConcurrency?: number;
}

/** The queues this service consumes: `train` and `predict`. */
export function predictionWorkers({ cache = new ModelCache(), trainConcurrency = 1 }: PredictionWorkersOptions = {}): WorkerDefinition[] {
  return [
    defineWorker({
      queue: 'train',
      concurrency: trainConcurrency,
      // Fitting runs synchronously between awaits: a long lock keeps BullMQ from calling a busy job stalled.
      workerOptions: { lockDuration: 600_000, stalledInterval: 300_000 },
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
