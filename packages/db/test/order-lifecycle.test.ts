import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fillsOfOrder,
  getOrder,
  IllegalOrderTransitionError,
  insertOrderIfAbsent,
  InvalidTradingValueError,
  ORDER_TRANSITIONS,
  OrderFillStateError,
  OrderNotFoundError,
  ordersInFlight,
  OrderTransitionConflictError,
  OverfillError,
  positionsFromFills,
  recordFill,
  transitionOrder,
  FillConflictError,
  type OrderInput,
  type OrderStatus,
} from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';
import { heldTransaction, waitForLockWaiters } from './support/wait-for-lock.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ poolSize: 12 });
});
afterAll(() => t?.drop());

const at = new Date('2026-03-02T15:00:00Z');
const order = (orderId: string, extra: Partial<OrderInput> = {}): OrderInput => ({
  order_id: orderId,
  symbol: 'AAPL',
  side: 'buy',
  quantity: 100,
  strategy: 'direction',
  model_id: 'm1',
  prediction_id: `p-${orderId}`,
  interval: '1h',
  bar_timestamp: at,
  correlation_id: 'corr-1',
  ...extra,
});

const events = (orderId: string) =>
  t.db.selectFrom('trading_events').select(['event_type', 'correlation_id', 'quantity', 'metadata']).where('order_id', '=', orderId).orderBy('id').execute();

describe('insertOrderIfAbsent', () => {
  it('inserts once: ten concurrent inserts of one order id give one order and one event', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => insertOrderIfAbsent(t.db, order('o-once'))));
    expect(results.filter((r) => r.inserted)).toHaveLength(1);
    expect(new Set(results.map((r) => r.order.id)).size).toBe(1);
    expect(results[0]!.order).toMatchObject({ status: 'pending', filled_quantity: 0, time_in_force: 'day', prediction_id: 'p-o-once' });
    expect((await events('o-once')).map((e) => e.event_type)).toEqual(['order_created']);
  });

  it('stores an order refused by the risk checks as rejected, with its reason', async () => {
    const { order: stored } = await insertOrderIfAbsent(t.db, order('o-risk', { status: 'rejected', status_reason: 'max position exceeded' }));
    expect(stored).toMatchObject({ status: 'rejected', status_reason: 'max position exceeded' });
    expect((await events('o-risk')).map((e) => e.event_type)).toEqual(['order_rejected']);
  });

  it('refuses zero, negative, fractional and non-finite quantities and prices, writing nothing', async () => {
    for (const bad of [{ quantity: 0 }, { quantity: -5 }, { quantity: 1.5 }, { quantity: Number.NaN }, { price: 0 }, { price: Number.POSITIVE_INFINITY }, { order_type: 'limit' as const }]) {
      await expect(insertOrderIfAbsent(t.db, order('o-bad', bad)), JSON.stringify(bad)).rejects.toThrow(InvalidTradingValueError);
    }
    expect(await getOrder(t.db, 'o-bad')).toBeUndefined();
  });
});

