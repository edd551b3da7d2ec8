// The train job end to end through a running service: a planted, learnable edge is found out of
// sample and promoted; a random walk is not; the same data and seed give the same model; bad input
// is refused at enqueue, and again at consume, with nothing written.
import { loadPredictionConfig, type PredictionConfig } from '@mltrading/config';
import { getModel, listModels, loadArtifact } from '@mltrading/db';
import { loadModel, OnnxModel, type SerializedModel } from '@mltrading/models';
import { InvalidPayloadError, type PayloadInput } from '@mltrading/queues';
import { runService, type RunningService } from '@mltrading/service-kit';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predictionWorkers, processTrainJob, type TrainJobResult } from '../src/index.ts';
import { createHarness, DAY, finished, iso, seedFeatures, type Harness } from './support/fixtures.ts';

let h: Harness;
let service: RunningService<PredictionConfig>;
const NOW = Date.UTC(2026, 10, 27, 21, 0);
const DAYS = 120;
const FEATURES = ['returns', 'rsi_1d', 'macd'];
const PLANTED = ['PLANT0', 'PLANT1', 'PLANT2', 'PLANT3'];
const WALK = ['WALK0', 'WALK1', 'WALK2', 'WALK3'];

const trainInput = (changes: Partial<PayloadInput<'train'>> = {}): PayloadInput<'train'> => ({
  name: 'planted-direction',
  kind: 'logistic',
  predictionType: 'price_direction',
  symbols: PLANTED,
  interval: '1h',
  source: 'synthetic',
  start: iso(NOW - DAYS * DAY),
  end: iso(NOW + 1),
  horizon: 1,
  features: FEATURES,
  hyperparameters: { l2: 1 },
  seed: 7,
  folds: 4,
  ...changes,
});

beforeAll(async () => {
  h = await createHarness();
  await seedFeatures(h.t.db, PLANTED, { days: DAYS, now: NOW, seed: 11, predictability: 0.3 });
  await seedFeatures(h.t.db, WALK, { days: DAYS, now: NOW, seed: 12, predictability: 0 });
  service = await runService({ name: 'prediction-train-test', config: loadPredictionConfig, workers: predictionWorkers() }, h.env);
});
afterAll(async () => {
  await service?.shutdown();
  await h?.close();
});

async function train(input: PayloadInput<'train'>): Promise<{ state: string; result: TrainJobResult; progress: unknown; failedReason: string }> {
  const { jobId } = await h.queues.enqueue('train', input);
  const job = await finished(h, 'train', jobId);
  return { state: await job.getState(), result: job.returnvalue as TrainJobResult, progress: job.progress, failedReason: job.failedReason };
}

