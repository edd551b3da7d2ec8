import type { Insertable, Selectable, Updateable } from 'kysely';
import type { DefaultTimestamp } from './column-types.ts';

/** Operator switches, one row per scope; scope 'global' is the kill switch of all trading. */
export interface TradingControlsTable {
  scope: string;
  halted: boolean;
  reason: string | null;
  changed_by: string;
  changed_at: DefaultTimestamp;
}

export type TradingControl = Selectable<TradingControlsTable>;
export type NewTradingControl = Insertable<TradingControlsTable>;
export type TradingControlUpdate = Updateable<TradingControlsTable>;