describe('transitionOrder', () => {
  it('walks pending → submitted → partially_filled → filled with fills, events and the correlation id', async () => {
    await insertOrderIfAbsent(t.db, order('o-life'));
    const submitted = await transitionOrder(t.db, { orderId: 'o-life', from: 'pending', to: 'submitted', brokerOrderId: 'b-1', correlationId: 'corr-2' });
    expect(submitted.order).toMatchObject({ status: 'submitted', broker_order_id: 'b-1' });
    expect(submitted.order.submitted_at).toBeInstanceOf(Date);
    expect(submitted.order.updated_at.getTime()).toBeGreaterThanOrEqual(submitted.order.created_at.getTime());

    const part = await transitionOrder(t.db, { orderId: 'o-life', from: 'submitted', to: 'partially_filled', fill: { fillId: 'f-1', quantity: 40, price: 10, commission: 1, timestamp: at }, correlationId: 'corr-2' });
    expect(part.order).toMatchObject({ status: 'partially_filled', filled_quantity: 40, average_fill_price: 10 });
    const more = await transitionOrder(t.db, { orderId: 'o-life', from: 'partially_filled', to: 'partially_filled', fill: { fillId: 'f-2', quantity: 20, price: 13, timestamp: at }, correlationId: 'corr-2' });
    expect(more.order).toMatchObject({ filled_quantity: 60, average_fill_price: 11 });
    const done = await transitionOrder(t.db, { orderId: 'o-life', from: 'partially_filled', to: 'filled', fill: { fillId: 'f-3', quantity: 40, price: 11, timestamp: at }, correlationId: 'corr-2' });
    expect(done.order).toMatchObject({ status: 'filled', filled_quantity: 100, average_fill_price: 11 });

    const fills = await fillsOfOrder(t.db, 'o-life');
    expect(fills.map((f) => f.quantity).reduce((a, b) => a + b, 0)).toBe(100);
    const history = await events('o-life');
    expect(history.map((e) => e.event_type)).toEqual(['order_created', 'order_submitted', 'order_partially_filled', 'order_partially_filled', 'order_filled']);
    expect(history.slice(1).every((e) => e.correlation_id === 'corr-2')).toBe(true);
    expect(history[2]).toMatchObject({ quantity: 40, metadata: { from: 'submitted', to: 'partially_filled', fill_id: 'f-1', filled_quantity: 40 } });
  });

  it('refuses every transition the lifecycle does not have, before touching the database', async () => {
    const all: OrderStatus[] = ['pending', 'submitted', 'partially_filled', 'filled', 'cancelled', 'rejected', 'expired'];
    let refused = 0;
    for (const from of all) {
      for (const to of all) {
        if (ORDER_TRANSITIONS[from].includes(to)) continue;
        await expect(transitionOrder(t.db, { orderId: 'o-life', from, to, correlationId: null }), `${from} → ${to}`).rejects.toThrow(IllegalOrderTransitionError);
        refused++;
      }
    }
    // Final states have no way out; partially_filled → partially_filled needs a fill.
    expect(refused).toBe(49 - 4 - 5 - 4);
    await expect(transitionOrder(t.db, { orderId: 'o-life', from: 'partially_filled', to: 'partially_filled', correlationId: null })).rejects.toThrow(IllegalOrderTransitionError);
  });

  it('refuses a transition from a stale status (optimistic check) and rolls its fill back', async () => {
    await insertOrderIfAbsent(t.db, order('o-stale'));
    await transitionOrder(t.db, { orderId: 'o-stale', from: 'pending', to: 'submitted', correlationId: null });
    const error = await transitionOrder(t.db, { orderId: 'o-stale', from: 'pending', to: 'cancelled', correlationId: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OrderTransitionConflictError);
    expect(error).toMatchObject({ expected: 'pending', actual: 'submitted' });

    await transitionOrder(t.db, { orderId: 'o-stale', from: 'submitted', to: 'cancelled', reason: 'user request', correlationId: null });
    // A fill reported against a status the order no longer has: refused, and the fill is not kept.
    await expect(
      transitionOrder(t.db, { orderId: 'o-stale', from: 'submitted', to: 'filled', fill: { fillId: 'f-stale', quantity: 100, price: 5, timestamp: at }, correlationId: null }),
    ).rejects.toThrow(OrderTransitionConflictError);
    expect(await fillsOfOrder(t.db, 'o-stale')).toEqual([]);
    expect(await getOrder(t.db, 'o-stale')).toMatchObject({ status: 'cancelled', status_reason: 'user request', filled_quantity: 0 });
    expect((await events('o-stale')).map((e) => e.event_type)).toEqual(['order_created', 'order_submitted', 'order_cancelled']);
    await expect(transitionOrder(t.db, { orderId: 'nope', from: 'pending', to: 'submitted', correlationId: null })).rejects.toThrow(OrderNotFoundError);
  });

  it('refuses a status that disagrees with the filled quantity', async () => {
    await insertOrderIfAbsent(t.db, order('o-short'));
    await transitionOrder(t.db, { orderId: 'o-short', from: 'pending', to: 'submitted', correlationId: null });
    await expect(
      transitionOrder(t.db, { orderId: 'o-short', from: 'submitted', to: 'filled', fill: { fillId: 'f-short', quantity: 30, price: 5, timestamp: at }, correlationId: null }),
    ).rejects.toThrow(OrderFillStateError);
    expect(await getOrder(t.db, 'o-short')).toMatchObject({ status: 'submitted', filled_quantity: 0 });
    expect(await fillsOfOrder(t.db, 'o-short')).toEqual([]);
  });

  it('expires a partially filled order, keeping its fills', async () => {
    await insertOrderIfAbsent(t.db, order('o-exp', { time_in_force: 'gtc', expires_at: new Date('2026-03-03T21:00:00Z') }));
    await transitionOrder(t.db, { orderId: 'o-exp', from: 'pending', to: 'submitted', correlationId: null });
    await transitionOrder(t.db, { orderId: 'o-exp', from: 'submitted', to: 'partially_filled', fill: { fillId: 'f-exp', quantity: 10, price: 7, timestamp: at }, correlationId: null });
    const { order: expired } = await transitionOrder(t.db, { orderId: 'o-exp', from: 'partially_filled', to: 'expired', reason: 'end of day', correlationId: null });
    expect(expired).toMatchObject({ status: 'expired', filled_quantity: 10, status_reason: 'end of day', time_in_force: 'gtc' });
  });
});

describe('recordFill', () => {
  it('is idempotent per fill_id and refuses a fill id reused with other values', async () => {
    await insertOrderIfAbsent(t.db, order('o-dup', { quantity: 50 }));
    const fill = { fillId: 'f-dup', orderId: 'o-dup', quantity: 20, price: 9.5, timestamp: at };
    expect((await recordFill(t.db, fill)).inserted).toBe(true);
    const again = await recordFill(t.db, fill);
    expect(again).toMatchObject({ inserted: false, filledQuantity: 20, orderQuantity: 50 });
    await expect(recordFill(t.db, { ...fill, quantity: 21 })).rejects.toThrow(FillConflictError);
    await expect(recordFill(t.db, { ...fill, orderId: 'o-life' })).rejects.toThrow(FillConflictError);
    await expect(recordFill(t.db, { ...fill, fillId: 'f-nan', price: Number.NaN })).rejects.toThrow(InvalidTradingValueError);
    await expect(recordFill(t.db, { ...fill, fillId: 'f-none', orderId: 'nope' })).rejects.toThrow(OrderNotFoundError);
    expect((await getOrder(t.db, 'o-dup'))?.filled_quantity).toBe(20);
  });

  it('refuses an over-fill under concurrency: eight fills of 30 on an order of 100 → three accepted', async () => {
    await insertOrderIfAbsent(t.db, order('o-race', { quantity: 100 }));
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => recordFill(t.db, { fillId: `f-race-${i}`, orderId: 'o-race', quantity: 30, price: 10 + i, timestamp: at })),
    );
    const accepted = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(accepted).toHaveLength(3);
    expect(refused).toHaveLength(5);
    for (const r of refused) expect(r.reason).toBeInstanceOf(OverfillError);
    const fills = await fillsOfOrder(t.db, 'o-race');
    expect(fills.reduce((sum, f) => sum + f.quantity, 0)).toBe(90);
    const stored = await getOrder(t.db, 'o-race');
    expect(stored?.filled_quantity).toBe(90);
    const notional = fills.reduce((sum, f) => sum + f.quantity * f.price, 0);
    expect(stored?.average_fill_price).toBeCloseTo(notional / 90, 6);
  });

  it('a second fill waits for the first one\'s row lock and then sees its quantity', async () => {
    await insertOrderIfAbsent(t.db, order('o-lock', { quantity: 10 }));
    const first = heldTransaction(t.db, (trx) => recordFill(trx, { fillId: 'f-lock-1', orderId: 'o-lock', quantity: 7, price: 3, timestamp: at }));
    expect((await first.worked).filledQuantity).toBe(7);
    const second = recordFill(t.db, { fillId: 'f-lock-2', orderId: 'o-lock', quantity: 7, price: 3, timestamp: at });
    const secondSettled = second.catch((e: unknown) => e);
    await waitForLockWaiters(t.db, 1, 'second fill blocked by the first');
    first.release();
    await first.done;
    expect(await secondSettled).toBeInstanceOf(OverfillError);
    expect((await getOrder(t.db, 'o-lock'))?.filled_quantity).toBe(7);
  });
});

