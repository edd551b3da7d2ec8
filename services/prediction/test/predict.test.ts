// The predict job and the sweep through a running service: every active model of the interval, only
// its features, skipped bars counted, deterministic rows (the same job twice gives the same rows),
// `execute` after commit under the flow's id, a newly promoted model served without a restart, and a
// corrupt artifact skipping that model with a logged error while the others still predict.
import { loadPredictionConfig, type PredictionConfig } from '@mltrading/config';
import { activeModels, getModel, predictionsByIds, promoteModel, registerModel, retireModel, storeArtifact } from '@mltrading/db';
import { exportLogisticToOnnx, loadModel } from '@mltrading/models';
import { parsePayload, type PayloadInput } from '@mltrading/queues';
import { runService, type RunningService } from '@mltrading/service-kit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelCache, predictionId, predictionWorkers, processPredictJob, processTrainJob, sweepPredictions, type PredictJobResult } from '../src/index.ts';
import { capturingLogger, createHarness, DAY, finished, iso, seedFeatures, type Harness } from './support/fixtures.ts';

let h: Harness;
let service: RunningService<PredictionConfig>;
const NOW = Date.UTC(2026, 10, 27, 21, 0);
const DAYS = 60;
const SYMBOLS = ['AAA', 'BBB'];
let times: Map<string, Float64Array>;
const models: Record<string, string> = {};

const trainInput = (changes: Partial<PayloadInput<'train'>>): PayloadInput<'train'> => ({
  name: 'direction',
  kind: 'logistic',
  predictionType: 'price_direction',
  symbols: SYMBOLS,
  interval: '1h',
  source: 'synthetic',
  start: iso(NOW - DAYS * DAY),
  end: iso(NOW - 10 * DAY),
  horizon: 1,
  features: ['returns', 'rsi_1d'],
  hyperparameters: { l2: 1 },
  folds: 3,
  promoteAbove: -1e9, // promote whatever it learns: these tests are about serving, not skill
  ...changes,
});

beforeAll(async () => {
  h = await createHarness();
  times = await seedFeatures(h.t.db, SYMBOLS, { days: DAYS, now: NOW, seed: 5, predictability: 0.3 });
  const context = { db: h.t.db, logger: capturingLogger().logger };
  models['logistic'] = (await processTrainJob(parsePayload('train', trainInput({})), context)).modelId;
  // realized_vol_long has its first value at bar 120 (about 17 sessions of hourly bars): the first
  // weeks of this history lack it, so this model skips them.
  models['long'] = (await processTrainJob(parsePayload('train', trainInput({ name: 'long-vol', kind: 'gbdt', features: ['returns', 'realized_vol_long'], hyperparameters: { rounds: 5 } })), context)).modelId;
  service = await runService({ name: 'prediction-predict-test', config: loadPredictionConfig, workers: predictionWorkers() }, h.env);
});
afterAll(async () => {
  await service?.shutdown();
  await h?.close();
});

const lastBars = (symbol: string, k: number) => [...times.get(symbol)!.slice(-k)].map(iso);

async function predict(input: PayloadInput<'predict'>): Promise<{ result: PredictJobResult; state: string; failedReason: string }> {
  const { jobId } = await h.queues.enqueue('predict', input);
  const job = await finished(h, 'predict', jobId);
  return { result: job.returnvalue as PredictJobResult, state: await job.getState(), failedReason: job.failedReason };
}

