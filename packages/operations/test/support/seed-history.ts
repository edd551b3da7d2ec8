// Synthetic history as the pipeline would have stored it: hourly session bars in market_data and
// their v3.0 feature rows (source synthetic), plus a logistic model registered with its artifact.
import { registerModel, storeArtifact, upsertMarketData, writeFeatureColumns, artifactUri, type Database } from '@mltrading/db';
import { computeFeatures, DEFAULT_MARKET_CALENDAR, FEATURE_VERSION } from '@mltrading/features';
import { modelKind } from '@mltrading/models';
import { generateBars } from '@mltrading/synthetic-market';
import type { Kysely } from 'kysely';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export async function seedHistory(db: Kysely<Database>, symbols: readonly string[], options: { start: number; end: number; seed: number; predictability: number }): Promise<void> {
  for (const symbol of symbols) {
    const bars = generateBars(symbol, '1h', { start: options.start, end: options.end, now: options.end }, { seed: options.seed, predictability: options.predictability });
    const n = bars.timestamp.length;
    await upsertMarketData(
      db,
      Array.from({ length: n }, (_, i) => ({
        symbol, source: 'synthetic', timestamp: new Date(bars.timestamp[i]!),
        open: bars.open[i]!, high: bars.high[i]!, low: bars.low[i]!, close: bars.close[i]!, volume: bars.volume[i]!,
      })),
    );
    const { columns } = computeFeatures(bars, { calendar: DEFAULT_MARKET_CALENDAR });
    await writeFeatureColumns(db, { ...bars, symbol, source: 'synthetic', featureVersion: FEATURE_VERSION, correlationId: null, columns });
  }
}

/** A logistic model of `features` fitted on a fixed pseudo-random set, stored as the train job stores it. */
export async function registerLogistic(db: Kysely<Database>, modelId: string, features: readonly string[]): Promise<void> {
  const rows = 400;
  let s = 7;
  const next = () => ((s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) - 0.5;
  const columns = features.map(() => Float64Array.from({ length: rows }, next));
  const labels = Float64Array.from({ length: rows }, (_, r) => (columns[0]![r]! + 0.3 * next() > 0 ? 1 : 0));
  const model = modelKind('logistic').train({ featureNames: features, columns, labels, rows: Int32Array.from({ length: rows }, (_, r) => r), task: 'binary', seed: 1 });
  const artifact = await storeArtifact(db, Buffer.from(JSON.stringify(model.serialize())), 'json');
  await registerModel(db, {
    modelId, name: modelId, version: '1', modelType: 'logistic_regression', predictionType: 'price_direction', interval: '1h',
    parameters: { features: [...features] }, metrics: {}, filePath: artifactUri(artifact.sha256),
  });
}
