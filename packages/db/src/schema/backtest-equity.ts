import type { Insertable, Selectable } from 'kysely';
import type { Timestamp } from './column-types.ts';

/** The equity curve of a backtest run, one row per replayed bar time. */
export interface BacktestEquityTable {
  run_id: string;
  timestamp: Timestamp;
  equity: number;
  cash: number;
  /** Sum of absolute position values. */
  gross_exposure: number;
  /** Fall from the running peak of equity, as a fraction in [0, 1]. */
  drawdown: number;
}

export type BacktestEquityPoint = Selectable<BacktestEquityTable>;
export type NewBacktestEquityPoint = Insertable<BacktestEquityTable>;
