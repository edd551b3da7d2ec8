import type { OrderSide, OrderType } from '../orders/order.ts';

/** What a strategy wants sent; risk checks decide whether it may be, `createOrder` makes the order. */
export interface OrderIntent {
  readonly symbol: string;
  readonly side: OrderSide;
  /** Whole shares, > 0. */
  readonly quantity: number;
  readonly order_type: OrderType;
  /** Limit price for a limit order, null for a market order. */
  readonly price: number | null;
  /** orders.strategy: the configured strategy's name. */
  readonly strategy: string;
  readonly model_id: string;
  /** Epoch ms of the bar (prediction) the decision was made on; part of the client order id. */
  readonly bar_timestamp: number;
  /** Signed position (shares) the strategy aims for after the order fills. */
  readonly target_position: number;
  /** Price the decision used (the bar's close): the reference for market-order risk checks. */
  readonly reference_price: number;
}
