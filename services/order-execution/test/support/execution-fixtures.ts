import { loadOrderExecutionConfig } from '@mltrading/config';
import { promoteModel, registerModel, upsertMarketData, upsertPredictions, type Database } from '@mltrading/db';
import { FEATURE_VERSION } from '@mltrading/features';
import { sql, type Kysely } from 'kysely';
import { pino } from 'pino';
import type { Broker } from '../../src/brokers/broker.ts';
import { executionSettings, type ExecutionSettings } from '../../src/execution/execution-settings.ts';

export const HOUR = 3_600_000;
/** Monday 2026-11-02 15:00 UTC (10:00 in New York): inside the regular session. */
export const T0 = Date.parse('2026-11-02T15:00:00Z');
export const SOURCE = 'synthetic';
export const silentLogger = pino({ level: 'silent' });

export interface BarSpec {
  open: number;
  high?: number;
  low?: number;
  close?: number;
  volume?: number;
}

/** Hand-placed hourly bars of one symbol from `start` on. */
export async function storeBars(db: Kysely<Database>, symbol: string, start: number, bars: readonly BarSpec[]): Promise<void> {
  await upsertMarketData(
    db,
    bars.map((b, i) => ({
      symbol,
      source: SOURCE,
      timestamp: new Date(start + i * HOUR),
      open: b.open,
      high: b.high ?? b.open * 1.01,
      low: b.low ?? b.open * 0.99,
      close: b.close ?? b.open,
      volume: b.volume ?? 2_000,
    })),
  );
}

/** A feature row carrying the volatility the strategy sizes by (the other features do not matter here). */
export async function storeVolatility(db: Kysely<Database>, symbol: string, timestamp: number, volatility: number): Promise<void> {
  await sql`INSERT INTO feature_engineered_data (symbol, timestamp, source, feature_version, realized_vol_med)
            VALUES (${symbol}, ${new Date(timestamp)}, ${SOURCE}, ${FEATURE_VERSION}, ${volatility})`.execute(db);
}

export async function activeModel(db: Kysely<Database>, modelId: string): Promise<void> {
  await registerModel(db, {
    modelId,
    name: modelId,
    version: '1',
    modelType: 'logistic_regression',
    predictionType: 'price_direction',
    interval: '1h',
    parameters: {},
    metrics: {},
    filePath: `pg-artifact://${'0'.repeat(64)}`,
  });
  await promoteModel(db, modelId);
}

/** An "up" prediction (P(up) = value) on the bar at `timestamp`. */
export async function storePrediction(db: Kysely<Database>, id: string, modelId: string, symbol: string, timestamp: number, value = 0.9, confidence = 0.8): Promise<void> {
  await upsertPredictions(db, [
    { prediction_id: id, model_id: modelId, symbol, timestamp: new Date(timestamp), prediction_type: 'price_direction', prediction_value: value, confidence, features: null },
  ]);
}

/** A broker that counts what passes through it (the real one underneath). */
export function countingBroker(inner: Broker): Broker & { submits: string[] } {
  const submits: string[] = [];
  return {
    name: inner.name,
    submits,
    submitOrder: (request, signal) => {
      submits.push(request.clientOrderId);
      return inner.submitOrder(request, signal);
    },
    getOrderByClientId: (id, signal) => inner.getOrderByClientId(id, signal),
    cancelOrder: (id, signal) => inner.cancelOrder(id, signal),
    listFills: (q, signal) => inner.listFills(q, signal),
    ...(inner.fillsOfOrder ? { fillsOfOrder: (id: string, signal?: AbortSignal) => inner.fillsOfOrder!(id, signal) } : {}),
  };
}

/** Settings from an environment like the service's, with the paper broker counted. */
export function testSettings(db: Kysely<Database>, env: Record<string, string> = {}, now: () => number = Date.now): { settings: ExecutionSettings; broker: Broker & { submits: string[] } } {
  const config = loadOrderExecutionConfig({ EXECUTION_BAR_SOURCE: SOURCE, RISK_LIMITS: '{"tradingHours":null}', ORDER_STRATEGY_PARAMS: '{"riskBudget":500}', ...env });
  const base = executionSettings(config, db, { now });
  const broker = countingBroker(base.broker);
  return { settings: { ...base, broker }, broker };
}
