// Reads what a replay consumes from the database: each symbol's bars in the range, the features the
// model reads plus the volatility the strategy sizes by, and turns them into predictions (a
// registered model's artifact, or walk-forward training) aligned bar by bar with each symbol's bars.
import { walkForwardPredictions, type SymbolInput } from '@mltrading/backtest';
import { loadBarColumns, loadFeatureColumns, type Database, type MarketBarColumns } from '@mltrading/db';
import type { PayloadOf } from '@mltrading/queues';
import type { Kysely } from 'kysely';
import { InvalidRequestError } from '../errors/invalid-request-error.ts';
import type { BacktestPredictor } from './registered-model.ts';

/** The feature live order execution sizes by (order-execution's VOLATILITY_FEATURE): per-bar σ of 24 returns. */
export const BACKTEST_VOLATILITY_FEATURE = 'realized_vol_med';

/** Symbols whose bars are read at the same time (each a keyset-paged query of its own). */
const PARALLEL_SYMBOLS = 4;

export type BacktestRequest = PayloadOf<'backtest'>;

export type PredictionSource =
  | { readonly kind: 'registered'; readonly modelId: string; readonly predictionType: string; readonly predictor: BacktestPredictor }
  | { readonly kind: 'walk-forward'; readonly options: NonNullable<BacktestRequest['model']['walkForward']> };

export interface LoadedBacktestInput {
  readonly universe: SymbolInput[];
  readonly predictionType: string;
  readonly modelId: string;
  /** Wall time of the reads and of making predictions (walk-forward training included), ms. */
  readonly readMs: number;
  readonly predictMs: number;
  /** Walk-forward: trained blocks (null for a registered model). */
  readonly walkForwardBlocks: number | null;
}

export async function loadBacktestInput(db: Kysely<Database>, request: BacktestRequest, source: PredictionSource): Promise<LoadedBacktestInput> {
  const from = new Date(request.start);
  const to = new Date(request.end);
  const started = performance.now();
  const bars = await loadBars(db, request.symbols, request.source, from, to);
  const empty = request.symbols.filter((s) => bars.get(s)!.timestamp.length === 0);
  if (empty.length === request.symbols.length) {
    throw new InvalidRequestError(`no ${request.source} bars for any symbol of the universe in [${request.start}, ${request.end}) (${preview(empty)})`);
  }
  if (empty.length > 0) throw new InvalidRequestError(`no ${request.source} bars in [${request.start}, ${request.end}) for ${empty.length} symbol(s): ${preview(empty)}`);

  const modelFeatures = source.kind === 'registered' ? [...source.predictor.featureNames] : [...source.options.features];
  const features = modelFeatures.includes(BACKTEST_VOLATILITY_FEATURE) ? modelFeatures : [...modelFeatures, BACKTEST_VOLATILITY_FEATURE];
  const frame = await loadFeatureColumns(db, { symbols: request.symbols, source: request.source, features, from, to });
  const readMs = performance.now() - started;
  if (frame.rows === 0) throw new InvalidRequestError(`no feature rows (${request.source}) for the universe in [${request.start}, ${request.end}): run \`mlt features backfill\` first`);

  const predictStarted = performance.now();
  const modelColumns = modelFeatures.map((name) => frame.columns[features.indexOf(name)]!);
  let value: Float64Array;
  let confidence: Float64Array;
  let blocks: number | null = null;
  if (source.kind === 'registered') {
    ({ value, confidence } = await predictComplete(source.predictor, modelColumns, frame.rows));
  } else {
    const o = source.options;
    const predicted = walkForwardPredictions(
      { featureNames: modelFeatures, columns: modelColumns, symbolIndex: frame.symbolIndex, timestamps: frame.timestamps, close: frame.close },
      { predictionType: 'price_direction', horizon: o.horizon, kind: o.kind, hyperparameters: o.hyperparameters, seed: o.seed, trainSize: o.trainSize, retrainEvery: o.retrainEvery, ...(o.embargo === undefined ? {} : { embargo: o.embargo }) },
    );
    ({ value, confidence } = predicted);
    blocks = predicted.blocks.length;
  }
  const predictMs = performance.now() - predictStarted;

  const modelId = source.kind === 'registered' ? source.modelId : `walk-forward:${source.options.kind}`;
  const volatility = frame.columns[features.indexOf(BACKTEST_VOLATILITY_FEATURE)]!;
  // One pass over the frame: each symbol's rows by bar time.
  const rowsOf = frame.symbols.map(() => new Map<number, number>());
  for (let r = 0; r < frame.rows; r++) rowsOf[frame.symbolIndex[r]!]!.set(frame.timestamps[r]!, r);
  const universe = request.symbols.map((symbol) => alignSymbol(symbol, bars.get(symbol)!, rowsOf[frame.symbols.indexOf(symbol)] ?? new Map(), { value, confidence, volatility }, modelId));
  return { universe, predictionType: source.kind === 'registered' ? source.predictionType : 'price_direction', modelId, readMs, predictMs, walkForwardBlocks: blocks };
}

