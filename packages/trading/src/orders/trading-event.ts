// trading_events rows for the order lifecycle, built next to the transition so the service writes
// the status change and its event in the same transaction without composing either itself.
import type { OrderEvent } from './order-state-machine.ts';
import type { OrderState, OrderStatus } from './order.ts';

type MetadataValue = string | number | boolean | null;

/** A `trading_events` row (packages/db/src/schema/trading-events.ts); `timestamp` in epoch ms. */
export interface TradingEventRecord {
  readonly timestamp: number;
  readonly event_type: string;
  readonly symbol: string;
  readonly side: string | null;
  readonly quantity: number | null;
  readonly price: number | null;
  readonly order_id: string | null;
  readonly strategy: string | null;
  readonly correlation_id: string | null;
  readonly metadata: Readonly<Record<string, MetadataValue>>;
}

/** `order_placed` for a newly created (pending) order. */
export function orderPlacedEvent(order: OrderState): TradingEventRecord {
  return {
    timestamp: order.created_at,
    event_type: 'order_placed',
    symbol: order.symbol,
    side: order.side,
    quantity: order.quantity,
    price: order.price,
    order_id: order.order_id,
    strategy: order.strategy,
    correlation_id: order.correlation_id,
    metadata: { status: order.status, order_type: order.order_type, model_id: order.model_id },
  };
}

/**
 * `order_<to>` (order_submitted, order_partially_filled, order_filled, order_cancelled,
 * order_rejected, order_expired) for a transition that succeeded. A fill event carries the fill's
 * quantity and price; the others the order's.
 */
export function orderTransitionEvent(after: OrderState, from: OrderStatus, event: OrderEvent): TradingEventRecord {
  const isFill = event.type === 'fill';
  const reason = event.type === 'reject' || event.type === 'cancel' ? (event.reason ?? null) : null;
  return {
    timestamp: event.at,
    event_type: `order_${after.status}`,
    symbol: after.symbol,
    side: after.side,
    quantity: isFill ? event.quantity : after.quantity,
    price: isFill ? event.price : after.price,
    order_id: after.order_id,
    strategy: after.strategy,
    correlation_id: after.correlation_id,
    metadata: {
      from,
      to: after.status,
      filled_quantity: after.filled_quantity,
      average_fill_price: after.average_fill_price,
      model_id: after.model_id,
      reason,
    },
  };
}
