import type { DefaultTimestamp, Json, Timestamp } from './column-types.ts';

/** The feature engine's continuation state per symbol, source, bar interval and feature version. */
export interface FeatureEngineStateTable {
  symbol: string;
  source: string;
  interval: string;
  feature_version: string;
  /** Bar start of the newest bar the state has consumed. */
  last_timestamp: Timestamp;
  bars_seen: number;
  state: Json;
  correlation_id: string | null;
  updated_at: DefaultTimestamp;
}