describe('train job', () => {
  it('planted signal: beats the baseline out of sample with the interval above 0, and is promoted', async () => {
    const { state, result, progress, failedReason } = await train(trainInput());
    expect(state, failedReason).toBe('completed');
    expect(progress).toEqual({ stage: 'done', percent: 100 });
    expect(result.interval.comparison).toBe('log_loss');
    expect(result.interval.lower).toBeGreaterThan(0);
    expect(result).toMatchObject({ promoted: true, status: 'active', retiredModelId: null });

    const row = (await getModel(h.t.db, result.modelId))!;
    expect(row).toMatchObject({ name: 'planted-direction', status: 'active', model_type: 'logistic', prediction_type: 'price_direction', interval: '1h', file_path: result.artifact.json });
    const metrics = row.metrics as { pooled: { model: { logLoss: number; rocAuc: number }; baseline: { logLoss: number; rocAuc: number } }; folds: unknown[]; interval: { lower: number } };
    expect(metrics.folds).toHaveLength(4);
    expect(metrics.pooled.model.logLoss).toBeLessThan(metrics.pooled.baseline.logLoss);
    expect(metrics.pooled.model.rocAuc).toBeGreaterThan(0.55);
    expect(metrics.interval.lower).toBe(result.interval.lower);
    expect(row.parameters).toMatchObject({
      kind: 'logistic',
      features: FEATURES,
      hyperparameters: { l2: 1 },
      horizon: 1,
      embargo: 1,
      seed: 7,
      window: { start: iso(NOW - DAYS * DAY), end: iso(NOW + 1) },
      label: { type: 'price_direction', horizon: 1 },
      artifacts: { json: result.artifact.json, onnx: result.artifact.onnx },
    });

    // Both artifacts load (checksums verified) and agree: the JSON params and their ONNX export.
    const params = JSON.parse((await loadArtifact(h.t.db, result.artifact.json)).bytes.toString('utf8')) as SerializedModel;
    const onnx = await OnnxModel.load((await loadArtifact(h.t.db, result.artifact.onnx)).bytes);
    const x = [Float64Array.of(0.01, -0.02), Float64Array.of(55, 40), Float64Array.of(0.1, -0.3)];
    const own = loadModel(params).predict(x).score;
    const served = await onnx.predictBatch(x);
    for (let i = 0; i < 2; i++) expect(Math.abs(own[i]! - served[i]!)).toBeLessThan(1e-5);
    await onnx.release();
  });

  it('gbdt on the planted signal is promoted too, and retires nothing of another name', async () => {
    const { state, result, failedReason } = await train(trainInput({ name: 'planted-gbdt', kind: 'gbdt', hyperparameters: { rounds: 40, maxDepth: 3 } }));
    expect(state, failedReason).toBe('completed');
    expect(result.interval.lower).toBeGreaterThan(0);
    expect(result).toMatchObject({ promoted: true, status: 'active', retiredModelId: null });
    expect((await listModels(h.t.db, { status: 'active' })).map((m) => m.name).sort()).toEqual(['planted-direction', 'planted-gbdt']);
  });

  it('random walk: the interval includes 0 and the model stays a candidate', async () => {
    const { state, result, failedReason } = await train(trainInput({ name: 'walk-direction', symbols: WALK, hyperparameters: { l2: 10 } }));
    expect(state, failedReason).toBe('completed');
    expect(result.interval.lower).toBeLessThanOrEqual(0);
    expect(result.interval.upper).toBeGreaterThanOrEqual(0);
    expect(result).toMatchObject({ promoted: false, status: 'candidate' });
    expect(result.promotion).toMatch(/^not promoted: lower end of the log_loss interval .* ≤ 0$/);
    expect((await getModel(h.t.db, result.modelId))!.status).toBe('candidate');
  });

  it('same data and seed: identical metrics and artifact checksums (a retrain of the same window is the same model)', async () => {
    const { parsePayload } = await import('@mltrading/queues');
    const payload = parsePayload('train', trainInput({ name: 'determinism', kind: 'gbdt', hyperparameters: { rounds: 20, maxDepth: 3, subsample: 0.7 }, promoteAbove: null }));
    const context = { db: h.t.db, logger: service.context.logger };
    const first = await processTrainJob(payload, context);
    const second = await processTrainJob(payload, context);
    expect(second.artifact).toEqual(first.artifact);
    expect(second.interval).toEqual(first.interval);
    expect(second.modelId).toBe(first.modelId);
    expect(first.status).toBe('candidate');
    const stored = (await getModel(h.t.db, first.modelId))!;
    expect((stored.metrics as { interval: unknown }).interval).toEqual(JSON.parse(JSON.stringify(second.interval)));
  });

  it('bad input: refused at enqueue with the reason, and at consume without retries; nothing written', async () => {
    const before = (await listModels(h.t.db)).length;
    const cases: [Partial<PayloadInput<'train'>>, string][] = [
      [{ features: ['returns', 'no_such_feature'] }, 'unknown feature(s) "no_such_feature"'],
      [{ kind: 'forest' as 'gbdt' }, 'is not a known model kind'],
      [{ start: iso(NOW), end: iso(NOW) }, 'empty training range'],
      [{ horizon: 0 }, 'horizon: must be ≥ 1'],
    ];
    for (const [changes, reason] of cases) {
      await expect(h.queues.enqueue('train', trainInput(changes)), reason).rejects.toThrow(InvalidPayloadError);
      await expect(h.queues.enqueue('train', trainInput(changes))).rejects.toThrow(reason);
    }
    expect(await h.queues.queue('train').getJobCountByTypes('waiting', 'active', 'delayed', 'prioritized')).toBe(0);

    // A producer that skips the contract: the worker refuses the job at once, no retry.
    const raw = new Queue('train', { connection: h.producer, prefix: h.prefix });
    const job = await raw.add('train', { ...trainInput({ horizon: -2 }), correlationId: 'bad-train' }, { attempts: 3 });
    const done = await finished(h, 'train', job.id!);
    expect(await done.getState()).toBe('failed');
    expect(done.attemptsMade).toBe(1);
    expect(done.failedReason).toContain('horizon');
    await raw.close();

    // Valid but nothing to learn from (a window without feature rows): fails once with the reason.
    const empty = await train(trainInput({ name: 'empty-window', start: iso(NOW + DAY), end: iso(NOW + 2 * DAY) }));
    expect(empty.state).toBe('failed');
    expect(empty.failedReason).toContain('no feature rows');
    expect((await listModels(h.t.db)).length).toBe(before);
  });
});
