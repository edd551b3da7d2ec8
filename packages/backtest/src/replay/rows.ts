// Row shapes of the backtest tables (packages/db/src/schema/backtest-*.ts) without run_id, which the
// repositories add: the caller hands these to insertBacktestOrders / Fills / Equity unchanged.
// test/row-shapes.test.ts checks at type level that they are assignable to the db's Insertable rows.
import type { OrderSide, OrderStatus, OrderType } from '@mltrading/trading';

export interface BacktestOrderRow {
  order_id: string;
  symbol: string;
  side: OrderSide;
  quantity: number;
  order_type: OrderType;
  /** Limit price; null for a market order. */
  price: number | null;
  status: OrderStatus;
  /** Why it was rejected (the risk violations) or expired. */
  status_reason: string | null;
  filled_quantity: number;
  average_fill_price: number | null;
  strategy: string | null;
  model_id: string | null;
  prediction_id: string | null;
  /** The bar the decision was made on. */
  bar_timestamp: Date;
  /** When the order was sent: the decision bar's close (its start + interval). */
  created_at: Date;
  updated_at: Date;
}

export interface BacktestFillRow {
  fill_id: string;
  order_id: string;
  symbol: string;
  side: OrderSide;
  quantity: number;
  price: number;
  commission: number;
  timestamp: Date;
}

export interface BacktestEquityRow {
  /** Bar time; equity is marked at the closes of that bar (the last close for symbols without one). */
  timestamp: Date;
  equity: number;
  cash: number;
  gross_exposure: number;
  /** 1 − equity / running peak, clamped to [0, 1] (the column's CHECK). */
  drawdown: number;
}

export interface DecisionRecord {
  symbol: string;
  /** The bar decided on (epoch ms). */
  timestamp: number;
  outcome: 'order' | 'none';
  /** For 'none': the strategy's reason; for 'order': 'order'. */
  reason: string;
  target_position: number | null;
  /** The order created, accepted or rejected by risk; null without one. */
  order_id: string | null;
  side: OrderSide | null;
  quantity: number | null;
}
