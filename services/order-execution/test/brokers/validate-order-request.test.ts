import { describe, expect, it } from 'vitest';
import type { SubmitOrderRequest } from '../../src/brokers/broker.ts';
import { BrokerRejectedError } from '../../src/brokers/errors/broker-rejected-error.ts';
import { InvalidOrderRequestError } from '../../src/brokers/errors/invalid-order-request-error.ts';
import { validateOrderRequest } from '../../src/brokers/validate-order-request.ts';

const good: SubmitOrderRequest = { clientOrderId: 'mom-m1-AAPL-20261204T1500', symbol: 'AAPL', side: 'buy', quantity: 10, type: 'limit', limitPrice: 187.25, timeInForce: 'day' };

function refusal(change: Partial<Record<keyof SubmitOrderRequest, unknown>>): InvalidOrderRequestError {
  try {
    validateOrderRequest('test', { ...good, ...change } as SubmitOrderRequest);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidOrderRequestError);
    return error as InvalidOrderRequestError;
  }
  throw new Error(`expected ${JSON.stringify(change)} to be refused`);
}

describe('validateOrderRequest', () => {
  it('passes a well-formed limit and market order', () => {
    expect(validateOrderRequest('test', good)).toBe(good);
    const market: SubmitOrderRequest = { ...good, type: 'market', limitPrice: undefined };
    expect(validateOrderRequest('test', market)).toBe(market);
  });

  it.each([
    [{ quantity: 0 }, /quantity 0 must be greater than zero/],
    [{ quantity: -5 }, /quantity -5 must be greater than zero/],
    [{ quantity: Number.NaN }, /quantity NaN is not a finite number/],
    [{ quantity: Number.POSITIVE_INFINITY }, /quantity Infinity is not a finite number/],
    [{ quantity: 2.5 }, /quantity 2.5 must be a whole number/],
    [{ quantity: '10' }, /quantity 10 is not a finite number/],
    [{ limitPrice: 0 }, /limitPrice 0 must be greater than zero/],
    [{ limitPrice: -1 }, /limitPrice -1 must be greater than zero/],
    [{ limitPrice: Number.NaN }, /limitPrice NaN is not a finite number/],
    [{ limitPrice: Number.NEGATIVE_INFINITY }, /limitPrice -Infinity is not a finite number/],
    [{ limitPrice: undefined }, /a limit order needs a limitPrice/],
    [{ type: 'market' }, /a market order takes no limitPrice/],
    [{ type: 'stop' }, /type must be one of market, limit/],
    [{ side: 'short' }, /side must be one of buy, sell/],
    [{ timeInForce: 'forever' }, /timeInForce must be one of/],
    [{ symbol: 'aapl' }, /symbol "aapl" is not a ticker/],
    [{ clientOrderId: '' }, /clientOrderId must be 1-128 printable characters/],
    [{ clientOrderId: 'has space' }, /clientOrderId must be 1-128/],
    [{ clientOrderId: 'x'.repeat(129) }, /clientOrderId must be 1-128/],
  ])('refuses %o with a clear reason', (change, reason) => {
    const error = refusal(change);
    expect(error.message).toMatch(reason);
    expect(error.message).toMatch(/not sent/);
    expect(error).toBeInstanceOf(BrokerRejectedError);
    expect(error.retryable).toBe(false);
    expect(error.sent).toBe(false);
  });

  it('names the order in the message when its id is usable', () => {
    expect(refusal({ quantity: 0 }).message).toContain(good.clientOrderId);
    expect(refusal({ quantity: 0 }).clientOrderId).toBe(good.clientOrderId);
  });
});
