import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAlpacaBroker, type AlpacaBrokerOptions } from '../../src/brokers/alpaca/alpaca-broker.ts';
import { ALPACA_ORDER_STATUSES, mapAlpacaStatus } from '../../src/brokers/alpaca/alpaca-order-status.ts';
import type { Broker, SubmitOrderRequest } from '../../src/brokers/broker.ts';
import {
  BrokerAuthError,
  BrokerError,
  BrokerRateLimitedError,
  BrokerRejectedError,
  BrokerUnavailableError,
  DuplicateClientOrderIdError,
  InvalidOrderRequestError,
} from '../../src/brokers/errors/index.ts';
import { startFakeAlpacaServer, type FakeAlpacaServer } from '../support/fake-alpaca-server.ts';

const KEY_ID = 'PKTESTKEYID0123456789';
const SECRET = 'sEcReT-alpaca-value-9f8e7d6c5b4a';
/** Pinned clock for `X-RateLimit-Reset`. */
const NOW = Date.parse('2026-12-04T15:00:00Z');

let fake: FakeAlpacaServer;
/** Retries of reads without the production pauses. */
const FAST_RETRY = { attempts: 3, maxRetryAfterMs: 2_000, backoffMs: 1 };

beforeEach(async () => {
  fake = await startFakeAlpacaServer({ keyId: KEY_ID, secretKey: SECRET });
});

afterEach(async () => {
  await fake.close();
});

function broker(overrides: Partial<AlpacaBrokerOptions> = {}): Broker {
  return createAlpacaBroker({ keyId: KEY_ID, secretKey: SECRET, baseUrl: fake.url, timeoutMs: 10_000, now: () => NOW, ...overrides });
}

function order(clientOrderId: string, change: Partial<SubmitOrderRequest> = {}): SubmitOrderRequest {
  return { clientOrderId, symbol: 'AAPL', side: 'buy', quantity: 10, type: 'market', timeInForce: 'day', ...change };
}

/** The rejection of `promise`, checked to be an instance of `type`. */
async function failure<T extends Error>(promise: Promise<unknown>, type: abstract new (...args: never[]) => T, step: string): Promise<T> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, `${step}: expected ${type.name}`).toBeInstanceOf(type);
  return caught as T;
}

const posts = () => fake.seen.filter((r) => r.method === 'POST');

describe('submit and read back', () => {
  it('places a limit order with our client order id and reads it back by that id', async () => {
    const alpaca = broker();
    const placed = await alpaca.submitOrder(order('s1-m1-AAPL-1', { type: 'limit', limitPrice: 187.25, timeInForce: 'gtc' }));
    expect(placed).toMatchObject({
      clientOrderId: 's1-m1-AAPL-1',
      symbol: 'AAPL',
      side: 'buy',
      quantity: 10,
      type: 'limit',
      limitPrice: 187.25,
      timeInForce: 'gtc',
      status: 'submitted',
      brokerStatus: 'accepted',
      filledQuantity: 0,
      averageFillPrice: null,
    });
    expect(placed.brokerOrderId).toMatch(/^[0-9a-f-]{36}$/);

    const [post] = posts();
    expect(JSON.parse(post!.body)).toEqual({
      symbol: 'AAPL',
      qty: '10',
      side: 'buy',
      type: 'limit',
      time_in_force: 'gtc',
      client_order_id: 's1-m1-AAPL-1',
      limit_price: '187.25',
    });
    expect(post!.headers['apca-api-key-id']).toBe(KEY_ID);
    expect(post!.headers['apca-api-secret-key']).toBe(SECRET);

    const read = await alpaca.getOrderByClientId('s1-m1-AAPL-1');
    expect(read).toEqual(placed);
    expect(fake.seen.at(-1)!.path).toBe('/v2/orders:by_client_order_id');
    expect(fake.seen.at(-1)!.query.get('client_order_id')).toBe('s1-m1-AAPL-1');
  });

  it('answers null for a client order id the broker does not know', async () => {
    expect(await broker().getOrderByClientId('never-sent')).toBeNull();
    expect(fake.seen).toHaveLength(1);
  });
});

