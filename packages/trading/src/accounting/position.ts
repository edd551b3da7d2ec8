// Average-cost accounting of one symbol from its fills. Realized P&L is booked on the shares a fill
// closes (price − average cost, signed by the side closed); a fill that goes through zero closes the
// old position and opens the new one at the fill price. Commission is kept apart, so gross and net
// figures are both at hand.
import type { OrderSide } from '../orders/order.ts';

export interface Position {
  readonly symbol: string;
  /** Signed shares: > 0 long, < 0 short. */
  readonly quantity: number;
  /** Average entry price of the open shares; 0 when flat. */
  readonly average_cost: number;
  /** Realized P&L before commission. */
  readonly realized_pnl: number;
  /** Commission paid on every fill of the symbol. */
  readonly commission: number;
}

/** What accounting needs of a fill: the `fills` row and its order's side. */
export interface AccountingFill {
  readonly symbol: string;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly price: number;
  readonly commission: number;
}

export function flatPosition(symbol: string): Position {
  return { symbol, quantity: 0, average_cost: 0, realized_pnl: 0, commission: 0 };
}

export function applyFillToPosition(position: Position, fill: AccountingFill): Position {
  const signed = fill.side === 'buy' ? fill.quantity : -fill.quantity;
  const commission = position.commission + fill.commission;
  const held = position.quantity;
  if (held === 0 || Math.sign(held) === Math.sign(signed)) {
    const quantity = held + signed;
    const average_cost = (Math.abs(held) * position.average_cost + Math.abs(signed) * fill.price) / Math.abs(quantity);
    return { ...position, quantity, average_cost, commission };
  }
  const closed = Math.min(Math.abs(signed), Math.abs(held));
  const realized_pnl = position.realized_pnl + closed * (fill.price - position.average_cost) * Math.sign(held);
  const quantity = held + signed;
  const average_cost = quantity === 0 ? 0 : Math.sign(quantity) === Math.sign(held) ? position.average_cost : fill.price;
  return { ...position, quantity, average_cost, realized_pnl, commission };
}

/** Mark-to-market P&L of the open shares. */
export function unrealizedPnl(position: Position, mark: number): number {
  return position.quantity === 0 ? 0 : (mark - position.average_cost) * position.quantity;
}
