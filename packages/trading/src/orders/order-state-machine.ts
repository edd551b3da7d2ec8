// One order lifecycle for live trading and the backtest. The functions return a new OrderState and
// never mutate: the caller persists the result (status, updated_at, a trading_events row) in one
// transaction, or drops it.
import { OrderTransitionError } from '../errors/order-transition-error.ts';
import { isTerminal, type OrderState, type OrderStatus } from './order.ts';

export type OrderEvent =
  | { readonly type: 'submit'; readonly at: number }
  | { readonly type: 'fill'; readonly at: number; readonly quantity: number; readonly price: number }
  | { readonly type: 'cancel'; readonly at: number; readonly reason?: string }
  | { readonly type: 'reject'; readonly at: number; readonly reason: string }
  | { readonly type: 'expire'; readonly at: number };

/**
 * Every legal from → to. `partially_filled → partially_filled` is a further partial fill. A pending
 * order (committed, not yet sent) can be rejected by the risk checks, cancelled, or expire before it
 * is sent; it cannot fill until it is submitted. Once a share has filled the broker can no longer
 * reject the order.
 */
export const LEGAL_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = Object.freeze({
  pending: ['submitted', 'rejected', 'cancelled', 'expired'],
  submitted: ['partially_filled', 'filled', 'cancelled', 'rejected', 'expired'],
  partially_filled: ['partially_filled', 'filled', 'cancelled', 'expired'],
  filled: [],
  cancelled: [],
  rejected: [],
  expired: [],
});

export function isLegalTransition(from: OrderStatus, to: OrderStatus): boolean {
  return LEGAL_TRANSITIONS[from].includes(to);
}

export type TransitionResult =
  | { readonly ok: true; readonly order: OrderState; readonly from: OrderStatus; readonly to: OrderStatus }
  | { readonly ok: false; readonly error: OrderTransitionError };

const TARGET: Record<Exclude<OrderEvent['type'], 'fill'>, OrderStatus> = {
  submit: 'submitted',
  cancel: 'cancelled',
  reject: 'rejected',
  expire: 'expired',
};

function refuse(order: OrderState, code: OrderTransitionError['code'], to: OrderStatus, detail: string): TransitionResult {
  return { ok: false, error: new OrderTransitionError(code, order.order_id, order.status, to, detail) };
}

/** The order after `event`, or a refusal naming from and to. */
export function transition(order: OrderState, event: OrderEvent): TransitionResult {
  const from = order.status;
  if (event.type !== 'fill') {
    const to = TARGET[event.type];
    if (!Number.isFinite(event.at)) return refuse(order, 'invalid_event', to, `event time must be finite, got ${event.at}`);
    if (!isLegalTransition(from, to)) return refuse(order, 'illegal_transition', to, illegalDetail(from));
    return { ok: true, from, to, order: { ...order, status: to, updated_at: event.at } };
  }
  const filled = order.filled_quantity + event.quantity;
  const to: OrderStatus = filled >= order.quantity ? 'filled' : 'partially_filled';
  if (!Number.isFinite(event.at)) return refuse(order, 'invalid_event', to, `event time must be finite, got ${event.at}`);
  if (!Number.isInteger(event.quantity) || event.quantity <= 0) {
    return refuse(order, 'invalid_event', to, `fill quantity must be a whole number > 0, got ${event.quantity}`);
  }
  if (!Number.isFinite(event.price) || event.price <= 0) {
    return refuse(order, 'invalid_event', to, `fill price must be a finite number > 0, got ${event.price}`);
  }
  if (!isLegalTransition(from, to)) return refuse(order, 'illegal_transition', to, illegalDetail(from));
  if (filled > order.quantity) {
    return refuse(order, 'overfill', 'filled', `fill of ${event.quantity} with ${order.filled_quantity} of ${order.quantity} already filled`);
  }
  const previousValue = order.average_fill_price === null ? 0 : order.average_fill_price * order.filled_quantity;
  const average = (previousValue + event.price * event.quantity) / filled;
  return { ok: true, from, to, order: { ...order, status: to, updated_at: event.at, filled_quantity: filled, average_fill_price: average } };
}

/** `transition`, throwing the refusal: for callers where a refusal is a bug. */
export function mustTransition(order: OrderState, event: OrderEvent): OrderState {
  const result = transition(order, event);
  if (!result.ok) throw result.error;
  return result.order;
}

function illegalDetail(from: OrderStatus): string {
  return isTerminal(from) ? `${from} is terminal` : `allowed from ${from}: ${LEGAL_TRANSITIONS[from].join(', ')}`;
}