describe('never twice', () => {
  it('refuses a duplicate client order id; reading by that id finds the one existing order', async () => {
    const alpaca = broker();
    const first = await alpaca.submitOrder(order('dup-1'));
    const error = await failure(alpaca.submitOrder(order('dup-1', { quantity: 99 })), DuplicateClientOrderIdError, 'second submit');
    expect(error.clientOrderId).toBe('dup-1');
    expect(error.status).toBe(422);
    expect(error.retryable).toBe(false);

    const existing = await alpaca.getOrderByClientId('dup-1');
    expect(existing?.brokerOrderId).toBe(first.brokerOrderId);
    expect(existing?.quantity).toBe(10);
    expect(fake.orders.size).toBe(1);
  });

  it('a submit that times out after the broker stored the order is found by client order id, not sent again', async () => {
    fake.timeOutAfterAcceptingNextOrder();
    const impatient = broker({ timeoutMs: 300 });
    const error = await failure(impatient.submitOrder(order('lost-answer-1')), BrokerUnavailableError, 'submit with no answer');
    expect(error.message).toMatch(/no answer within 300 ms/);
    expect(error.retryable).toBe(true);
    expect(fake.orders.size).toBe(1);

    // What a retry does first: ask. The order is there, so there is nothing to send. (A generous
    // timeout from here on: only the hanging request should ever time out, even on a loaded machine.)
    const alpaca = broker();
    const found = await alpaca.getOrderByClientId('lost-answer-1');
    expect(found?.clientOrderId).toBe('lost-answer-1');
    expect(found?.brokerOrderId).toBe(fake.orderByClientId('lost-answer-1')!.id);
    expect(posts()).toHaveLength(1);
    expect(fake.orders.size).toBe(1);

    // And a careless resend is refused by the broker, still one order.
    await failure(alpaca.submitOrder(order('lost-answer-1')), DuplicateClientOrderIdError, 'resend');
    expect(fake.orders.size).toBe(1);
  });
});