describe('predict job', () => {
  it('writes one row per bar and active model with its inputs, then enqueues execute under the same correlation id', async () => {
    expect((await getModel(h.t.db, models['logistic']!))!.status).toBe('active');
    const timestamps = lastBars('AAA', 5);
    const { result, state, failedReason } = await predict({ symbol: 'AAA', interval: '1h', source: 'synthetic', timestamps, correlationId: 'flow-predict-1' });
    expect(state, failedReason).toBe('completed');
    const logistic = result.models.find((m) => m.modelId === models['logistic'])!;
    expect(logistic).toMatchObject({ bars: 5, predicted: 5, skipped: 0 });
    const ids = timestamps.map((t) => predictionId(models['logistic']!, 'AAA', Date.parse(t), 'price_direction'));
    const rows = await predictionsByIds(h.t.db, ids);
    expect(rows).toHaveLength(5);
    for (const row of rows) {
      expect(row.prediction_id.length).toBeLessThanOrEqual(50);
      expect(Object.keys(row.features as object).sort()).toEqual(['returns', 'rsi_1d']);
      expect(row.confidence).toBeGreaterThanOrEqual(0.5);
      expect(row.confidence).toBeLessThanOrEqual(1);
      expect([0, 1]).toContain(row.prediction_value);
      expect(row.correlation_id).toBe('flow-predict-1');
    }
    const execute = (await h.queues.queue('execute').getJob(result.executeJobIds[0]!))!;
    expect(execute.data.correlationId).toBe('flow-predict-1');
    expect(execute.data.predictionIds).toEqual(expect.arrayContaining(ids));
  });

  it('the same predict job twice gives the same rows (no insert, no update the second time)', async () => {
    const payload = parsePayload('predict', { symbol: 'BBB', interval: '1h', source: 'synthetic', start: iso(NOW - 3 * DAY), end: iso(NOW), correlationId: 'flow-twice' });
    const context = { db: h.t.db, logger: capturingLogger().logger, queues: h.queues };
    const first = await processPredictJob(payload, context, new ModelCache());
    expect(first.inserted).toBeGreaterThan(0);
    const ids = first.executeJobIds.length;
    const snapshot = await sql`SELECT prediction_id, model_id, symbol, timestamp, prediction_value, confidence, features FROM predictions WHERE symbol = 'BBB' ORDER BY prediction_id`.execute(h.t.db);
    const second = await processPredictJob(payload, context, new ModelCache());
    expect(second).toMatchObject({ inserted: 0, updated: 0, predictions: first.predictions });
    expect(second.executeJobIds).toHaveLength(ids);
    const again = await sql`SELECT prediction_id, model_id, symbol, timestamp, prediction_value, confidence, features FROM predictions WHERE symbol = 'BBB' ORDER BY prediction_id`.execute(h.t.db);
    expect(again.rows).toEqual(snapshot.rows);
  });

  it('skips bars with a missing feature, counted per feature and logged', async () => {
    await promoteModel(h.t.db, models['long']!);
    const { logger, lines } = capturingLogger();
    const payload = parsePayload('predict', { symbol: 'AAA', interval: '1h', source: 'synthetic', start: iso(NOW - DAYS * DAY), end: iso(NOW - DAYS * DAY + 7 * DAY) });
    const result = await processPredictJob(payload, { db: h.t.db, logger, queues: h.queues }, new ModelCache());
    const long = result.models.find((m) => m.modelId === models['long'])!;
    expect(long.bars).toBeGreaterThan(0);
    expect(long.skipped).toBe(long.bars);
    // Counted under the first missing feature the model reads (the first bar has no return either).
    expect(long.missing['realized_vol_long']).toBeGreaterThanOrEqual(long.bars - 1);
    expect(Object.values(long.missing).reduce((a, b) => a + b, 0)).toBe(long.bars);
    expect(long.predicted).toBe(0);
    // The other model reads other features: it predicts the bars where its own are set.
    expect(result.models.find((m) => m.modelId === models['logistic'])!.predicted).toBeGreaterThan(0);
    expect(lines.some((l) => l['level'] === 40 && String(l['msg']).includes('skipped: a feature the model reads is missing'))).toBe(true);
  });

  it('a newly promoted model predicts without a restart; a corrupt artifact skips that model with a logged error', async () => {
    const context = { db: h.t.db, logger: capturingLogger().logger };
    const replacement = await processTrainJob(parsePayload('train', trainInput({ end: iso(NOW - 5 * DAY), seed: 3 })), context);
    expect(replacement).toMatchObject({ promoted: true, retiredModelId: models['logistic'] });
    const t = lastBars('AAA', 1);
    const after = await predict({ symbol: 'AAA', interval: '1h', source: 'synthetic', timestamps: t });
    expect(after.result.models.map((m) => m.modelId)).toContain(replacement.modelId);
    expect(after.result.models.map((m) => m.modelId)).not.toContain(models['logistic']);

    // A third model, promoted, whose artifact is then corrupted (one byte): loading verifies the checksum.
    const third = await processTrainJob(parsePayload('train', trainInput({ name: 'third', end: iso(NOW - 4 * DAY) })), context);
    expect(third.promoted).toBe(true);
    const sha = third.artifact.json.slice('pg-artifact://'.length);
    await sql`UPDATE model_artifacts SET bytes = set_byte(bytes, 0, get_byte(bytes, 0) # 1) WHERE sha256 = ${sha}`.execute(h.t.db);
    const { logger, lines } = capturingLogger();
    const payload = parsePayload('predict', { symbol: 'BBB', interval: '1h', source: 'synthetic', timestamps: lastBars('BBB', 2) });
    const result = await processPredictJob(payload, { db: h.t.db, logger, queues: h.queues }, new ModelCache());
    const bad = result.models.find((m) => m.modelId === third.modelId)!;
    expect(bad.error).toMatch(/corrupt/i);
    expect(result.failedModels).toBe(1);
    for (const id of [replacement.modelId, models['long']!]) {
      const good = result.models.find((m) => m.modelId === id)!;
      expect(good.error, id).toBeUndefined();
      expect(good.predicted, id).toBe(2);
    }
    const logged = lines.find((l) => l['level'] === 50 && l['modelId'] === third.modelId);
    expect(logged?.['msg']).toContain('skipped: its artifact cannot be loaded');
    // Through the service too: the job completes (no failure, no retry loop) and the others predict.
    const served = await predict({ symbol: 'BBB', interval: '1h', source: 'synthetic', timestamps: lastBars('BBB', 3) });
    expect(served.state, served.failedReason).toBe('completed');
    expect(served.result.failedModels).toBe(1);
    expect(served.result.predictions).toBe(6);
  });
});

