// The paper broker's matching, bar by bar. An order is decided on one bar and can first trade on
// the next: a market order at that bar's open moved against it by the slippage, a limit order when
// the bar trades through its limit. A bar lends at most `maxVolumeShare` of its volume to an order,
// so a large order fills across bars until it is done or its time in force runs out. Fill ids are
// derived from (order, bar, sequence): replaying the same bars yields the same fills.
import { InvalidInputError } from '../errors/invalid-input-error.ts';
import { fillId } from '../ids/fill-id.ts';
import { roundDecimal4, roundDecimal4Adverse } from '../orders/decimal.ts';
import type { FillRecord } from '../orders/fill-record.ts';
import { mustTransition, type OrderEvent } from '../orders/order-state-machine.ts';
import { isTerminal, remainingQuantity, type OrderState } from '../orders/order.ts';
import { assertValidBar, type Bar } from './bar.ts';
import { commissionFor } from './commission.ts';
import type { FillSimulatorConfig } from './fill-simulator-config.ts';

export interface TimeInForce {
  /** The order may trade on at most this many bars after its decision bar, then expires. null = no limit. */
  readonly bars: number | null;
  /** A bar starting at or after this instant (epoch ms) is not traded; the order expires there. null = none. */
  readonly expiresAt: number | null;
}

export const GOOD_TILL_CANCELLED: TimeInForce = Object.freeze({ bars: null, expiresAt: null });

/** An order in the paper broker's book. */
export interface PaperOrder {
  readonly order: OrderState;
  /** The bar the decision was made on (epoch ms); only later bars trade the order. */
  readonly decisionTimestamp: number;
  readonly timeInForce: TimeInForce;
  /** Bars after the decision bar seen so far. */
  readonly barsSeen: number;
  /** Fills so far: the next fill's sequence number. */
  readonly fillCount: number;
}

export interface BarOutcome {
  readonly paper: PaperOrder;
  /** The fill on this bar, if any (at most one per order and bar). */
  readonly fill: FillRecord | null;
  /** The state-machine events applied, in order (a fill, an expiry, or both). */
  readonly events: readonly OrderEvent[];
}

/** Accept a submitted order into the paper book. */
export function paperOrder(order: OrderState, decisionTimestamp: number, timeInForce: TimeInForce = GOOD_TILL_CANCELLED): PaperOrder {
  const issues = [];
  if (order.status !== 'submitted' && order.status !== 'partially_filled') issues.push({ path: 'order.status', message: `must be submitted or partially_filled, got ${order.status}` });
  if (order.order_type === 'limit' && !(order.price !== null && Number.isFinite(order.price) && order.price > 0)) {
    issues.push({ path: 'order.price', message: `a limit order needs a finite limit price > 0, got ${order.price}` });
  }
  if (!Number.isFinite(decisionTimestamp)) issues.push({ path: 'decisionTimestamp', message: `must be finite, got ${decisionTimestamp}` });
  if (timeInForce.bars !== null && !(Number.isInteger(timeInForce.bars) && timeInForce.bars > 0)) {
    issues.push({ path: 'timeInForce.bars', message: `must be a whole number > 0 or null, got ${timeInForce.bars}` });
  }
  if (timeInForce.expiresAt !== null && !Number.isFinite(timeInForce.expiresAt)) {
    issues.push({ path: 'timeInForce.expiresAt', message: `must be finite or null, got ${timeInForce.expiresAt}` });
  }
  if (issues.length > 0) throw new InvalidInputError(`paper order ${order.order_id}`, issues);
  return { order, decisionTimestamp, timeInForce, barsSeen: 0, fillCount: 0 };
}

/** The price a bar gives the order, or null when it does not trade (limit not reached). */
export function matchPrice(order: OrderState, bar: Bar, slippageBps: number): number | null {
  if (order.order_type === 'market') {
    const slip = slippageBps / 10_000;
    const price = order.side === 'buy' ? bar.open * (1 + slip) : bar.open * (1 - slip);
    return roundDecimal4Adverse(price, order.side);
  }
  const limit = order.price!;
  if (order.side === 'buy') return bar.low <= limit ? roundDecimal4(Math.min(bar.open, limit)) : null;
  return bar.high >= limit ? roundDecimal4(Math.max(bar.open, limit)) : null;
}

/** Shares the bar lends the order: the remaining quantity, capped by the volume share. */
export function barCapacity(remaining: number, volume: number, maxVolumeShare: number | null): number {
  if (maxVolumeShare === null) return remaining;
  // The epsilon keeps 1000 × 0.3 = 300.00000000000006 → 300 and 0.29999… → 300, not 299.
  return Math.min(remaining, Math.floor(volume * maxVolumeShare + 1e-9));
}

/** The order after one bar. Bars must come in time order; terminal orders pass through unchanged. */
export function simulateBar(paper: PaperOrder, bar: Bar, config: FillSimulatorConfig): BarOutcome {
  assertValidBar(bar);
  let order = paper.order;
  if (isTerminal(order.status) || bar.timestamp <= paper.decisionTimestamp) return { paper, fill: null, events: [] };
  const events: OrderEvent[] = [];
  const { expiresAt, bars } = paper.timeInForce;
  if (expiresAt !== null && bar.timestamp >= expiresAt) {
    const expire: OrderEvent = { type: 'expire', at: bar.timestamp };
    return { paper: { ...paper, order: mustTransition(order, expire) }, fill: null, events: [expire] };
  }
  const barsSeen = paper.barsSeen + 1;
  let fillCount = paper.fillCount;
  let fill: FillRecord | null = null;
  const price = matchPrice(order, bar, config.slippageBps);
  const quantity = price === null ? 0 : barCapacity(remainingQuantity(order), bar.volume, config.maxVolumeShare);
  if (price !== null && quantity >= 1) {
    const event: OrderEvent = { type: 'fill', at: bar.timestamp, quantity, price };
    order = mustTransition(order, event);
    events.push(event);
    fill = {
      fill_id: fillId(order.order_id, bar.timestamp, fillCount),
      order_id: order.order_id,
      symbol: order.symbol,
      quantity,
      price,
      commission: commissionFor(config.commission, quantity, price),
      timestamp: bar.timestamp,
      correlation_id: order.correlation_id,
    };
    fillCount++;
  }
  if (!isTerminal(order.status) && bars !== null && barsSeen >= bars) {
    const expire: OrderEvent = { type: 'expire', at: bar.timestamp };
    order = mustTransition(order, expire);
    events.push(expire);
  }
  return { paper: { ...paper, order, barsSeen, fillCount }, fill, events };
}

/** Run the order over bars in time order until it is terminal or the bars end. */
export function simulateBars(paper: PaperOrder, bars: readonly Bar[], config: FillSimulatorConfig): { paper: PaperOrder; fills: FillRecord[] } {
  const fills: FillRecord[] = [];
  let current = paper;
  let previous = -Infinity;
  for (const bar of bars) {
    if (isTerminal(current.order.status)) break;
    if (!(bar.timestamp > previous)) throw new InvalidInputError('bars', [{ path: String(bar.timestamp), message: 'bars must be in strictly increasing time order' }]);
    previous = bar.timestamp;
    const outcome = simulateBar(current, bar, config);
    current = outcome.paper;
    if (outcome.fill !== null) fills.push(outcome.fill);
  }
  return { paper: current, fills };
}
