import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifactUri,
  featureRowsWithoutPrediction,
  ModelNotFoundError,
  predictionsByIds,
  registerModel,
  saveFeatureEngineState,
  upsertPredictions,
  type PredictionInput,
} from '../src/index.ts';
import { createTestDatabase, upsertFeatureRows, type TestDatabase } from '../src/testing/index.ts';
import { hourlyFeatureRows } from './support/feature-row-factory.ts';

let t: TestDatabase;
const end = new Date('2026-03-02T20:00:00Z');
const HOUR = 3_600_000;

beforeAll(async () => {
  t = await createTestDatabase();
  for (const [id, interval] of [['m-1h', '1h'], ['m-1d', '1d']] as const) {
    await registerModel(t.db, {
      modelId: id, name: id, version: '1', modelType: 'logistic_regression', predictionType: 'price_direction', interval,
      parameters: {}, metrics: {}, filePath: artifactUri('c'.repeat(64)),
    });
  }
  // AAPL and MSFT computed at 1h, TSLA at 1d: five rows each.
  const rows = hourlyFeatureRows(['AAPL', 'MSFT', 'TSLA'], 5, end);
  rows.filter((r) => r.symbol === 'MSFT' && r.timestamp.getTime() === end.getTime()).forEach((r) => (r.rsi_1d = null));
  await upsertFeatureRows(t.db, rows);
  for (const [symbol, interval] of [['AAPL', '1h'], ['MSFT', '1h'], ['TSLA', '1d']] as const) {
    await saveFeatureEngineState(t.db, { symbol, source: 'yahoo', interval, lastTimestamp: end, barsSeen: 5, state: {} });
  }
});
afterAll(() => t?.drop());

const prediction = (symbol: string, timestamp: Date, value: number, correlation = 'c-1'): PredictionInput => ({
  prediction_id: `m-1h:${symbol}:${timestamp.toISOString()}:price_direction`,
  model_id: 'm-1h',
  symbol,
  timestamp,
  prediction_type: 'price_direction',
  prediction_value: value,
  confidence: 0.6,
  features: { rsi_1d: 55.5, macd: -0.25 },
  correlation_id: correlation,
});