async function loadBars(db: Kysely<Database>, symbols: readonly string[], source: string, from: Date, to: Date): Promise<Map<string, MarketBarColumns>> {
  const out = new Map<string, MarketBarColumns>();
  const after = new Date(from.getTime() - 1); // loadBarColumns' lower bound is exclusive; the range's start is not
  for (let i = 0; i < symbols.length; i += PARALLEL_SYMBOLS) {
    const batch = symbols.slice(i, i + PARALLEL_SYMBOLS);
    const loaded = await Promise.all(batch.map((symbol) => loadBarColumns(db, { symbol, source, after, before: to })));
    batch.forEach((symbol, k) => out.set(symbol, loaded[k]!));
  }
  return out;
}

/** Predicts the rows whose every model feature is present (as the predict job skips the others); NaN elsewhere. */
async function predictComplete(predictor: BacktestPredictor, columns: readonly Float64Array[], rows: number): Promise<{ value: Float64Array; confidence: Float64Array }> {
  const complete: number[] = [];
  for (let r = 0; r < rows; r++) if (columns.every((c) => Number.isFinite(c[r]!))) complete.push(r);
  const value = new Float64Array(rows).fill(Number.NaN);
  const confidence = new Float64Array(rows).fill(Number.NaN);
  if (complete.length === 0) return { value, confidence };
  const predicted = await predictor.predict(columns.map((c) => Float64Array.from(complete, (r) => c[r]!)));
  complete.forEach((r, i) => {
    value[r] = predicted.value[i]!;
    // Clamped as the predict job stores it (predictions.confidence is in [0, 1]).
    confidence[r] = Math.min(1, Math.max(0, predicted.confidence[i]!));
  });
  return { value, confidence };
}

function alignSymbol(
  symbol: string,
  bars: MarketBarColumns,
  rowAt: ReadonlyMap<number, number>,
  perRow: { value: Float64Array; confidence: Float64Array; volatility: Float64Array },
  modelId: string,
): SymbolInput {
  const n = bars.timestamp.length;
  const value = new Float64Array(n).fill(Number.NaN);
  const confidence = new Float64Array(n).fill(Number.NaN);
  const volatility = new Float64Array(n).fill(Number.NaN);
  for (let i = 0; i < n; i++) {
    const r = rowAt.get(bars.timestamp[i]!);
    if (r === undefined) continue;
    value[i] = perRow.value[r]!;
    confidence[i] = perRow.confidence[r]!;
    volatility[i] = perRow.volatility[r]!;
  }
  return { symbol, bars, predictions: { modelId, value, confidence }, volatility };
}

function preview(symbols: readonly string[]): string {
  return symbols.length <= 20 ? symbols.join(', ') : `${symbols.slice(0, 20).join(', ')}, … (${symbols.length - 20} more)`;
}