describe('failures are typed', () => {
  it('429 with Retry-After gives BrokerRateLimitedError with that delay and stores nothing', async () => {
    fake.failNext({ status: 429, headers: { 'retry-after': '7' }, body: '{"code":42910000,"message":"rate limit exceeded"}' });
    const error = await failure(broker().submitOrder(order('rl-1')), BrokerRateLimitedError, '429 with Retry-After');
    expect(error.retryAfterMs).toBe(7_000);
    expect(error.retryable).toBe(true);
    expect(error.status).toBe(429);
    expect(fake.orders.size).toBe(0);
  });

  it('429 without Retry-After takes X-RateLimit-Reset, else a minute', async () => {
    fake.failNext({ status: 429, headers: { 'x-ratelimit-reset': String(NOW / 1000 + 30) } });
    const reset = await failure(broker().submitOrder(order('rl-2')), BrokerRateLimitedError, '429 with reset');
    expect(reset.retryAfterMs).toBe(30_000);

    // A read is asked three times (short backoff here) before the 429 goes back to the caller.
    for (let i = 0; i < 3; i++) fake.failNext({ status: 429 });
    const gets = fake.seen.length;
    const bare = await failure(broker({ readRetry: FAST_RETRY }).getOrderByClientId('rl-2'), BrokerRateLimitedError, 'bare 429');
    expect(bare.retryAfterMs).toBe(60_000);
    expect(bare.operation).toBe('get');
    expect(fake.seen.length - gets).toBe(3);
  });

  it('reads are retried on 5xx and a short Retry-After; a long Retry-After and a submit are not', async () => {
    const alpaca = broker({ readRetry: FAST_RETRY });
    await alpaca.submitOrder(order('rt-1'));
    fake.failNext({ status: 503, method: 'GET' });
    fake.failNext({ status: 429, method: 'GET', headers: { 'retry-after': '0' } });
    const before = fake.seen.length;
    expect(await alpaca.getOrderByClientId('rt-1')).toMatchObject({ clientOrderId: 'rt-1' });
    expect(fake.seen.length - before, 'two failures, then the answer').toBe(3);

    fake.failNext({ status: 429, method: 'GET', headers: { 'retry-after': '30' } });
    const long = await failure(alpaca.getOrderByClientId('rt-1'), BrokerRateLimitedError, 'long Retry-After');
    expect(long.retryAfterMs).toBe(30_000);
    expect(fake.seen.length - before, 'not waited for inside the call').toBe(4);

    fake.failNext({ status: 503, method: 'POST' });
    await failure(alpaca.submitOrder(order('rt-2')), BrokerUnavailableError, 'submit 503');
    expect(posts().filter((r) => r.body.includes('rt-2')), 'a submit is sent once').toHaveLength(1);
  });

  it.each([500, 502, 503, 504])('HTTP %i gives BrokerUnavailableError', async (status) => {
    fake.failNext({ status, body: '<html>upstream error</html>' });
    const error = await failure(broker().submitOrder(order(`5xx-${status}`)), BrokerUnavailableError, `HTTP ${status}`);
    expect(error.status).toBe(status);
    expect(error.message).toContain(`HTTP ${status}: <html>upstream error</html>`);
    expect(error.retryable).toBe(true);
  });

  it('a refused connection gives BrokerUnavailableError', async () => {
    const url = fake.url;
    await fake.close();
    const error = await failure(
      createAlpacaBroker({ keyId: KEY_ID, secretKey: SECRET, baseUrl: url }).getOrderByClientId('x-1'),
      BrokerUnavailableError,
      'closed port',
    );
    expect(error.message).toMatch(/ECONNREFUSED/);
    fake = await startFakeAlpacaServer({ keyId: KEY_ID, secretKey: SECRET });
  });

  it('an order refusal (403 buying power, 422 validation) is BrokerRejectedError with the broker\'s reason, not retried', async () => {
    fake.failNext({ status: 403, body: '{"code":40310000,"message":"insufficient buying power"}' });
    const poor = await failure(broker().submitOrder(order('rej-1')), BrokerRejectedError, '403');
    expect(poor.reason).toBe('insufficient buying power');
    expect(poor.retryable).toBe(false);

    fake.failNext({ status: 422, body: '{"code":40010001,"message":"asset ZZZZ not found"}' });
    const unknown = await failure(broker().submitOrder(order('rej-2', { symbol: 'ZZZZ' })), BrokerRejectedError, '422');
    expect(unknown).not.toBeInstanceOf(DuplicateClientOrderIdError);
    expect(unknown.message).toBe('alpaca submit rej-2: HTTP 422: asset ZZZZ not found');
  });

  it('a 2xx body that is not an order is BrokerUnavailableError (outcome unknown, resolve by client id)', async () => {
    fake.failNext({ status: 200, body: '{"id":"abc"}' });
    const error = await failure(broker().submitOrder(order('bad-body-1')), BrokerUnavailableError, 'malformed 200');
    expect(error.message).toMatch(/^alpaca submit bad-body-1: malformed response: order qty is not a decimal/);
  });

  it('wrong keys give BrokerAuthError; missing keys send nothing', async () => {
    const wrong = await failure(broker({ secretKey: 'not-the-secret' }).submitOrder(order('auth-1')), BrokerAuthError, 'wrong secret');
    expect(wrong.status).toBe(401);
    expect(fake.orders.size).toBe(0);

    const before = fake.seen.length;
    const missing = await failure(broker({ keyId: undefined }).submitOrder(order('auth-2')), BrokerAuthError, 'no key');
    expect(missing.message).toMatch(/set ALPACA_API_KEY_ID and ALPACA_API_SECRET_KEY/);
    expect(fake.seen.length).toBe(before);
  });
});

