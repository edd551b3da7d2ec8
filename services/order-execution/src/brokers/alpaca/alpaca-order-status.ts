import type { BrokerOrderStatus } from '../broker.ts';

/**
 * Every order status Alpaca documents (orders API v2). Exported so tests can prove each one maps.
 */
export const ALPACA_ORDER_STATUSES = [
  'new',
  'partially_filled',
  'filled',
  'done_for_day',
  'canceled',
  'expired',
  'replaced',
  'pending_cancel',
  'pending_replace',
  'accepted',
  'pending_new',
  'accepted_for_bidding',
  'stopped',
  'rejected',
  'suspended',
  'calculated',
  'held',
] as const;

export type AlpacaOrderStatus = (typeof ALPACA_ORDER_STATUSES)[number];

/** Final at Alpaca: no further fills will come. */
const FINAL: Readonly<Partial<Record<AlpacaOrderStatus, BrokerOrderStatus>>> = {
  filled: 'filled',
  canceled: 'cancelled',
  expired: 'expired',
  rejected: 'rejected',
  // We never replace orders; an order replaced (by hand, or by a corporate action) receives no more
  // fills under its id, which for our ledger is a cancellation of what was left.
  replaced: 'cancelled',
};

/**
 * Alpaca's status, with the filled quantity, in our terms. Every status that is not final — new,
 * accepted, pending_new, accepted_for_bidding, stopped, suspended, held, done_for_day (it resumes the
 * next session), pending_cancel and pending_replace (a cancel can still lose to a fill) — is an order
 * working at the broker: `submitted`, or `partially_filled` once something filled. `calculated`
 * (settlement pending after a fill or done_for_day) is `filled` when the whole quantity filled.
 * A status Alpaca adds later is treated as working, so reconciliation keeps asking rather than
 * closing an order that may still fill.
 */
export function mapAlpacaStatus(status: string, filledQuantity: number, quantity: number): BrokerOrderStatus {
  const final = FINAL[status as AlpacaOrderStatus];
  if (final !== undefined) return final;
  if (status === 'calculated' && quantity > 0 && filledQuantity >= quantity) return 'filled';
  return filledQuantity > 0 ? 'partially_filled' : 'submitted';
}