describe('ONNX models', () => {
  it('serves an active ONNX model (registered from elsewhere) with its recorded feature list, as its own formula says', async () => {
    const params = { kind: 'logistic' as const, featureNames: ['returns', 'rsi_1d'], mean: [0, 50], scale: [0.01, 10], weights: [0.4, -0.2], intercept: 0.1 };
    const artifact = await storeArtifact(h.t.db, exportLogisticToOnnx(params), 'onnx');
    await registerModel(h.t.db, {
      modelId: 'm-onnx-test', name: 'outside', version: '1', modelType: 'onnx', predictionType: 'price_direction', interval: '1h',
      parameters: { kind: 'onnx', features: ['returns', 'rsi_1d'], source: 'synthetic' }, metrics: {}, filePath: artifact.uri,
    });
    await promoteModel(h.t.db, 'm-onnx-test');
    const timestamps = lastBars('AAA', 4);
    const payload = parsePayload('predict', { symbol: 'AAA', interval: '1h', source: 'synthetic', timestamps });
    const result = await processPredictJob(payload, { db: h.t.db, logger: capturingLogger().logger, queues: h.queues }, new ModelCache());
    expect(result.models.find((m) => m.modelId === 'm-onnx-test')).toMatchObject({ predicted: 4, skipped: 0 });
    const rows = await predictionsByIds(h.t.db, timestamps.map((t) => predictionId('m-onnx-test', 'AAA', Date.parse(t), 'price_direction')));
    expect(rows).toHaveLength(4);
    const reference = loadModel(params);
    for (const row of rows) {
      const inputs = row.features as { returns: number; rsi_1d: number };
      const expected = reference.predictRow(Float64Array.of(inputs.returns, inputs.rsi_1d));
      expect(row.prediction_value).toBe(expected.value);
      expect(Math.abs(row.confidence! - expected.confidence)).toBeLessThan(1e-4); // NUMERIC(5,4)
    }
    await retireModel(h.t.db, 'm-onnx-test');
  });
});

