// One prediction → at most one order. Every prediction ends with a recorded decision: an order
// (pending → sent, or rejected by the risk checks with its reason) or a `signal_skipped` trading
// event saying why not. The order row is committed before anything is sent; a second run for the
// same prediction (a duplicated or retried job) finds the order by its deterministic id and only
// asks the broker about it.
import {
  barAt,
  featureValueAt,
  getModel,
  getOrder,
  insertOrderIfAbsent,
  isTradingHalted,
  latestCloses,
  openOrderQuantities,
  orderTimesSince,
  positionsFromFills,
  recordSignalSkipped,
  signalSkippedEvents,
  symbolHasBars,
  type Database,
  type Order,
  type Prediction,
  type TradingEvent,
} from '@mltrading/db';
import { FEATURE_VERSION } from '@mltrading/features';
import { checkOrderRisk, clientOrderId, createOrder, formatViolations, InvalidInputError, ORDER_RATE_WINDOW_MS } from '@mltrading/trading';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { VOLATILITY_FEATURE, type ExecutionSettings } from './execution-settings.ts';
import { LATE_DATA_RETRY_MS, RETRYABLE_SKIP_REASONS } from './late-data.ts';
import { syncOrder, type SyncAction } from './sync-order.ts';

export interface ExecuteDeps {
  readonly db: Kysely<Database>;
  readonly settings: ExecutionSettings;
  readonly logger: Logger;
  readonly correlationId: string;
}

export type PredictionOutcome =
  | { readonly predictionId: string; readonly outcome: 'skipped'; readonly reason: string; readonly message: string }
  | { readonly predictionId: string; readonly outcome: 'already_decided' }
  | { readonly predictionId: string; readonly outcome: 'rejected'; readonly orderId: string; readonly reason: string }
  | { readonly predictionId: string; readonly outcome: 'order'; readonly orderId: string; readonly action: SyncAction; readonly status: string; readonly inserted: boolean };

