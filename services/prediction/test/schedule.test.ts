// The schedules: two replicas share one sweep schedule and one weekly retraining schedule; the
// retraining enqueues a rolling-window train job per active model, once, which registers a new model
// under the same promotion rule.
import { loadPredictionConfig, type PredictionConfig } from '@mltrading/config';
import { getModel, listModels, retireModel } from '@mltrading/db';
import { parsePayload, type PayloadInput } from '@mltrading/queues';
import { runService, type RunningService } from '@mltrading/service-kit';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  predictionSweepTask,
  predictionWorkers,
  processTrainJob,
  retrainActiveModels,
  retrainTask,
  PREDICTION_SWEEP_QUEUE,
  PREDICTION_SWEEP_SCHEDULER_ID,
  RETRAIN_QUEUE,
  RETRAIN_SCHEDULER_ID,
  type TrainJobResult,
} from '../src/index.ts';
import { capturingLogger, createHarness, DAY, finished, iso, seedFeatures, type Harness } from './support/fixtures.ts';

let h: Harness;
const replicas: RunningService<PredictionConfig>[] = [];
const NOW = Date.UTC(2026, 10, 27, 21, 0);
const SYMBOLS = ['SCH0', 'SCH1'];
let original: TrainJobResult;
const ORIGINAL = {
  name: 'weekly', kind: 'logistic', predictionType: 'price_direction', symbols: SYMBOLS, interval: '1h', source: 'synthetic',
  start: iso(NOW - 90 * DAY), end: iso(NOW - 30 * DAY), horizon: 1, features: ['returns', 'rsi_1d'], hyperparameters: { l2: 1 }, folds: 3, seed: 4,
} satisfies PayloadInput<'train'>;

beforeAll(async () => {
  h = await createHarness();
  await seedFeatures(h.t.db, SYMBOLS, { days: 90, now: NOW, seed: 21, predictability: 0.3 });
  original = await processTrainJob(parsePayload('train', ORIGINAL), { db: h.t.db, logger: capturingLogger().logger });
  for (const name of ['prediction-a', 'prediction-b']) {
    replicas.push(await runService({ name, config: loadPredictionConfig, workers: predictionWorkers(), tasks: [predictionSweepTask(), retrainTask()] }, h.env));
  }
});
afterAll(async () => {
  for (const service of replicas) await service.shutdown();
  await h?.close();
});

describe('schedules', () => {
  it('has one sweep schedule (15 min) and one retraining schedule (weekly) with two replicas', async () => {
    for (const [queueName, schedulerId, every] of [
      [PREDICTION_SWEEP_QUEUE, PREDICTION_SWEEP_SCHEDULER_ID, 900_000],
      [RETRAIN_QUEUE, RETRAIN_SCHEDULER_ID, 604_800_000],
    ] as const) {
      const queue = new Queue(queueName, { connection: h.redis, prefix: h.prefix });
      try {
        expect(await queue.getJobSchedulersCount(), queueName).toBe(1);
        expect((await queue.getJobScheduler(schedulerId))?.every, queueName).toBe(every);
      } finally {
        await queue.close();
      }
    }
  });

  it('retraining: a rolling window of the same length ending at the last whole bar, enqueued once, same rule', async () => {
    expect(original.promoted).toBe(true);
    const now = new Date(NOW + 20 * 60_000); // 21:20 → the window ends at 21:00
    const context = replicas[0]!.context;
    // BullMQ ran the retraining schedule's first job at start-up (with the wall clock as now); wait
    // for the train jobs it may have added so they do not race the one below.
    const train = h.queues.queue('train');
    const deadline = Date.now() + 120_000;
    while ((await train.getJobCountByTypes('waiting', 'active', 'delayed', 'prioritized')) > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // That start-up run retrained 'weekly' on a window ending at the wall clock (after all the data),
    // so a retrain at `now` would rightly skip it (no new bars). Start from a model of its own
    // whose window ends 30 days before the data do.
    for (const model of await listModels(h.t.db, { status: 'active' })) await retireModel(h.t.db, model.model_id);
    const weekly = await processTrainJob(parsePayload('train', { ...ORIGINAL, name: 'weekly-2' }), { db: h.t.db, logger: capturingLogger().logger });
    expect(weekly.promoted).toBe(true);
    const first = await retrainActiveModels(context, now);
    const second = await retrainActiveModels(context, now);
    expect(first.skipped).toEqual([]);
    expect(first.jobIds).toHaveLength(1);
    expect(second.jobIds).toEqual(first.jobIds);
    const job = (await train.getJob(first.jobIds[0]!))!;
    expect(job.data).toMatchObject({
      name: 'weekly-2', kind: 'logistic', symbols: SYMBOLS, features: ['returns', 'rsi_1d'], hyperparameters: { l2: 1 }, seed: 4, horizon: 1, promoteAbove: 0,
      start: iso(NOW - 60 * DAY), end: iso(NOW),
    });
    const done = await finished(h, 'train', job.id!);
    expect(await done.getState(), done.failedReason).toBe('completed');
    const result = done.returnvalue as TrainJobResult;
    expect(result.modelId).not.toBe(weekly.modelId);
    // The same rule: the new window still has the planted edge, so it replaces the old model.
    expect(result.promoted).toBe(result.interval.lower > 0);
    if (result.promoted) expect((await getModel(h.t.db, weekly.modelId))!.status).toBe('retired');
    expect((await listModels(h.t.db, { name: 'weekly-2', status: 'active' })).length).toBe(1);
  });
});
