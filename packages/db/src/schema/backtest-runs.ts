import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { DefaultTimestamp, Json, JsonValue, Timestamp } from './column-types.ts';

export type BacktestRunStatus = 'running' | 'succeeded' | 'failed';

export interface BacktestRunsTable {
  run_id: string;
  status: Generated<BacktestRunStatus>;
  /** Everything needed to run it again: strategy parameters, costs, model or walk-forward set-up. */
  parameters: ColumnType<JsonValue, string, string>;
  code_version: string | null;
  interval: string;
  /** The replayed data range, [range_start, range_end). */
  range_start: Timestamp;
  range_end: Timestamp;
  universe: string[];
  strategy: string | null;
  model_id: string | null;
  /** Runs of one parameter sweep share it (the deflated Sharpe ratio counts them). */
  sweep_id: string | null;
  report: Json;
  error: string | null;
  correlation_id: string | null;
  created_at: DefaultTimestamp;
  finished_at: Timestamp | null;
}

export type BacktestRun = Selectable<BacktestRunsTable>;
export type NewBacktestRun = Insertable<BacktestRunsTable>;
export type BacktestRunUpdate = Updateable<BacktestRunsTable>;
