import type { OrderSide, OrderType, SubmitOrderRequest, TimeInForce } from './broker.ts';
import { InvalidOrderRequestError } from './errors/invalid-order-request-error.ts';

const SIDES: readonly OrderSide[] = ['buy', 'sell'];
const TYPES: readonly OrderType[] = ['market', 'limit'];
const TIMES_IN_FORCE: readonly TimeInForce[] = ['day', 'gtc', 'opg', 'cls', 'ioc', 'fok'];
/** The tickers `packages/config` accepts for the universe. */
const SYMBOL = /^[A-Z][A-Z0-9.-]{0,9}$/;
/** Alpaca's limit for client order ids; printable ASCII without spaces so it survives URLs and logs. */
const CLIENT_ORDER_ID = /^[\x21-\x7e]{1,128}$/;

/**
 * Checks an order request before any broker sees it. Every broker calls this first, so a zero,
 * negative or non-finite quantity or price is refused the same way everywhere, with nothing sent.
 * Throws `InvalidOrderRequestError` naming the field and the value's problem.
 */
export function validateOrderRequest(broker: string, request: SubmitOrderRequest): SubmitOrderRequest {
  const id = typeof request.clientOrderId === 'string' ? request.clientOrderId : undefined;
  const refuse = (reason: string): never => {
    throw new InvalidOrderRequestError(broker, reason, id !== undefined && CLIENT_ORDER_ID.test(id) ? id : undefined);
  };
  if (id === undefined || !CLIENT_ORDER_ID.test(id)) {
    refuse('clientOrderId must be 1-128 printable characters without spaces');
  }
  if (typeof request.symbol !== 'string' || !SYMBOL.test(request.symbol)) {
    refuse(`symbol ${JSON.stringify(request.symbol)} is not a ticker (an upper-case letter, then letters, digits, "." or "-")`);
  }
  if (!SIDES.includes(request.side)) refuse(`side must be one of ${SIDES.join(', ')}`);
  if (!TYPES.includes(request.type)) refuse(`type must be one of ${TYPES.join(', ')}`);
  if (!TIMES_IN_FORCE.includes(request.timeInForce)) refuse(`timeInForce must be one of ${TIMES_IN_FORCE.join(', ')}`);
  checkQuantity(request.quantity, refuse);
  if (request.type === 'limit') {
    checkPrice(request.limitPrice, refuse);
  } else if (request.limitPrice !== undefined) {
    refuse('a market order takes no limitPrice');
  }
  return request;
}

function checkQuantity(quantity: unknown, refuse: (reason: string) => never): void {
  if (typeof quantity !== 'number' || !Number.isFinite(quantity)) refuse(`quantity ${String(quantity)} is not a finite number`);
  const q = quantity as number;
  if (q <= 0) refuse(`quantity ${q} must be greater than zero`);
  if (!Number.isSafeInteger(q)) refuse(`quantity ${q} must be a whole number of shares`);
}

function checkPrice(price: unknown, refuse: (reason: string) => never): void {
  if (price === undefined) refuse('a limit order needs a limitPrice');
  if (typeof price !== 'number' || !Number.isFinite(price)) refuse(`limitPrice ${String(price)} is not a finite number`);
  const p = price as number;
  if (p <= 0) refuse(`limitPrice ${p} must be greater than zero`);
}