describe('regression forecasts', () => {
  it('stores a small momentum forecast as computed (0.000123), and skips a forecast beyond the column with a logged reason', async () => {
    // One-leaf tree ensembles: the forecast is the base score, whatever the inputs.
    const ensemble = (baseScore: number) => ({
      kind: 'gbdt' as const, featureNames: ['returns'], objective: 'regression' as const, baseScore,
      trees: [{ feature: [0], threshold: [0], left: [-1], right: [-1], value: [0] }],
    });
    for (const [id, baseScore] of [['m-small-momentum', 0.000123], ['m-huge-momentum', 5e10]] as const) {
      const artifact = await storeArtifact(h.t.db, new TextEncoder().encode(JSON.stringify(ensemble(baseScore))), 'json');
      await registerModel(h.t.db, {
        modelId: id, name: id, version: '1', modelType: 'gbdt', predictionType: 'momentum', interval: '1h',
        parameters: { kind: 'gbdt', features: ['returns'], source: 'synthetic' }, metrics: {}, filePath: artifact.uri,
      });
      await promoteModel(h.t.db, id);
    }
    const timestamps = lastBars('AAA', 2);
    const { logger, lines } = capturingLogger();
    const payload = parsePayload('predict', { symbol: 'AAA', interval: '1h', source: 'synthetic', timestamps });
    const result = await processPredictJob(payload, { db: h.t.db, logger, queues: h.queues }, new ModelCache());
    expect(result.models.find((m) => m.modelId === 'm-small-momentum')).toMatchObject({ predicted: 2, unstorable: 0 });
    expect(result.models.find((m) => m.modelId === 'm-huge-momentum')).toMatchObject({ predicted: 0, unstorable: 2 });
    const small = await predictionsByIds(h.t.db, timestamps.map((t) => predictionId('m-small-momentum', 'AAA', Date.parse(t), 'momentum')));
    expect(small.map((row) => row.prediction_value)).toEqual([0.000123, 0.000123]);
    expect(await predictionsByIds(h.t.db, timestamps.map((t) => predictionId('m-huge-momentum', 'AAA', Date.parse(t), 'momentum')))).toEqual([]);
    expect(lines.find((l) => l['modelId'] === 'm-huge-momentum')?.['msg']).toMatch(/2 forecast\(s\) of model m-huge-momentum skipped: not finite or beyond/);
    for (const id of ['m-small-momentum', 'm-huge-momentum']) await retireModel(h.t.db, id);
  });
});

describe('prediction sweep', () => {
  it('queues feature rows without a prediction of an active model once; after the jobs ran nothing is missing', async () => {
    // The model with the corrupt artifact (test above) could never catch up: retire it first.
    for (const model of await activeModels(h.t.db)) {
      if (model.model_id !== models['long']) await retireModel(h.t.db, model.model_id);
    }
    const since = new Date(NOW - 2 * DAY);
    const context = { ...service.context };
    const first = await sweepPredictions(context, { since });
    expect(first.missing).toBeGreaterThan(0);
    expect(first.jobIds.length).toBeGreaterThan(0);
    const again = await sweepPredictions(context, { since });
    expect([...again.jobIds].sort()).toEqual([...first.jobIds].sort()); // the same deterministic ids: BullMQ adds each once
    for (const jobId of first.jobIds) {
      const job = await finished(h, 'predict', jobId);
      expect(await job.getState(), `predict job ${jobId}`).toBe('completed');
    }
    const after = await sweepPredictions(context, { since });
    expect(after).toMatchObject({ models: 1, missing: 0, jobIds: [] });
  });
});