describe('bad input', () => {
  it.each([
    ['zero quantity', { quantity: 0 }],
    ['negative quantity', { quantity: -3 }],
    ['NaN quantity', { quantity: Number.NaN }],
    ['infinite quantity', { quantity: Number.POSITIVE_INFINITY }],
    ['fractional quantity', { quantity: 0.5 }],
    ['zero limit price', { type: 'limit', limitPrice: 0 }],
    ['negative limit price', { type: 'limit', limitPrice: -187.25 }],
    ['NaN limit price', { type: 'limit', limitPrice: Number.NaN }],
    ['infinite limit price', { type: 'limit', limitPrice: Number.POSITIVE_INFINITY }],
    ['limit order without price', { type: 'limit' }],
    ['sub-penny limit price', { type: 'limit', limitPrice: 187.255 }],
  ] as const)('%s is refused with a reason and no request made', async (_label, change) => {
    const error = await failure(broker().submitOrder(order('bad-1', change as Partial<SubmitOrderRequest>)), InvalidOrderRequestError, _label);
    expect(error.message).toMatch(/^alpaca submit bad-1: not sent: /);
    expect(error.retryable).toBe(false);
    expect(fake.seen).toHaveLength(0);
  });

  it('accepts four decimals below one dollar', async () => {
    const placed = await broker().submitOrder(order('penny-1', { symbol: 'SNDL', type: 'limit', limitPrice: 0.1234 }));
    expect(placed.limitPrice).toBe(0.1234);
    expect(JSON.parse(posts()[0]!.body).limit_price).toBe('0.1234');
  });
});

describe('fills', () => {
  it('partial fills add up to the order, carry our client order id, and read back identically', async () => {
    const alpaca = broker();
    const since = new Date(Date.now() - 60_000);
    const placed = await alpaca.submitOrder(order('fill-1'));
    const t = Date.now();
    fake.fill('fill-1', 4, 100.1, new Date(t + 1));
    const partial = await alpaca.getOrderByClientId('fill-1');
    expect([partial?.status, partial?.brokerStatus, partial?.filledQuantity]).toEqual(['partially_filled', 'partially_filled', 4]);
    fake.fill('fill-1', 6, 100.35, new Date(t + 2));

    const fills = await alpaca.listFills({ since });
    expect(fills).toHaveLength(2);
    expect(fills.map((f) => f.quantity)).toEqual([4, 6]);
    expect(fills.reduce((sum, f) => sum + f.quantity, 0)).toBe(placed.quantity);
    for (const f of fills) {
      expect(f).toMatchObject({ clientOrderId: 'fill-1', brokerOrderId: placed.brokerOrderId, symbol: 'AAPL', side: 'buy' });
      expect(f.fillId.length).toBeLessThanOrEqual(50);
    }
    expect(new Set(fills.map((f) => f.fillId)).size).toBe(2);

    const done = await alpaca.getOrderByClientId('fill-1');
    expect(done?.status).toBe('filled');
    expect(done?.filledQuantity).toBe(10);
    const vwap = fills.reduce((sum, f) => sum + f.quantity * f.price, 0) / 10;
    expect(done?.averageFillPrice).toBeCloseTo(vwap, 4);

    // A second read, and a read by another process (no cache of broker ids), give the same fills.
    expect(await alpaca.listFills({ since })).toEqual(fills);
    const restarted = broker();
    expect(await restarted.listFills({ since })).toEqual(fills);
    expect(fake.seen.some((r) => r.method === 'GET' && r.path === `/v2/orders/${placed.brokerOrderId}`)).toBe(true);
  });

  it('pages through many fills once each and leaves out fills before `since`', async () => {
    await fake.close();
    fake = await startFakeAlpacaServer({ keyId: KEY_ID, secretKey: SECRET, maxPageSize: 2 });
    const alpaca = broker({ pageSize: 2 });
    await alpaca.submitOrder(order('page-a', { quantity: 3 }));
    await alpaca.submitOrder(order('page-b', { quantity: 2, side: 'sell' }));
    const base = Date.parse('2026-12-04T15:30:00.000Z');
    fake.fill('page-a', 1, 10, new Date(base - 1_000)); // before `since`
    fake.fill('page-a', 1, 11, new Date(base + 1_000));
    fake.fill('page-b', 1, 12, new Date(base + 2_000));
    fake.fill('page-a', 1, 13, new Date(base + 3_000));
    fake.fill('page-b', 1, 14, new Date(base + 4_000));

    const fills = await alpaca.listFills({ since: new Date(base) });
    expect(fills.map((f) => [f.clientOrderId, f.price, f.side])).toEqual([
      ['page-a', 11, 'buy'],
      ['page-b', 12, 'sell'],
      ['page-a', 13, 'buy'],
      ['page-b', 14, 'sell'],
    ]);
    const pages = fake.seen.filter((r) => r.path === '/v2/account/activities/FILL');
    expect(pages).toHaveLength(3);
    expect(pages[0]!.query.get('direction')).toBe('asc');
    expect(pages[0]!.query.get('after')).toBe(new Date(base).toISOString());
    expect(pages[1]!.query.get('page_token')).toBe(fills[1]!.brokerFillId);
  });

  it('a 5xx while listing fills, on every attempt, is BrokerUnavailableError', async () => {
    for (let i = 0; i < 3; i++) fake.failNext({ status: 502, pathPrefix: '/v2/account/activities' });
    const error = await failure(broker({ readRetry: FAST_RETRY }).listFills({ since: new Date(0) }), BrokerUnavailableError, 'fills 502');
    expect(error.operation).toBe('fills');
  });
});

