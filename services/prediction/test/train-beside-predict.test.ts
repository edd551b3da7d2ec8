import { loadPredictionConfig } from '@mltrading/config';
// Training runs in a worker thread: while a long train job fits, the same process keeps taking and
// completing predict jobs (before, the fit held the event loop and predict jobs waited for it).
import { parsePayload, type PayloadInput } from '@mltrading/queues';
import { runService, type RunningService } from '@mltrading/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predictionWorkers, processTrainJob, type PredictJobResult, type TrainJobResult, type TrainProgress } from '../src/index.ts';
import { capturingLogger, createHarness, DAY, finished, iso, seedFeatures, type Harness } from './support/fixtures.ts';

let h: Harness;
let service: RunningService;
const NOW = Date.UTC(2026, 10, 27, 21, 0);
const SYMBOLS = ['TBP1', 'TBP2', 'TBP3', 'TBP4'];
let times: Map<string, Float64Array>;

const base = {
  predictionType: 'price_direction',
  symbols: SYMBOLS,
  interval: '1h',
  source: 'synthetic',
  start: iso(NOW - 150 * DAY),
  end: iso(NOW),
  horizon: 1,
} as const;

beforeAll(async () => {
  h = await createHarness();
  times = await seedFeatures(h.t.db, SYMBOLS, { days: 150, now: NOW, seed: 8, predictability: 0.3 });
  // The model the predict jobs use: small, active.
  await processTrainJob(
    parsePayload('train', { ...base, name: 'serving', kind: 'logistic', features: ['returns', 'rsi_1d'], hyperparameters: { l2: 1 }, folds: 3, promoteAbove: -1e9 }),
    { db: h.t.db, logger: capturingLogger().logger },
  );
  service = await runService({ name: 'prediction-train-beside-predict-test', config: loadPredictionConfig, workers: predictionWorkers() }, h.env);
});
afterAll(async () => {
  await service?.shutdown();
  await h?.close();
});

describe('training off the predict path', () => {
  it('completes predict jobs while a long train job is running in the same process', async () => {
    // Long on purpose: every v3.0 feature, deep trees, many rounds, no early stopping.
    const long: PayloadInput<'train'> = {
      ...base,
      name: 'long-gbdt',
      kind: 'gbdt',
      features: 'all',
      hyperparameters: { rounds: 300, maxDepth: 5, learningRate: 0.02, minSamplesLeaf: 5, subsample: 1, colsampleByTree: 1, validationFraction: 0 },
      folds: 5,
      promoteAbove: null, // leaves the serving model alone
    };
    const { jobId: trainId } = await h.queues.enqueue('train', long);
    const train = h.queues.queue('train');
    const deadline = Date.now() + 120_000;
    let stage: TrainProgress['stage'] | undefined;
    while (stage !== 'evaluating' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      stage = ((await train.getJob(trainId))?.progress as TrainProgress | undefined)?.stage;
    }
    expect(stage, 'the train job reached its fitting stage').toBe('evaluating');

    const results: PredictJobResult[] = [];
    for (const symbol of SYMBOLS.slice(0, 3)) {
      const timestamps = [...times.get(symbol)!.slice(-3)].map(iso);
      const { jobId } = await h.queues.enqueue('predict', { symbol, interval: '1h', source: 'synthetic', timestamps, correlationId: `beside-${symbol}` });
      const job = await finished(h, 'predict', jobId);
      expect(await job.getState(), job.failedReason).toBe('completed');
      results.push(job.returnvalue as PredictJobResult);
    }
    // Every predict job finished while the train job was still fitting.
    const during = await train.getJob(trainId);
    expect(await during!.getState()).toBe('active');
    expect((during!.progress as TrainProgress).stage).not.toBe('done');
    expect(results.map((r) => r.predictions)).toEqual([3, 3, 3]);

    // And the train job itself completes from its thread and registers its model.
    const done = await finished(h, 'train', trainId, 900_000);
    expect(await done.getState(), done.failedReason).toBe('completed');
    const trained = done.returnvalue as TrainJobResult;
    expect(trained).toMatchObject({ name: 'long-gbdt', status: 'candidate', promoted: false });
    expect(trained.rows.dataset).toBeGreaterThan(1000);
  }, 900_000);
});
