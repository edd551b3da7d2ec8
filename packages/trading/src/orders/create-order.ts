import { clientOrderId } from '../ids/client-order-id.ts';
import type { OrderIntent } from '../strategies/order-intent.ts';
import type { OrderState } from './order.ts';

export interface CreateOrderOptions {
  /** Epoch ms the order is created (created_at = updated_at). */
  readonly at: number;
  readonly correlationId?: string | null;
  /** Bar interval, part of the client order id when given. */
  readonly interval?: string;
}

/** A `pending` order for an intent, with its deterministic client order id. */
export function createOrder(intent: OrderIntent, options: CreateOrderOptions): OrderState {
  const order_id = clientOrderId({
    strategy: intent.strategy,
    modelId: intent.model_id,
    symbol: intent.symbol,
    barTimestamp: intent.bar_timestamp,
    interval: options.interval,
  });
  return {
    order_id,
    symbol: intent.symbol,
    side: intent.side,
    quantity: intent.quantity,
    order_type: intent.order_type,
    price: intent.price,
    status: 'pending',
    strategy: intent.strategy,
    model_id: intent.model_id,
    correlation_id: options.correlationId ?? null,
    created_at: options.at,
    updated_at: options.at,
    filled_quantity: 0,
    average_fill_price: null,
  };
}
