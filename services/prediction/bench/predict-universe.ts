// Predictions for the whole universe's newest bar: 1,057 symbols × every active model kind
// (logistic and gradient-boosted trees from their JSON params, and the trees' ONNX export through
// onnxruntime-node), through the real service process — one `predict` job per symbol, as the
// feature-engineering service enqueues them — from the first enqueue to the last completion.
// Beside it, in the same run, the floor: reading those feature vectors (one query per model for
// the whole universe) and COPYing the same number of prediction rows, without any model; and the
// models' own compute time on those vectors. Aim (issue 11): under 0.5 s.
// Run: pnpm --filter @mltrading/prediction bench   (writes bench-results/prediction-universe.json)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  createDb,
  getModel,
  loadFeatureColumns,
  migrateToLatest,
  promoteModel,
  registerModel,
  saveFeatureEngineState,
  upsertPredictions,
  writeFeatureColumns,
  type PredictionInput,
} from '@mltrading/db';
import { computeFeatures, DEFAULT_MARKET_CALENDAR, FEATURE_VERSION } from '@mltrading/features';
import { createQueueClient, createRedisConnection, parsePayload, TRAINABLE_FEATURES, type PayloadInput } from '@mltrading/queues';
import { obliteratePrefix } from '@mltrading/queues/testing';
import { spawnService } from '@mltrading/service-kit';
import { generateBars, syntheticUniverse } from '@mltrading/synthetic-market';
import { sql } from 'kysely';
import pino from 'pino';
import { ModelCache, processTrainJob } from '../src/index.ts';

