// The replay's rows are what the db repositories insert: checked at type level (by `typecheck`) and
// at run time on a real replay's output (every column present, nothing extra).
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { NewBacktestEquityPoint, NewBacktestFill, NewBacktestOrder } from '@mltrading/db';
import { replay, type BacktestEquityRow, type BacktestFillRow, type BacktestOrderRow } from '../src/index.ts';
import { syntheticUniverse } from './support/synthetic-universe.ts';

type WithoutRun<T> = Omit<T, 'run_id'>;

describe('row shapes match the backtest tables', () => {
  it('at type level', () => {
    expectTypeOf<BacktestOrderRow>().toMatchTypeOf<WithoutRun<NewBacktestOrder>>();
    expectTypeOf<BacktestFillRow>().toMatchTypeOf<WithoutRun<NewBacktestFill>>();
    expectTypeOf<BacktestEquityRow>().toMatchTypeOf<WithoutRun<NewBacktestEquityPoint>>();
    expectTypeOf<keyof BacktestOrderRow>().toEqualTypeOf<keyof WithoutRun<NewBacktestOrder>>();
    expectTypeOf<keyof BacktestFillRow>().toEqualTypeOf<keyof WithoutRun<NewBacktestFill>>();
    expectTypeOf<keyof BacktestEquityRow>().toEqualTypeOf<keyof WithoutRun<NewBacktestEquityPoint>>();
  });

  it('at run time: the columns of the repositories, drawdown within the CHECK', () => {
    const universe = syntheticUniverse({ symbols: 2, bars: 200, seed: 9, accuracy: 0.6 });
    const r = replay(universe, { strategy: { kind: 'direction-threshold', params: { riskBudget: 300 } }, riskLimits: { tradingHours: null }, interval: '1h', initialCash: 1_000_000 });
    expect(r.fills.length).toBeGreaterThan(0);
    expect(Object.keys(r.orders[0]!).sort()).toEqual(['average_fill_price', 'bar_timestamp', 'created_at', 'filled_quantity', 'model_id', 'order_id', 'order_type', 'prediction_id', 'price', 'quantity', 'side', 'status', 'status_reason', 'strategy', 'symbol', 'updated_at']);
    expect(Object.keys(r.fills[0]!).sort()).toEqual(['commission', 'fill_id', 'order_id', 'price', 'quantity', 'side', 'symbol', 'timestamp']);
    expect(Object.keys(r.equity[0]!).sort()).toEqual(['cash', 'drawdown', 'equity', 'gross_exposure', 'timestamp']);
    for (const e of r.equity) expect(e.drawdown >= 0 && e.drawdown <= 1).toBe(true);
    for (const o of r.orders) expect(o.filled_quantity).toBe(r.fills.filter((f) => f.order_id === o.order_id).reduce((n, f) => n + f.quantity, 0));
  });
});
