// The pure trading package's records must stay this package's rows (same column names, compatible
// value types), so order execution and the backtest write them without renaming. These checks fail
// at `typecheck` when either side drifts; the runtime part shows the one conversion (epoch ms → Date).
import { mustTransition, orderTransitionEvent, ORDER_STATUSES, type FillRecord, type OrderState, type OrderStatus, type TradingEventRecord } from '@mltrading/trading';
import { describe, expect, it } from 'vitest';
import {
  ORDER_TRANSITIONS,
  type FillsTable,
  type NewFill,
  type NewOrder,
  type NewTradingEvent,
  type OrderSide as DbOrderSide,
  type OrderStatus as DbOrderStatus,
  type OrderType as DbOrderType,
  type OrdersTable,
  type TradingEventsTable,
} from '../src/index.ts';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(): T => true as T;

/** Columns the database fills itself. */
type DbOnly = 'id' | 'created_at';

// orders: every field of the pure order is a column; the service adds the lifecycle columns it knows.
assertType<Equal<Exclude<keyof OrderState, keyof OrdersTable>, never>>();
assertType<Equal<OrderState['side'], DbOrderSide>>();
assertType<OrderState['order_type'] extends DbOrderType ? true : false>();
assertType<Equal<OrderStatus, DbOrderStatus>>();
// fills and trading_events: every column the database does not fill itself.
assertType<Equal<keyof FillRecord, Exclude<keyof FillsTable, DbOnly>>>();
assertType<Equal<keyof TradingEventRecord, Exclude<keyof TradingEventsTable, DbOnly>>>();

const T0 = Date.parse('2024-03-08T14:30:00Z');

function orderRow(o: OrderState): NewOrder {
  const { created_at, updated_at, ...columns } = o;
  return { ...columns, created_at: new Date(created_at), updated_at: new Date(updated_at) };
}
const fillRow = (f: FillRecord): NewFill => ({ ...f, timestamp: new Date(f.timestamp) });
const eventRow = (e: TradingEventRecord): NewTradingEvent => ({ ...e, timestamp: new Date(e.timestamp), metadata: JSON.stringify(e.metadata) });

describe('trading records as database rows', () => {
  it('the lifecycle the database enforces is the one the trading package defines', () => {
    expect([...ORDER_STATUSES].sort()).toEqual(Object.keys(ORDER_TRANSITIONS).sort());
  });

  it('an order, a fill and a trading event convert with only the time and JSON changed', () => {
    const o: OrderState = {
      order_id: 'o-TEST-1', symbol: 'AAPL', side: 'buy', quantity: 100, order_type: 'market', price: null, status: 'submitted',
      strategy: 'direction-threshold', model_id: 'model-1', correlation_id: 'corr-1', created_at: T0, updated_at: T0,
      filled_quantity: 0, average_fill_price: null,
    };
    expect(orderRow(o).created_at).toEqual(new Date(T0));
    const f: FillRecord = { fill_id: 'f-1', order_id: o.order_id, symbol: 'AAPL', quantity: 10, price: 10.5, commission: 1, timestamp: T0, correlation_id: null };
    expect(fillRow(f)).toEqual({ ...f, timestamp: new Date(T0) });
    const submit = { type: 'submit' as const, at: T0 + 1 };
    const row = eventRow(orderTransitionEvent(mustTransition({ ...o, status: 'pending' }, submit), 'pending', submit));
    expect(JSON.parse(row.metadata as string)).toMatchObject({ from: 'pending', to: 'submitted' });
  });
});
