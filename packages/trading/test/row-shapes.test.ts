// The records here must stay the rows of packages/db (same column names, compatible value types),
// so the service writes them without renaming. These checks fail at `typecheck` when either side
// drifts; the runtime part shows the conversion the service does (epoch ms → Date).
import type { FillsTable, NewFill, NewOrder, NewTradingEvent, OrderSide as DbOrderSide, OrderStatus as DbOrderStatus, OrderType as DbOrderType, OrdersTable, TradingEventsTable } from '@mltrading/db';
import { describe, expect, it } from 'vitest';
import { mustTransition, orderTransitionEvent, type FillRecord, type OrderState, type OrderStatus, type TradingEventRecord } from '../src/index.ts';
import { T0, order } from './support/orders.ts';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(): T => true as T;

/** Columns the database fills itself. */
type DbOnly = 'id' | 'created_at';

// orders: every column but id; plus the two fields derived from fills.
assertType<Equal<Exclude<keyof OrderState, 'filled_quantity' | 'average_fill_price'>, Exclude<keyof OrdersTable, 'id'>>>();
assertType<Equal<OrderState['side'], DbOrderSide>>();
assertType<OrderState['order_type'] extends DbOrderType ? true : false>();
// The one known difference: 'expired' waits for the service's migration; once it lands in
// packages/db's OrderStatus, this becomes `never` (and orderRow below loses its guard).
assertType<Equal<Exclude<OrderStatus, DbOrderStatus>, 'expired'>>();
// fills and trading_events: every column the database does not fill itself.
assertType<Equal<keyof FillRecord, Exclude<keyof FillsTable, DbOnly>>>();
assertType<Equal<keyof TradingEventRecord, Exclude<keyof TradingEventsTable, DbOnly>>>();

function orderRow(o: OrderState): NewOrder {
  const { filled_quantity: _filled, average_fill_price: _average, status, created_at, updated_at, ...columns } = o;
  if (status === 'expired') throw new Error('orders.status has no expired until the migration adds it');
  return { ...columns, status, created_at: new Date(created_at), updated_at: new Date(updated_at) };
}

const fillRow = (f: FillRecord): NewFill => ({ ...f, timestamp: new Date(f.timestamp) });
const eventRow = (e: TradingEventRecord): NewTradingEvent => ({ ...e, timestamp: new Date(e.timestamp), metadata: JSON.stringify(e.metadata) });

describe('records as database rows', () => {
  it('an order, a fill and a trading event convert with only the time and JSON changed', () => {
    const o = order();
    expect(Object.keys(orderRow(o)).sort()).toEqual(
      ['correlation_id', 'created_at', 'model_id', 'order_id', 'order_type', 'price', 'quantity', 'side', 'status', 'strategy', 'symbol', 'updated_at'].sort(),
    );
    expect(orderRow(o).created_at).toEqual(new Date(T0));
    const f: FillRecord = { fill_id: 'f-1', order_id: o.order_id, symbol: 'AAPL', quantity: 10, price: 10.5, commission: 1, timestamp: T0, correlation_id: null };
    expect(fillRow(f)).toEqual({ ...f, timestamp: new Date(T0) });
    const submit = { type: 'submit' as const, at: T0 + 1 };
    const row = eventRow(orderTransitionEvent(mustTransition({ ...o, status: 'pending' }, submit), 'pending', submit));
    expect(JSON.parse(row.metadata as string)).toMatchObject({ from: 'pending', to: 'submitted' });
  });
});