describe('status mapping through the API', () => {
  it.each(ALPACA_ORDER_STATUSES.map((status) => [status]))('Alpaca status %s reads back mapped', async (status) => {
    const alpaca = broker();
    await alpaca.submitOrder(order('st-1'));
    fake.fill('st-1', 4, 50);
    fake.setStatus('st-1', status);
    const read = await alpaca.getOrderByClientId('st-1');
    expect(read?.brokerStatus).toBe(status);
    expect(read?.status).toBe(mapAlpacaStatus(status, 4, 10));
  });
});

describe('cancel', () => {
  it('cancels an open order once; a finished or unknown order says so', async () => {
    const alpaca = broker();
    const placed = await alpaca.submitOrder(order('cx-1'));
    expect(await alpaca.cancelOrder(placed.brokerOrderId)).toBe('requested');
    expect((await alpaca.getOrderByClientId('cx-1'))?.status).toBe('cancelled');
    expect(await alpaca.cancelOrder(placed.brokerOrderId)).toBe('not_cancelable');

    const filled = await alpaca.submitOrder(order('cx-2', { quantity: 1 }));
    fake.fill('cx-2', 1, 20);
    expect(await alpaca.cancelOrder(filled.brokerOrderId)).toBe('not_cancelable');
    expect(await alpaca.cancelOrder('00000000-0000-0000-0000-000000000000')).toBe('not_found');
  });
});

describe('secrets', () => {
  it('never appear in errors, even when the broker quotes them', async () => {
    const quoted = JSON.stringify({ code: 40310000, message: `key ${KEY_ID} with secret ${SECRET} may not trade` });
    const errors: BrokerError[] = [];
    fake.failNext({ status: 403, body: quoted });
    errors.push(await failure(broker().submitOrder(order('sec-1')), BrokerRejectedError, '403 quoting keys'));
    for (let i = 0; i < 3; i++) fake.failNext({ status: 500, body: `internal error for ${SECRET}` });
    errors.push(await failure(broker({ readRetry: FAST_RETRY }).getOrderByClientId('sec-1'), BrokerUnavailableError, '500 quoting secret'));
    fake.failNext({ status: 401, body: quoted });
    errors.push(await failure(broker().listFills({ since: new Date(0) }), BrokerAuthError, '401 quoting keys'));
    fake.timeOutAfterAcceptingNextOrder();
    errors.push(await failure(broker({ timeoutMs: 200 }).submitOrder(order('sec-2')), BrokerUnavailableError, 'timeout'));

    expect(errors[0]!.message).toContain('[redacted]');
    for (const error of errors) {
      const everything = `${error.message}\n${error.stack ?? ''}\n${inspect(error, { depth: 10 })}\n${JSON.stringify(error)}`;
      expect(everything, error.name).not.toContain(KEY_ID);
      expect(everything, error.name).not.toContain(SECRET);
    }
  });

  it('are not readable from the broker object', () => {
    const shown = `${inspect(broker(), { depth: 10, showHidden: true })}${JSON.stringify(broker())}`;
    expect(shown).not.toContain(SECRET);
    expect(shown).not.toContain(KEY_ID);
  });
});
