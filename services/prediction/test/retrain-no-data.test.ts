import type { PredictionConfig } from '@mltrading/config';
// The weekly retraining runs its first job when the schedule is created (service start). With
// nothing new to learn from it must not train: a model whose universe has no feature row in the
// rolling window (an empty or not yet ingested database) or none since its own window ended is
// skipped with the reason logged, and no train job is added.
import { parsePayload } from '@mltrading/queues';
import type { ServiceContext } from '@mltrading/service-kit';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processTrainJob, retrainActiveModels, retrainTask, RETRAIN_QUEUE, type RetrainResult, type TrainJobResult } from '../src/index.ts';
import { capturingLogger, createHarness, DAY, iso, REDIS_URL, seedFeatures, type Harness } from './support/fixtures.ts';

let h: Harness;
// Feature rows end long before the wall clock: the rolling window of a retrain at start-up is empty.
const DATA_END = Date.UTC(2025, 0, 31, 21, 0);
const SYMBOLS = ['NODATA1', 'NODATA2'];
let trained: TrainJobResult;

beforeAll(async () => {
  h = await createHarness();
  await seedFeatures(h.t.db, SYMBOLS, { days: 60, now: DATA_END, seed: 33, predictability: 0.3 });
  trained = await processTrainJob(
    parsePayload('train', {
      name: 'stale', kind: 'logistic', predictionType: 'price_direction', symbols: SYMBOLS, interval: '1h', source: 'synthetic',
      start: iso(DATA_END - 60 * DAY), end: iso(DATA_END - 10 * DAY), horizon: 1, features: ['returns', 'rsi_1d'], hyperparameters: { l2: 1 }, folds: 3,
      promoteAbove: -1e9, // active whatever it learned: this file is about when retraining runs
    }),
    { db: h.t.db, logger: capturingLogger().logger },
  );
});
afterAll(() => h?.close());

const context = (logger = capturingLogger().logger) =>
  ({ db: h.t.db, queues: h.queues, logger, config: { redisUrl: REDIS_URL, queuePrefix: h.prefix, predictionRetrainEveryMs: 7 * DAY } }) as unknown as ServiceContext<PredictionConfig>;

describe('retraining without new data', () => {
  it('skips, with the reason logged, the first run at start-up when the window holds no feature rows', async () => {
    expect(trained.status).toBe('active');
    const { logger, lines } = capturingLogger();
    const task = await retrainTask().start(context(logger));
    const queue = new Queue(RETRAIN_QUEUE, { connection: h.redis, prefix: h.prefix });
    try {
      const deadline = Date.now() + 60_000;
      let completed = await queue.getCompleted();
      while (completed.length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        completed = await queue.getCompleted();
      }
      expect(completed).toHaveLength(1);
      const result = completed[0]!.returnvalue as RetrainResult;
      expect(result.jobIds).toEqual([]);
      expect(result.skipped).toEqual([{ modelId: trained.modelId, reason: expect.stringMatching(/^no feature rows of its 2 symbol\(s\) in \[/) }]);
      expect(await h.queues.queue('train').getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed')).toEqual({ waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 });
      const line = lines.find((l) => String(l['msg']).startsWith('retraining:'));
      expect(line?.['msg']).toMatch(/0 train job\(s\) enqueued, 1 model\(s\) skipped: .*no feature rows/);
    } finally {
      await task.stop();
      await queue.close();
    }
  });

  it('skips a model whose universe has no bar after its training window, and trains once there is one', async () => {
    // The window ends at the model's own window end: every row in it was already seen.
    const unchanged = await retrainActiveModels(context(), new Date(DATA_END - 10 * DAY));
    expect(unchanged.jobIds).toEqual([]);
    expect(unchanged.skipped[0]?.reason).toMatch(/^no new bars since its training window ended at/);
    // A day later the window holds new bars: one train job.
    const later = await retrainActiveModels(context(), new Date(DATA_END - 9 * DAY));
    expect(later.skipped).toEqual([]);
    expect(later.jobIds).toHaveLength(1);
  });
});
