import { describe, expect, it } from 'vitest';
import {
  LEGAL_TRANSITIONS,
  ORDER_STATUSES,
  OrderTransitionError,
  createOrder,
  isLegalTransition,
  mustTransition,
  orderPlacedEvent,
  orderTransitionEvent,
  transition,
  type OrderEvent,
  type OrderState,
  type OrderStatus,
} from '../src/index.ts';
import { T0, order } from './support/orders.ts';

const at = T0 + 1_000;

/** The whole legal table, written out by hand (not read from the code under test). */
const EXPECTED_LEGAL = new Set([
  'pending→submitted',
  'pending→rejected',
  'pending→cancelled',
  'pending→expired',
  'submitted→partially_filled',
  'submitted→filled',
  'submitted→cancelled',
  'submitted→rejected',
  'submitted→expired',
  'partially_filled→partially_filled',
  'partially_filled→filled',
  'partially_filled→cancelled',
  'partially_filled→expired',
]);

/** An order in `status` with 40 of 100 shares filled when that status implies fills. */
function inStatus(status: OrderStatus): OrderState {
  const filled = status === 'partially_filled' ? 40 : status === 'filled' ? 100 : 0;
  return order({ status, filled_quantity: filled, average_fill_price: filled > 0 ? 10 : null });
}

/** An event that would move an order of 100 shares with 40 filled to `to` (fills take what is needed). */
function eventTo(to: OrderStatus, from: OrderState): OrderEvent | null {
  switch (to) {
    case 'submitted':
      return { type: 'submit', at };
    case 'cancelled':
      return { type: 'cancel', at, reason: 'operator' };
    case 'rejected':
      return { type: 'reject', at, reason: 'risk' };
    case 'expired':
      return { type: 'expire', at };
    case 'filled':
      return { type: 'fill', at, quantity: Math.max(from.quantity - from.filled_quantity, 1), price: 11 };
    case 'partially_filled':
      return { type: 'fill', at, quantity: Math.min(10, Math.max(from.quantity - from.filled_quantity - 1, 1)), price: 11 };
    case 'pending':
      return null; // nothing leads back to pending
  }
}

describe('the transition table', () => {
  it('is exactly the hand-written one', () => {
    for (const from of ORDER_STATUSES) {
      for (const to of ORDER_STATUSES) expect(isLegalTransition(from, to), `${from}→${to}`).toBe(EXPECTED_LEGAL.has(`${from}→${to}`));
    }
  });

  // All 7 × 7 pairs: the legal ones succeed, every other one is refused naming from and to.
  for (const from of ORDER_STATUSES) {
    for (const to of ORDER_STATUSES) {
      const legal = EXPECTED_LEGAL.has(`${from}→${to}`);
      it(`${from} → ${to} is ${legal ? 'allowed' : 'refused'}`, () => {
        const before = inStatus(from);
        const event = eventTo(to, before);
        if (event === null) {
          // No event targets pending; every event from any status leads elsewhere.
          expect(legal).toBe(false);
          return;
        }
        const result = transition(before, event);
        if (legal) {
          expect(result.ok, JSON.stringify(result)).toBe(true);
          if (result.ok) {
            expect([result.from, result.to, result.order.status]).toEqual([from, to, to]);
            expect(result.order.updated_at).toBe(at);
          }
        } else {
          expect(result.ok).toBe(false);
          if (!result.ok) {
            expect(result.error).toBeInstanceOf(OrderTransitionError);
            expect(result.error.code).toBe('illegal_transition');
            // Any fill on a filled order would take it past its quantity: the refusal names 'filled'.
            const named = from === 'filled' && event.type === 'fill' ? 'filled' : to;
            expect([result.error.from, result.error.to]).toEqual([from, named]);
            expect(result.error.message).toContain(`${from} → ${named}`);
          }
        }
      });
    }
  }

  it('terminal states refuse every event', () => {
    const events: OrderEvent[] = [
      { type: 'submit', at },
      { type: 'fill', at, quantity: 1, price: 10 },
      { type: 'cancel', at },
      { type: 'reject', at, reason: 'x' },
      { type: 'expire', at },
    ];
    for (const status of ['filled', 'cancelled', 'rejected', 'expired'] as const) {
      for (const event of events) {
        const result = transition(inStatus(status), event);
        expect(result.ok, `${status} + ${event.type}`).toBe(false);
        if (!result.ok) expect(result.error.message).toContain(`${status} is terminal`);
      }
    }
    expect(LEGAL_TRANSITIONS.filled).toEqual([]);
  });

  it('does not change the order it was given', () => {
    const before = order();
    const copy = structuredClone(before);
    transition(before, { type: 'fill', at, quantity: 10, price: 10 });
    expect(before).toEqual(copy);
  });
});