const SYMBOLS = Number(process.env['BENCH_SYMBOLS'] ?? 1057);
const TRAIN_SYMBOLS = 20;
const HISTORY_DAYS = 150; // price_ma_long and its ratios need ≈ 480 hourly bars (≈ 96 days) first
const ADMIN_URL = process.env['TEST_DATABASE_ADMIN_URL'] ?? 'postgres://root@127.0.0.1:5432/postgres';
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const DB_NAME = 'mlt_bench_prediction';
const PREFIX = 'mlt-bench-prediction';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const AIM_SECONDS = 0.5;
const root = fileURLToPath(new URL('../../../', import.meta.url));
const log = (message: string) => console.log(`[prediction-universe] ${message}`);
const seconds = (ms: number) => Math.round(ms) / 1000;
const dbUrl = (() => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${DB_NAME}`;
  return u.toString();
})();

async function admin(statement: string) {
  const db = createDb(ADMIN_URL, { poolSize: 1 });
  try {
    await sql.raw(statement).execute(db);
  } finally {
    await db.destroy();
  }
}

// --- a dedicated database, recreated every run ------------------------------------------------
await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
await admin(`CREATE DATABASE ${DB_NAME}`);
const db = createDb(dbUrl, { poolSize: 4, applicationName: 'mlt-bench-prediction' });
await migrateToLatest(db);
const redis = createRedisConnection(REDIS_URL, 'worker');
await obliteratePrefix(redis, PREFIX);

// --- feature rows: 150 days of hourly bars per symbol through the v3.0 engine --------------------
// The data end a month before the wall clock, so the service's start-up sweep (7-day lookback)
// finds nothing to queue and the measured jobs are the only ones. Symbols beyond the training set
// store their newest day only (what is predicted); the training set stores its whole history.
const dataEnd = Math.floor((Date.now() - 30 * DAY) / DAY) * DAY;
const universe = syntheticUniverse(SYMBOLS);
let began = performance.now();
let newest = 0;
for (const [i, symbol] of universe.entries()) {
  const bars = generateBars(symbol, '1h', { start: dataEnd - HISTORY_DAYS * DAY, end: dataEnd, now: dataEnd }, { seed: 11, predictability: 0.2 });
  const { columns } = computeFeatures(bars, { calendar: DEFAULT_MARKET_CALENDAR });
  const n = bars.timestamp.length;
  const from = i < TRAIN_SYMBOLS ? 0 : Math.max(0, n - 8);
  await writeFeatureColumns(
    db,
    { symbol, source: 'synthetic', featureVersion: FEATURE_VERSION, correlationId: null, timestamp: bars.timestamp, open: bars.open, high: bars.high, low: bars.low, close: bars.close, volume: bars.volume, columns },
    { from },
  );
  await saveFeatureEngineState(db, { symbol, source: 'synthetic', interval: '1h', lastTimestamp: new Date(bars.timestamp[n - 1]!), barsSeen: n, state: {} });
  newest = Math.max(newest, bars.timestamp[n - 1]!);
}
await sql`VACUUM ANALYZE feature_engineered_data`.execute(db);
log(`feature rows for ${SYMBOLS} symbols written in ${seconds(performance.now() - began)} s (setup, not measured); newest bar ${new Date(newest).toISOString()}`);

// --- the active models: one per kind ------------------------------------------------------------
const quiet = pino({ level: 'warn' });
const trainBase = {
  predictionType: 'price_direction',
  symbols: universe.slice(0, TRAIN_SYMBOLS),
  interval: '1h',
  source: 'synthetic',
  start: new Date(dataEnd - HISTORY_DAYS * DAY).toISOString(),
  end: new Date(newest + HOUR).toISOString(),
  horizon: 1,
  features: 'all',
  folds: 2,
  promoteAbove: -1e9, // served whatever it learned: this measures serving, not skill
} as const;
began = performance.now();
const logistic = await processTrainJob(parsePayload('train', { ...trainBase, name: 'bench-logistic', kind: 'logistic' } as PayloadInput<'train'>), { db, logger: quiet });
// The reference ensemble: 100 trees of depth 6 (no early stopping, so all 100 are kept).
const gbdt = await processTrainJob(
  parsePayload('train', { ...trainBase, name: 'bench-gbdt', kind: 'gbdt', hyperparameters: { rounds: 100, maxDepth: 6, validationFraction: 0 } } as PayloadInput<'train'>),
  { db, logger: quiet },
);
await registerModel(db, {
  modelId: 'm-bench-onnx', name: 'bench-onnx', version: '1', modelType: 'onnx', predictionType: 'price_direction', interval: '1h',
  parameters: { kind: 'onnx', features: [...TRAINABLE_FEATURES], source: 'synthetic' }, metrics: {}, filePath: gbdt.artifact.onnx,
});
await promoteModel(db, 'm-bench-onnx');
const modelIds = [logistic.modelId, gbdt.modelId, 'm-bench-onnx'];
log(`3 active models (logistic, gbdt 100 × depth 6, its ONNX export) trained on ${TRAIN_SYMBOLS} symbols in ${seconds(performance.now() - began)} s (setup)`);

// --- the floor: read the feature vectors, COPY the rows, no model ------------------------------
const at = [new Date(newest)];
const cache = new ModelCache();
const serving = await Promise.all(modelIds.map(async (id) => cache.get(db, (await getModel(db, id))!)));
const floorRuns: { readMs: number; writeMs: number; rows: number }[] = [];
let computeMs = 0;
for (let run = 0; run < 3; run++) {
  began = performance.now();
  const frames = [];
  for (const model of serving) frames.push(await loadFeatureColumns(db, { symbols: universe, source: 'synthetic', features: model.featureNames, timestamps: at }));
  const readMs = performance.now() - began;
  const rows: PredictionInput[] = [];
  frames.forEach((frame, m) => {
    for (let r = 0; r < frame.rows; r++) {
      const inputs: Record<string, number> = {};
      serving[m]!.featureNames.forEach((name, f) => (inputs[name] = frame.columns[f]![r]!));
      rows.push({
        prediction_id: `floor-${run}-${m}-${frame.symbols[frame.symbolIndex[r]!]}`, model_id: modelIds[m]!, symbol: frame.symbols[frame.symbolIndex[r]!]!,
        timestamp: new Date(frame.timestamps[r]!), prediction_type: 'price_direction', prediction_value: 0, confidence: 0.5, features: inputs,
      });
    }
  });
  const writeStarted = performance.now();
  await db.transaction().execute((trx) => upsertPredictions(trx, rows));
  floorRuns.push({ readMs, writeMs: performance.now() - writeStarted, rows: rows.length });
  // The models' own work on the same vectors (not part of the floor).
  const computeStarted = performance.now();
  for (const [m, model] of serving.entries()) await model.predict(frames[m]!.columns);
  if (run === 2) computeMs = performance.now() - computeStarted;
}
await sql`DELETE FROM predictions WHERE prediction_id LIKE 'floor-%'`.execute(db);
const floor = floorRuns.at(-1)!; // the first runs warm caches and the connection pool
const floorMs = floor.readMs + floor.writeMs;
log(`floor: read ${floor.rows} feature vectors in ${seconds(floor.readMs)} s + COPY of the rows in ${seconds(floor.writeMs)} s; models' compute ${seconds(computeMs)} s`);

// --- the service process: one predict job per symbol --------------------------------------------
const lines: string[] = [];
const service = await spawnService(
  fileURLToPath(new URL('../src/main.ts', import.meta.url)),
  { DATABASE_URL: dbUrl, REDIS_URL, QUEUE_PREFIX: PREFIX, HEALTH_PORT: '0', LOG_LEVEL: 'info', NODE_ENV: 'production' },
  (line) => lines.push(line),
  60_000,
);
const startDeadline = Date.now() + 60_000;
while (!lines.some((l) => l.includes('"prediction sweep"')) && Date.now() < startDeadline) await new Promise((resolve) => setTimeout(resolve, 100));
const producer = createRedisConnection(REDIS_URL, 'producer');
const queues = createQueueClient({ connection: producer, prefix: PREFIX });
const predict = queues.queue('predict');
const payloads = universe.map((symbol) => ({ symbol, interval: '1h' as const, source: 'synthetic' as const, timestamps: [at[0]!.toISOString()], correlationId: 'bench-universe' }));
began = performance.now();
for (let i = 0; i < payloads.length; i += 500) await queues.enqueueBulk('predict', payloads.slice(i, i + 500));
for (;;) {
  const counts = await predict.getJobCounts('completed', 'failed');
  if ((counts['completed'] ?? 0) + (counts['failed'] ?? 0) >= SYMBOLS) break;
  await new Promise((resolve) => setTimeout(resolve, 20));
}
const serviceMs = performance.now() - began;
const failed = await predict.getJobCountByTypes('failed');
const peakRssMb = Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${service.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
await service.stop();
await queues.close();
await producer.quit();
const { rows: [written] } = await sql<{ rows: number }>`SELECT count(*)::int AS rows FROM predictions WHERE correlation_id = 'bench-universe'`.execute(db);
if (failed > 0 || written!.rows !== SYMBOLS * modelIds.length) throw new Error(`predictions incomplete: ${failed} failed jobs, ${written!.rows} rows`);
log(`service: ${SYMBOLS} predict jobs, ${written!.rows} rows in ${seconds(serviceMs)} s`);

await db.destroy();
await obliteratePrefix(redis, PREFIX);
await redis.quit();
await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);

// --- report -------------------------------------------------------------------------------------
const report = {
  benchmark: 'prediction-universe',
  symbols: SYMBOLS,
  models: { logistic: logistic.modelId, gbdt: gbdt.modelId, onnx: 'm-bench-onnx', features: TRAINABLE_FEATURES.length, gbdtTrees: 100, gbdtDepth: 6 },
  rows: written!.rows,
  service: { wallSeconds: seconds(serviceMs), predictJobs: SYMBOLS, workers: 1, predictConcurrency: 4, peakRssMb, rowsPerSecond: Math.round(written!.rows / (serviceMs / 1000)) },
  floor: { wallSeconds: seconds(floorMs), readSeconds: seconds(floor.readMs), copySeconds: seconds(floor.writeMs), rows: floor.rows },
  modelComputeSeconds: seconds(computeMs),
  serviceToFloorRatio: Math.round((serviceMs / floorMs) * 10) / 10,
  aimSeconds: AIM_SECONDS,
  withinAim: serviceMs / 1000 < AIM_SECONDS,
  loadAverage1m: Number(loadavg()[0]!.toFixed(2)),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  measuredAt: new Date().toISOString(),
};
console.log(`
Predictions for the universe's newest bar: ${SYMBOLS} symbols × 3 active models (logistic, gbdt 100×6, ONNX) = ${written!.rows} rows (${report.cores} cores, load ${report.loadAverage1m})
  service: ${SYMBOLS} predict jobs          ${report.service.wallSeconds} s   ${report.service.rowsPerSecond.toLocaleString('en-US')} rows/s   peak RSS ${peakRssMb} MB (1 process, predict concurrency 4)   (aim < ${AIM_SECONDS} s)
  floor: read vectors + COPY rows     ${report.floor.wallSeconds} s   (read ${report.floor.readSeconds} s, COPY ${report.floor.copySeconds} s; no model)
  service / floor                     ${report.serviceToFloorRatio}×
  models' compute on those vectors    ${report.modelComputeSeconds} s
`);
mkdirSync(`${root}bench-results`, { recursive: true });
writeFileSync(`${root}bench-results/prediction-universe.json`, `${JSON.stringify(report, null, 2)}\n`);