describe('predictions', () => {
  it('bulk-upserts by prediction_id idempotently: the same rows twice change nothing', async () => {
    const rows = [prediction('AAPL', end, 1), prediction('AAPL', new Date(end.getTime() - HOUR), -1)];
    expect(await upsertPredictions(t.db, rows)).toEqual({ inserted: 2, updated: 0 });
    expect(await upsertPredictions(t.db, rows)).toEqual({ inserted: 0, updated: 0 });
    // A retry under another correlation id is no change either; a changed value is.
    expect(await upsertPredictions(t.db, rows.map((r) => ({ ...r, correlation_id: 'c-2' })))).toEqual({ inserted: 0, updated: 0 });
    expect(await upsertPredictions(t.db, [{ ...rows[0]!, confidence: 0.7 }])).toEqual({ inserted: 0, updated: 1 });
    const stored = await predictionsByIds(t.db, rows.map((r) => r.prediction_id).concat('missing'));
    expect(stored.map((p) => [p.symbol, p.timestamp.toISOString(), p.prediction_value, p.confidence])).toEqual([
      ['AAPL', new Date(end.getTime() - HOUR).toISOString(), -1, 0.6],
      ['AAPL', end.toISOString(), 1, 0.7],
    ]);
    expect(stored[0]!.features).toEqual({ rsi_1d: 55.5, macd: -0.25 });
    expect(await predictionsByIds(t.db, [])).toEqual([]);
  });

  it('keeps small momentum and volatility forecasts to ten decimals (DECIMAL(20,10))', async () => {
    const at = new Date(end.getTime() - 5 * HOUR);
    const rows = [
      { ...prediction('AAPL', at, 0.000123), prediction_id: 'small-momentum', prediction_type: 'momentum', confidence: 1 },
      { ...prediction('AAPL', at, -0.0000456789), prediction_id: 'small-negative', prediction_type: 'momentum', confidence: 1 },
      { ...prediction('AAPL', at, 0.0012345678912), prediction_id: 'small-volatility', prediction_type: 'volatility', confidence: 1 },
    ];
    expect(await upsertPredictions(t.db, rows)).toEqual({ inserted: 3, updated: 0 });
    const stored = new Map((await predictionsByIds(t.db, rows.map((r) => r.prediction_id))).map((p) => [p.prediction_id, p.prediction_value]));
    expect(stored.get('small-momentum')).toBe(0.000123);
    expect(stored.get('small-negative')).toBe(-0.0000456789);
    // Rounded at the tenth decimal, not the fourth.
    expect(stored.get('small-volatility')).toBe(0.0012345679);
    // The same forecasts again are no change: the comparison is at the column's scale.
    expect(await upsertPredictions(t.db, rows)).toEqual({ inserted: 0, updated: 0 });
    expect(await upsertPredictions(t.db, [{ ...rows[0]!, prediction_value: 0.000124 }])).toEqual({ inserted: 0, updated: 1 });
  });

  it('refuses a confidence outside [0, 1], a non-finite value and one beyond ten integer digits, writing nothing', async () => {
    await expect(upsertPredictions(t.db, [{ ...prediction('MSFT', end, 1), confidence: 1.5 }])).rejects.toThrow(/predictions_confidence_range/);
    await expect(upsertPredictions(t.db, [{ ...prediction('MSFT', end, Number.NaN) }])).rejects.toThrow(/prediction_value/);
    await expect(upsertPredictions(t.db, [prediction('MSFT', new Date(end.getTime() - HOUR), 1), prediction('MSFT', end, 2e10)])).rejects.toThrow(
      /prediction_value 20000000000 is beyond DECIMAL\(20,10\)/,
    );
    expect(await predictionsByIds(t.db, [prediction('MSFT', new Date(end.getTime() - HOUR), 1).prediction_id])).toEqual([]);
    expect(await predictionsByIds(t.db, [prediction('MSFT', end, 1).prediction_id])).toEqual([]);
  });

  it('finds feature rows of the model\'s interval that have no prediction of that model', async () => {
    const since = new Date(end.getTime() - 2 * HOUR);
    const missing = await featureRowsWithoutPrediction(t.db, { modelId: 'm-1h', since });
    const key = (r: { symbol: string; timestamp: Date }) => `${r.symbol}@${(end.getTime() - r.timestamp.getTime()) / HOUR}`;
    // AAPL has predictions for the two newest bars; TSLA is a 1d symbol.
    expect(missing.map(key)).toEqual(['AAPL@2', 'MSFT@2', 'MSFT@1', 'MSFT@0']);
    // Rows the model could not predict (a missing input) are left out when its features are given.
    const complete = await featureRowsWithoutPrediction(t.db, { modelId: 'm-1h', since, requireFeatures: ['rsi_1d', 'macd'] });
    expect(complete.map(key)).toEqual(['AAPL@2', 'MSFT@2', 'MSFT@1']);
    expect((await featureRowsWithoutPrediction(t.db, { modelId: 'm-1d', since })).map(key)).toEqual(['TSLA@2', 'TSLA@1', 'TSLA@0']);
    expect((await featureRowsWithoutPrediction(t.db, { modelId: 'm-1h', since, interval: '1d', symbols: ['TSLA'], until: end })).map(key)).toEqual(['TSLA@2', 'TSLA@1']);
    expect(await featureRowsWithoutPrediction(t.db, { modelId: 'm-1h', since, limit: 1 })).toHaveLength(1);
    expect(await featureRowsWithoutPrediction(t.db, { modelId: 'm-1h', since, symbols: [] })).toEqual([]);
  });

  it('refuses an unknown model or feature name', async () => {
    await expect(featureRowsWithoutPrediction(t.db, { modelId: 'nope', since: end })).rejects.toThrow(ModelNotFoundError);
    await expect(featureRowsWithoutPrediction(t.db, { modelId: 'm-1h', since: end, requireFeatures: ['rsi_1d; DROP TABLE models'] })).rejects.toThrow(/unknown feature/);
  });
});