describe('the lifecycle', () => {
  it('pending → submitted → partially_filled → filled, with cumulative quantity and average price', () => {
    let o = createOrder(
      { symbol: 'AAPL', side: 'buy', quantity: 100, order_type: 'market', price: null, strategy: 's', model_id: 'm', bar_timestamp: T0, target_position: 100, reference_price: 10 },
      { at: T0, correlationId: 'c-1' },
    );
    expect([o.status, o.filled_quantity, o.average_fill_price, o.correlation_id]).toEqual(['pending', 0, null, 'c-1']);
    o = mustTransition(o, { type: 'submit', at: T0 + 1 });
    o = mustTransition(o, { type: 'fill', at: T0 + 2, quantity: 30, price: 10 });
    expect([o.status, o.filled_quantity, o.average_fill_price]).toEqual(['partially_filled', 30, 10]);
    o = mustTransition(o, { type: 'fill', at: T0 + 3, quantity: 50, price: 12 });
    // (30 × 10 + 50 × 12) / 80 = 11.25
    expect([o.status, o.filled_quantity, o.average_fill_price]).toEqual(['partially_filled', 80, 11.25]);
    o = mustTransition(o, { type: 'fill', at: T0 + 4, quantity: 20, price: 13 });
    // (900 + 260) / 100 = 11.6
    expect([o.status, o.filled_quantity, o.updated_at]).toEqual(['filled', 100, T0 + 4]);
    expect(o.average_fill_price).toBeCloseTo(11.6, 12);
  });

  it('a partly filled order that is cancelled keeps its fills', () => {
    let o = mustTransition(order(), { type: 'fill', at, quantity: 40, price: 10 });
    o = mustTransition(o, { type: 'cancel', at: at + 1 });
    expect([o.status, o.filled_quantity]).toEqual(['cancelled', 40]);
  });

  it('refuses a fill beyond the quantity and leaves the order as it was', () => {
    const partly = mustTransition(order(), { type: 'fill', at, quantity: 60, price: 10 });
    const result = transition(partly, { type: 'fill', at, quantity: 41, price: 10 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('overfill');
      expect([result.error.from, result.error.to]).toEqual(['partially_filled', 'filled']);
      expect(result.error.message).toMatch(/fill of 41 with 60 of 100 already filled/);
    }
    expect(mustTransition(partly, { type: 'fill', at, quantity: 40, price: 10 }).status).toBe('filled');
  });

  it.each([
    ['zero quantity', { quantity: 0, price: 10 }, /whole number > 0, got 0/],
    ['negative quantity', { quantity: -5, price: 10 }, /got -5/],
    ['fractional quantity', { quantity: 1.5, price: 10 }, /got 1.5/],
    ['NaN quantity', { quantity: Number.NaN, price: 10 }, /got NaN/],
    ['zero price', { quantity: 1, price: 0 }, /price must be a finite number > 0, got 0/],
    ['infinite price', { quantity: 1, price: Number.POSITIVE_INFINITY }, /got Infinity/],
    ['negative price', { quantity: 1, price: -1 }, /got -1/],
  ])('refuses a fill with %s', (_label, fill, message) => {
    const result = transition(order(), { type: 'fill', at, ...fill });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_event');
      expect(result.error.message).toMatch(message);
    }
  });

  it('refuses an event time that is not finite', () => {
    const result = transition(order({ status: 'pending' }), { type: 'submit', at: Number.NaN });
    expect(result.ok ? 'accepted' : result.error.code).toBe('invalid_event');
  });

  it('mustTransition throws the refusal', () => {
    expect(() => mustTransition(order({ status: 'filled', filled_quantity: 100 }), { type: 'cancel', at })).toThrow(OrderTransitionError);
  });
});

describe('trading_events rows', () => {
  it('names the transition and carries the fill, the reason and the correlation id', () => {
    const before = order({ status: 'pending' });
    expect(orderPlacedEvent(before)).toMatchObject({ event_type: 'order_placed', order_id: 'o-TEST-1', quantity: 100, correlation_id: 'corr-1' });
    const submit: OrderEvent = { type: 'submit', at };
    const submitted = mustTransition(before, submit);
    expect(orderTransitionEvent(submitted, 'pending', submit)).toMatchObject({ event_type: 'order_submitted', timestamp: at, metadata: { from: 'pending', to: 'submitted' } });
    const fill: OrderEvent = { type: 'fill', at: at + 1, quantity: 30, price: 10.5 };
    const partly = mustTransition(submitted, fill);
    expect(orderTransitionEvent(partly, 'submitted', fill)).toMatchObject({
      event_type: 'order_partially_filled',
      quantity: 30,
      price: 10.5,
      metadata: { filled_quantity: 30, average_fill_price: 10.5 },
    });
    const reject: OrderEvent = { type: 'reject', at, reason: 'kill_switch: trading is halted' };
    const rejected = mustTransition(before, reject);
    expect(orderTransitionEvent(rejected, 'pending', reject)).toMatchObject({ event_type: 'order_rejected', metadata: { reason: 'kill_switch: trading is halted' } });
  });
});
