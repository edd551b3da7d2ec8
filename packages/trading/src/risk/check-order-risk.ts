// Every check runs on every order and every failure is reported, in a fixed order (kill switch
// first), so the rejected order's record says all that was wrong, not just the first thing.
import { isRegularSessionOpen } from '@mltrading/features';
import { calendarOf } from './session-calendar.ts';
import { MAX_DECIMAL_10_4 } from '../orders/decimal.ts';
import type { OrderSide, OrderType } from '../orders/order.ts';
import { ORDER_RATE_WINDOW_MS, ordersInWindow } from './order-rate-window.ts';
import type { RiskLimits } from './risk-limits.ts';

export type RiskViolationCode =
  | 'kill_switch'
  | 'invalid_quantity'
  | 'invalid_price'
  | 'invalid_input'
  | 'outside_trading_hours'
  | 'max_orders_per_minute'
  | 'max_order_notional'
  | 'max_position_shares'
  | 'max_position_notional'
  | 'max_gross_exposure';

export interface RiskViolation {
  readonly code: RiskViolationCode;
  readonly message: string;
  /** The limit and the value that broke it, when the check compares numbers. */
  readonly limit?: number;
  readonly value?: number;
}

export interface RiskCheckInput {
  readonly order: {
    readonly symbol: string;
    readonly side: OrderSide;
    readonly quantity: number;
    readonly order_type: OrderType;
    readonly price: number | null;
  };
  /** The symbol's current price (last close); a limit order is valued at its limit price instead. */
  readonly referencePrice: number;
  /** Current signed position in the symbol (include open orders' remaining shares to be conservative). */
  readonly position: number;
  /** Current Σ |position| × price over all symbols, this one included. */
  readonly grossExposure: number;
  /** Send times (epoch ms) of recent orders, any symbol. */
  readonly recentOrderTimes: readonly number[];
  /** When the order would be sent (epoch ms): trading hours and the rate window are judged here. */
  readonly now: number;
  /** The operator's halt: true refuses every order. */
  readonly killSwitch: boolean;
}

export interface RiskCheckResult {
  readonly allowed: boolean;
  /** Empty when allowed; otherwise every failed check in order, `violations[0]` the first. */
  readonly violations: readonly RiskViolation[];
}

const isWhole = (n: number) => Number.isInteger(n);

/** orders.quantity is INTEGER. */
const MAX_QUANTITY = 2_147_483_647;

export function checkOrderRisk(input: RiskCheckInput, limits: RiskLimits): RiskCheckResult {
  const v: RiskViolation[] = [];
  const { order, position, grossExposure, now } = input;
  if (input.killSwitch) v.push({ code: 'kill_switch', message: 'trading is halted (kill switch on)' });

  const quantityOk = isWhole(order.quantity) && order.quantity > 0 && order.quantity <= MAX_QUANTITY;
  if (!quantityOk) v.push({ code: 'invalid_quantity', message: `quantity must be a whole number in [1, ${MAX_QUANTITY}], got ${order.quantity}` });
  const limitPriceOk =
    order.order_type === 'market' ? order.price === null : order.price !== null && Number.isFinite(order.price) && order.price > 0 && order.price <= MAX_DECIMAL_10_4;
  if (!limitPriceOk) {
    v.push({
      code: 'invalid_price',
      message:
        order.order_type === 'market'
          ? `a market order has no price, got ${order.price}`
          : `limit price must be a finite number in (0, ${MAX_DECIMAL_10_4}] (orders.price DECIMAL(10,4)), got ${order.price}`,
    });
  }
  const referenceOk = Number.isFinite(input.referencePrice) && input.referencePrice > 0;
  if (!referenceOk) v.push({ code: 'invalid_price', message: `reference price must be a finite number > 0, got ${input.referencePrice}` });
  const stateOk = isWhole(position) && Number.isFinite(grossExposure) && grossExposure >= 0 && Number.isFinite(now);
  if (!stateOk) {
    v.push({ code: 'invalid_input', message: `position must be whole, gross exposure finite and ≥ 0, now finite; got ${position}, ${grossExposure}, ${now}` });
  }

  if (limits.tradingHours !== null && Number.isFinite(now)) {
    const hours = limits.tradingHours;
    if (!isRegularSessionOpen(now, calendarOf(hours))) {
      v.push({
        code: 'outside_trading_hours',
        message: `${new Date(now).toISOString()} is outside the session ${hours.sessionOpen}-${hours.sessionClose} ${hours.timeZone} (weekdays)`,
      });
    }
  }
  if (limits.maxOrdersPerMinute !== null && Number.isFinite(now)) {
    const count = ordersInWindow(input.recentOrderTimes, now, ORDER_RATE_WINDOW_MS) + 1;
    if (count > limits.maxOrdersPerMinute) {
      v.push({ code: 'max_orders_per_minute', message: `this would be order ${count} in 60 s, limit ${limits.maxOrdersPerMinute}`, limit: limits.maxOrdersPerMinute, value: count });
    }
  }

  // The size checks need a usable quantity, price and state; their absence is reported above.
  if (quantityOk && limitPriceOk && referenceOk && stateOk) {
    const price = order.order_type === 'limit' ? order.price! : input.referencePrice;
    const orderNotional = order.quantity * price;
    if (limits.maxOrderNotional !== null && orderNotional > limits.maxOrderNotional) {
      v.push({ code: 'max_order_notional', message: `order notional ${orderNotional} exceeds ${limits.maxOrderNotional}`, limit: limits.maxOrderNotional, value: orderNotional });
    }
    const after = position + (order.side === 'buy' ? order.quantity : -order.quantity);
    // Orders that shrink a position are always allowed through the position and exposure limits,
    // so a book that is over a (lowered) limit can still be reduced.
    const grows = Math.abs(after) > Math.abs(position);
    if (grows && limits.maxPositionShares !== null && Math.abs(after) > limits.maxPositionShares) {
      v.push({ code: 'max_position_shares', message: `position after the order ${after} exceeds ${limits.maxPositionShares} shares`, limit: limits.maxPositionShares, value: Math.abs(after) });
    }
    const afterNotional = Math.abs(after) * price;
    if (grows && limits.maxPositionNotional !== null && afterNotional > limits.maxPositionNotional) {
      v.push({ code: 'max_position_notional', message: `position notional after the order ${afterNotional} exceeds ${limits.maxPositionNotional}`, limit: limits.maxPositionNotional, value: afterNotional });
    }
    const grossAfter = grossExposure + (Math.abs(after) - Math.abs(position)) * price;
    if (grows && limits.maxGrossExposure !== null && grossAfter > limits.maxGrossExposure) {
      v.push({ code: 'max_gross_exposure', message: `gross exposure after the order ${grossAfter} exceeds ${limits.maxGrossExposure}`, limit: limits.maxGrossExposure, value: grossAfter });
    }
  }
  return { allowed: v.length === 0, violations: v };
}

/** One line for orders rejected by the checks (trading_events metadata, logs). */
export function formatViolations(violations: readonly RiskViolation[]): string {
  return violations.map((x) => `${x.code}: ${x.message}`).join('; ');
}