describe('reconciliation and positions', () => {
  it('lists orders in flight, oldest first', async () => {
    const inFlight = await ordersInFlight(t.db);
    const ids = inFlight.map((o) => o.order_id);
    expect(ids).toEqual(expect.arrayContaining(['o-once', 'o-short', 'o-dup', 'o-race', 'o-lock']));
    expect(ids).not.toContain('o-life');
    expect(ids).not.toContain('o-stale');
    expect(ids).not.toContain('o-exp');
    expect(inFlight.every((o) => ['pending', 'submitted', 'partially_filled'].includes(o.status))).toBe(true);
    expect(await ordersInFlight(t.db, { createdBefore: new Date(0) })).toEqual([]);
  });

  it('aggregates net quantity and cost per symbol from the fills', async () => {
    await insertOrderIfAbsent(t.db, order('o-sell', { side: 'sell', quantity: 30, symbol: 'MSFT' }));
    await insertOrderIfAbsent(t.db, order('o-buy-msft', { quantity: 50, symbol: 'MSFT', strategy: 'other' }));
    await recordFill(t.db, { fillId: 'f-msft-buy', orderId: 'o-buy-msft', quantity: 50, price: 400, commission: 2, timestamp: at });
    await recordFill(t.db, { fillId: 'f-msft-sell', orderId: 'o-sell', quantity: 30, price: 410, commission: 1.5, timestamp: new Date(at.getTime() + 3_600_000) });
    const positions = await positionsFromFills(t.db, { symbols: ['MSFT'] });
    expect(positions).toEqual([
      { symbol: 'MSFT', quantity: 20, cost: 50 * 400 - 30 * 410, commission: 3.5, boughtQuantity: 50, soldQuantity: 30, fills: 2, lastFillAt: new Date(at.getTime() + 3_600_000) },
    ]);
    // As of before the sale, and per strategy.
    expect((await positionsFromFills(t.db, { symbols: ['MSFT'], until: new Date(at.getTime() + 1) }))[0]?.quantity).toBe(50);
    expect((await positionsFromFills(t.db, { symbols: ['MSFT'], strategy: 'direction' }))[0]).toMatchObject({ quantity: -30, boughtQuantity: 0 });

    const all = await positionsFromFills(t.db);
    const aapl = all.find((p) => p.symbol === 'AAPL');
    const { sum } = await t.db.selectFrom('fills').select((eb) => eb.fn.sum<number>('quantity').as('sum')).where('symbol', '=', 'AAPL').executeTakeFirstOrThrow();
    expect(aapl?.quantity).toBe(Number(sum));
    expect(await positionsFromFills(t.db, { symbols: [] })).toEqual([]);
  });
});