export async function executePrediction(deps: ExecuteDeps, prediction: Prediction): Promise<PredictionOutcome> {
  const { db, settings, correlationId } = deps;
  const { strategy, source } = settings;
  const predictionId = prediction.prediction_id;
  const symbol = prediction.symbol;
  const skip = async (reason: string, message: string, metadata: Record<string, number | string | null> = {}): Promise<PredictionOutcome> => {
    const final = !RETRYABLE_SKIP_REASONS.has(reason);
    await recordSignalSkipped(db, { predictionId, strategy: strategy.name, symbol, reason, message, correlationId, final, metadata: { model_id: prediction.model_id, ...metadata } });
    deps.logger.info({ predictionId, symbol, reason, final }, `no order: ${message}`);
    return { predictionId, outcome: 'skipped', reason, message };
  };
  /** Missing market data: not final (the sweep asks again while the prediction is fresh); one event per reason is enough. */
  const waitForData = async (reason: string, message: string, earlier: readonly TradingEvent[]): Promise<PredictionOutcome> => {
    if (earlier.some((e) => skipReason(e) === reason)) {
      deps.logger.info({ predictionId, symbol, reason }, `no order yet: ${message}`);
      return { predictionId, outcome: 'skipped', reason, message };
    }
    return skip(reason, message);
  };

  const model = await getModel(db, prediction.model_id);
  if (model === undefined || model.status !== 'active') {
    return skip('model_not_active', `model ${prediction.model_id} is ${model?.status ?? 'unknown'}; only an active model's predictions are traded`);
  }

  let orderId: string;
  try {
    orderId = clientOrderId({ strategy: strategy.name, modelId: model.model_id, symbol, barTimestamp: prediction.timestamp.getTime(), ...(model.interval ? { interval: model.interval } : {}) });
  } catch (error) {
    if (error instanceof InvalidInputError) return skip('invalid_input', error.message);
    throw error;
  }

  const existing = await getOrder(db, orderId);
  if (existing !== undefined) return resume(deps, predictionId, existing, false);
  // Decided already: a final refusal, or a wait for market data that has run out (LATE_DATA_RETRY_MS).
  const earlier = await signalSkippedEvents(db, predictionId, strategy.name);
  const expired = prediction.created_at.getTime() < settings.now() - LATE_DATA_RETRY_MS;
  if (earlier.some((e) => isFinalSkip(e)) || (earlier.length > 0 && expired)) return { predictionId, outcome: 'already_decided' };

  if (!(await symbolHasBars(db, symbol, source))) return waitForData('unknown_symbol', `symbol ${symbol} has no ${source} market data`, earlier);
  const bar = await barAt(db, { symbol, source, timestamp: prediction.timestamp });
  if (bar === undefined) return waitForData('no_price', `no ${source} bar of ${symbol} at ${prediction.timestamp.toISOString()}`, earlier);
  const price = Number(bar.close);
  const volatility = await featureValueAt(db, { symbol, source, featureVersion: FEATURE_VERSION, timestamp: prediction.timestamp, feature: VOLATILITY_FEATURE });
  const filled = (await positionsFromFills(db, { strategy: strategy.name, symbols: [symbol] }))[0]?.quantity ?? 0;
  const open = (await openOrderQuantities(db, { strategy: strategy.name })).get(symbol) ?? 0;
  const position = filled + open;

  const decision = strategy.decide({
    prediction: {
      model_id: prediction.model_id,
      symbol,
      timestamp: prediction.timestamp.getTime(),
      prediction_type: prediction.prediction_type,
      prediction_value: prediction.prediction_value === null ? null : Number(prediction.prediction_value),
      confidence: prediction.confidence === null ? null : Number(prediction.confidence),
    },
    position,
    price,
    // A missing volatility (warm-up, no feature row) is not a number: the strategy refuses it with its reason.
    volatility: volatility ?? Number.NaN,
  });
  if (decision.kind === 'none') return skip(decision.reason, decision.message, { target_position: decision.target_position, position, price: Number.isFinite(price) ? price : String(price) });

  const now = settings.now();
  const order = createOrder(decision.intent, { at: now, correlationId, ...(model.interval ? { interval: model.interval } : {}) });
  const risk = checkOrderRisk(
    {
      order: decision.intent,
      referencePrice: price,
      position,
      grossExposure: await grossExposure(db, source),
      recentOrderTimes: (await orderTimesSince(db, new Date(now - ORDER_RATE_WINDOW_MS))).map((d) => d.getTime()),
      now,
      killSwitch: await isTradingHalted(db),
    },
    settings.limits,
  );
  const row = {
    order_id: order.order_id,
    symbol,
    side: order.side,
    quantity: order.quantity,
    order_type: order.order_type,
    price: order.price,
    strategy: strategy.name,
    model_id: model.model_id,
    prediction_id: predictionId,
    interval: model.interval,
    bar_timestamp: prediction.timestamp,
    correlation_id: correlationId,
  } as const;
  if (!risk.allowed) {
    const reason = formatViolations(risk.violations);
    const stored = await insertOrderIfAbsent(db, { ...row, status: 'rejected', status_reason: reason });
    if (!stored.inserted) return resume(deps, predictionId, stored.order, false);
    deps.logger.warn({ predictionId, orderId: order.order_id, codes: risk.violations.map((v) => v.code) }, `order refused: ${reason}`);
    return { predictionId, outcome: 'rejected', orderId: order.order_id, reason };
  }
  // Committed before it is sent: whatever happens next, the order is on record under its id.
  const stored = await insertOrderIfAbsent(db, { ...row, status: 'pending' });
  return resume(deps, predictionId, stored.order, stored.inserted);
}

/** The order is on record: send it if this call inserted it, else only ask the broker about it. */
async function resume(deps: ExecuteDeps, predictionId: string, order: Order, inserted: boolean): Promise<PredictionOutcome> {
  if (order.status === 'rejected' && order.broker_order_id === null && !inserted) {
    return { predictionId, outcome: 'rejected', orderId: order.order_id, reason: order.status_reason ?? '' };
  }
  const synced = await syncOrder({ db: deps.db, broker: deps.settings.broker, logger: deps.logger, correlationId: deps.correlationId }, order.order_id, { send: inserted });
  return { predictionId, outcome: 'order', orderId: order.order_id, action: synced.action, status: synced.order.status, inserted };
}

/** Σ |position| × latest close over the whole book (fills; every strategy). */
async function grossExposure(db: Kysely<Database>, source: string): Promise<number> {
  const positions = (await positionsFromFills(db)).filter((p) => p.quantity !== 0);
  const closes = await latestCloses(db, positions.map((p) => p.symbol), source);
  return positions.reduce((sum, p) => sum + Math.abs(p.quantity) * (closes.get(p.symbol)?.close ?? 0), 0);
}

function skipReason(event: TradingEvent): unknown {
  return (event.metadata as { reason?: unknown } | null)?.reason;
}

/** Events written before non-final skips existed carry no `final`: they were all final. */
function isFinalSkip(event: TradingEvent): boolean {
  return (event.metadata as { final?: unknown } | null)?.final !== false;
}
