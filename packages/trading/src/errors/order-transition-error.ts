import type { OrderStatus } from '../orders/order.ts';

/**
 * Why a transition was refused:
 * - `illegal_transition`: the table does not allow from → to (terminal states allow nothing);
 * - `overfill`: the fill would take the filled quantity beyond the order's quantity;
 * - `invalid_event`: a fill with a zero, negative, fractional or non-finite quantity, a price that
 *   is not a finite positive number, or an event time that is not finite.
 */
export type OrderTransitionRefusal = 'illegal_transition' | 'overfill' | 'invalid_event';

export class OrderTransitionError extends Error {
  override readonly name = 'OrderTransitionError';

  constructor(
    readonly code: OrderTransitionRefusal,
    readonly orderId: string,
    readonly from: OrderStatus,
    readonly to: OrderStatus,
    detail: string,
  ) {
    super(`order ${orderId}: ${from} → ${to} refused (${code}): ${detail}`);
  }
}
