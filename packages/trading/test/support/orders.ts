import type { OrderState } from '../../src/index.ts';

export const T0 = Date.parse('2024-03-08T14:30:00Z');

/** A submitted order with the fields a test does not care about filled in. */
export function order(overrides: Partial<OrderState> = {}): OrderState {
  return {
    order_id: 'o-TEST-1',
    symbol: 'AAPL',
    side: 'buy',
    quantity: 100,
    order_type: 'market',
    price: null,
    status: 'submitted',
    strategy: 'direction-threshold',
    model_id: 'model-1',
    correlation_id: 'corr-1',
    created_at: T0,
    updated_at: T0,
    filled_quantity: 0,
    average_fill_price: null,
    ...overrides,
  };
}
