// What the numeric columns can hold, stated once beside the schema. market_data: prices are
// DECIMAL(10,4) with CHECK (> 0), volume is BIGINT; writers round and bound bars with these so a
// stored bar compares equal to the same bar fetched again. performance_logs: DECIMAL(10,3) and
// DECIMAL(5,2) measurements. predictions: prediction_value DECIMAL(20,10) (migration
// 2026-12-05T00-00-01; the seed's DECIMAL(10,4) rounded small forecasts away), confidence DECIMAL(5,4).

import type { BarField } from '@mltrading/market';

/** One bar's values (prices and volume), as stored. */
export type BarValues = { readonly [K in BarField]: number };

/** A bar: its start (epoch ms) and values. */
export type TimedBarValues = BarValues & { readonly timestamp: number };

/** market_data stores prices as DECIMAL(10,4): the largest storable price. */
export const MAX_STORABLE_PRICE = 999_999.9999;
/** The smallest price that rounds to a positive value at 4 decimals (the table's CHECK wants > 0). */
export const MIN_STORABLE_PRICE = 0.00005;
/** Volume is BIGINT; beyond 2^53 a double no longer holds whole share counts, so such a bar is refused. */
export const MAX_STORABLE_VOLUME = Number.MAX_SAFE_INTEGER;

/**
 * Rounds prices to the 4 decimals the column keeps and volume to a whole share count, so a bar
 * fetched again compares equal to what is stored (providers send float artefacts such as
 * 187.4400146484375) and re-ingesting an unchanged range changes nothing.
 */
export function toStoragePrecision(bar: TimedBarValues): TimedBarValues {
  return {
    timestamp: bar.timestamp,
    open: round4(bar.open),
    high: round4(bar.high),
    low: round4(bar.low),
    close: round4(bar.close),
    volume: Math.round(bar.volume),
  };
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** performance_logs.duration_ms is DECIMAL(10,3): the largest storable duration. */
export const MAX_LOGGED_DURATION_MS = 9_999_999.999;
/** performance_logs.cpu_usage_percent is DECIMAL(5,2): the largest storable percentage. */
export const MAX_LOGGED_CPU_PERCENT = 999.99;

/** predictions.prediction_value is DECIMAL(20,10): ten decimals (a 0.000123 forecast is kept as is). */
export const PREDICTION_VALUE_DECIMALS = 10;
/** The largest magnitude prediction_value holds (ten integer digits); larger is refused, not rounded. */
export const MAX_STORABLE_PREDICTION_VALUE = 9_999_999_999.999;

/** Whether a forecast can be stored in prediction_value: finite and within its ten integer digits. */
export function isStorablePredictionValue(value: number): boolean {
  return Number.isFinite(value) && Math.abs(value) <= MAX_STORABLE_PREDICTION_VALUE;
}
