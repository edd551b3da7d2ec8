import { DEFAULT_RETRY_AFTER_MS, errorDetail, NO_RETRIES, retryAfterFromHeaders, type FetchLike, type RetryPolicy } from '@mltrading/http-client';
import type { Broker, BrokerFill, BrokerOrder, CancelOutcome, SubmitOrderRequest } from '../broker.ts';
import { BrokerAuthError } from '../errors/broker-auth-error.ts';
import type { BrokerError, BrokerOperation } from '../errors/broker-error.ts';
import { BrokerRateLimitedError } from '../errors/broker-rate-limited-error.ts';
import { BrokerRejectedError } from '../errors/broker-rejected-error.ts';
import { BrokerUnavailableError } from '../errors/broker-unavailable-error.ts';
import { DuplicateClientOrderIdError } from '../errors/duplicate-client-order-id-error.ts';
import { InvalidOrderRequestError } from '../errors/invalid-order-request-error.ts';
import { timedRequest, type TimedResponse } from '../http/timed-request.ts';
import { validateOrderRequest } from '../validate-order-request.ts';
import { AlpacaShapeError, parseAlpacaFills, parseAlpacaOrder, type AlpacaFill } from './alpaca-responses.ts';

export const ALPACA_PAPER_TRADING_URL = 'https://paper-api.alpaca.markets';
export const DEFAULT_ALPACA_TIMEOUT_MS = 10_000;
/**
 * Reads (an order by client order id, fills, an order by Alpaca's id) are repeated on 429/5xx and
 * lost connections, waiting a `Retry-After` of up to 2 s; a longer wait goes back to the caller as
 * `BrokerRateLimitedError`. A submit is never repeated: its outcome is resolved by asking, and a
 * cancel is not either (a repeat could report a processed cancel as not cancelable).
 */
export const DEFAULT_ALPACA_READ_RETRY: RetryPolicy = { attempts: 3, maxRetryAfterMs: 2_000, backoffMs: 250 };

export interface AlpacaBrokerOptions {
  /** `ALPACA_API_KEY_ID`; missing keys fail each call with `BrokerAuthError` (nothing is sent). */
  readonly keyId: string | undefined;
  /** `ALPACA_API_SECRET_KEY`. */
  readonly secretKey: string | undefined;
  /** Trading API origin (`ALPACA_TRADING_URL`); the paper endpoint by default. */
  readonly baseUrl?: string;
  /** Deadline of one HTTP exchange, headers and body. */
  readonly timeoutMs?: number;
  /** Activities per page of the fills listing (Alpaca's maximum is 100). */
  readonly pageSize?: number;
  readonly fetch?: FetchLike;
  /** Clock for `X-RateLimit-Reset`; tests pin it. */
  readonly now?: () => number;
  /** Retries of reads (`DEFAULT_ALPACA_READ_RETRY`). */
  readonly readRetry?: RetryPolicy;
}

const NAME = 'alpaca';
/** Alpaca's wording has varied between API revisions ("client_order_id", "client order id"). */
const DUPLICATE_CLIENT_ORDER_ID = /client[\s_-]?order[\s_-]?id must be unique/i;
/** A page token that never ends would otherwise loop forever. */
const MAX_PAGES = 1_000;
/** Broker id → client id of orders seen, so fills rarely need a look-up; bounded for long runs. */
const MAX_REMEMBERED_ORDERS = 10_000;

/**
 * Alpaca's trading REST API v2 behind the `Broker` interface:
 * `POST /v2/orders`, `GET /v2/orders:by_client_order_id`, `GET /v2/orders/{id}`,
 * `DELETE /v2/orders/{id}` and `GET /v2/account/activities/FILL`.
 *
 * Fills come from the account activities (one activity per execution, with its own id and price)
 * rather than from differences of an order's `filled_qty`/`filled_avg_price` between two polls:
 * polls that miss an intermediate state would merge executions and recover their prices only up to
 * rounding, and the ids such a delta could get would depend on when we happened to poll. An
 * activity id is Alpaca's, fixed, and the same on every read, so `fillId` (a hash of it) is too.
 *
 * Keys live in this closure only (not on the returned object), travel only in the
 * `APCA-API-KEY-ID`/`APCA-API-SECRET-KEY` headers and are redacted from every error message.
 */
export function createAlpacaBroker(options: AlpacaBrokerOptions): Broker {
  const baseUrl = (options.baseUrl ?? ALPACA_PAPER_TRADING_URL).replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_ALPACA_TIMEOUT_MS;
  const pageSize = Math.min(100, Math.max(1, options.pageSize ?? 100));
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const readRetry = { ...(options.readRetry ?? DEFAULT_ALPACA_READ_RETRY), now };
  const secrets = [options.keyId, options.secretKey];
  const clientIdByBrokerId = new Map<string, string>();

  function remember(order: BrokerOrder): BrokerOrder {
    if (clientIdByBrokerId.size >= MAX_REMEMBERED_ORDERS) clientIdByBrokerId.clear();
    clientIdByBrokerId.set(order.brokerOrderId, order.clientOrderId);
    return order;
  }

  function headers(operation: BrokerOperation, clientOrderId: string | undefined): Record<string, string> {
    if (!options.keyId || !options.secretKey) {
      throw new BrokerAuthError(NAME, operation, 'missing credentials: set ALPACA_API_KEY_ID and ALPACA_API_SECRET_KEY', {
        ...(clientOrderId === undefined ? {} : { clientOrderId }),
      });
    }
    return {
      accept: 'application/json',
      'APCA-API-KEY-ID': options.keyId,
      'APCA-API-SECRET-KEY': options.secretKey,
    };
  }

  async function send(
    operation: BrokerOperation,
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    clientOrderId: string | undefined,
    signal: AbortSignal | undefined,
    body?: unknown,
  ): Promise<TimedResponse> {
    const requestHeaders = headers(operation, clientOrderId);
    if (body !== undefined) requestHeaders['content-type'] = 'application/json';
    return timedRequest({
      broker: NAME,
      operation,
      ...(clientOrderId === undefined ? {} : { clientOrderId }),
      method,
      url: `${baseUrl}${path}`,
      headers: requestHeaders,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      timeoutMs,
      retry: method === 'GET' ? readRetry : NO_RETRIES,
      ...(signal === undefined ? {} : { signal }),
      fetch: fetchImpl,
      secrets,
    });
  }

  /** A non-2xx answer that the operation has no special meaning for. */
  function failure(operation: BrokerOperation, response: TimedResponse, clientOrderId?: string): BrokerError {
    const { status } = response;
    const details = { status, ...(clientOrderId === undefined ? {} : { clientOrderId }) };
    if (status === 429) return new BrokerRateLimitedError(NAME, operation, retryAfterFromHeaders(response.headers, now()) ?? DEFAULT_RETRY_AFTER_MS, details);
    const detail = errorDetail(response.body, secrets) || `HTTP ${status}`;
    if (status === 401) return new BrokerAuthError(NAME, operation, `credentials refused (HTTP 401): ${detail}`, details);
    // 403 at Alpaca is an account-level refusal of this order (buying power, shorting, PDT), 422 a
    // request it will never accept (tick size, unknown symbol): resending the same order cannot help.
    if (status >= 400 && status < 500 && status !== 408) return new BrokerRejectedError(NAME, operation, detail, details);
    return new BrokerUnavailableError(NAME, operation, `HTTP ${status}: ${detail}`, details);
  }

  function parse<T>(operation: BrokerOperation, response: TimedResponse, reader: (json: unknown) => T, clientOrderId?: string): T {
    const details = { status: response.status, ...(clientOrderId === undefined ? {} : { clientOrderId }) };
    try {
      return reader(JSON.parse(response.body) as unknown);
    } catch (error) {
      const why = error instanceof AlpacaShapeError ? error.message : 'body is not JSON';
      // For a submit this is an order whose fate is unknown: retryable, resolved by client order id.
      throw new BrokerUnavailableError(NAME, operation, `malformed response: ${errorDetail(why, secrets)}`, details);
    }
  }

  async function lookUpClientId(brokerOrderId: string, signal: AbortSignal | undefined): Promise<string | null> {
    const known = clientIdByBrokerId.get(brokerOrderId);
    if (known !== undefined) return known;
    const response = await send('fills', 'GET', `/v2/orders/${encodeURIComponent(brokerOrderId)}`, undefined, signal);
    if (response.status === 404) return null;
    if (!isOk(response)) throw failure('fills', response);
    return remember(parse('fills', response, parseAlpacaOrder)).clientOrderId;
  }

  return {
    name: NAME,

    async submitOrder(request: SubmitOrderRequest, signal?: AbortSignal): Promise<BrokerOrder> {
      validateOrderRequest(NAME, request);
      const { clientOrderId } = request;
      const body: Record<string, string> = {
        symbol: request.symbol,
        qty: String(request.quantity),
        side: request.side,
        type: request.type,
        time_in_force: request.timeInForce,
        client_order_id: clientOrderId,
      };
      if (request.type === 'limit') body['limit_price'] = alpacaLimitPrice(request.limitPrice!, clientOrderId);
      const response = await send('submit', 'POST', '/v2/orders', clientOrderId, signal, body);
      if (response.status === 422 && DUPLICATE_CLIENT_ORDER_ID.test(errorDetail(response.body, secrets))) {
        throw new DuplicateClientOrderIdError(NAME, clientOrderId, response.status);
      }
      if (!isOk(response)) throw failure('submit', response, clientOrderId);
      const order = parse('submit', response, parseAlpacaOrder, clientOrderId);
      if (order.clientOrderId !== clientOrderId) {
        throw new BrokerUnavailableError(NAME, 'submit', `answer is for client order id ${order.clientOrderId}`, { clientOrderId, status: response.status });
      }
      return remember(order);
    },

    async getOrderByClientId(clientOrderId: string, signal?: AbortSignal): Promise<BrokerOrder | null> {
      const query = new URLSearchParams({ client_order_id: clientOrderId });
      const response = await send('get', 'GET', `/v2/orders:by_client_order_id?${query.toString()}`, clientOrderId, signal);
      if (response.status === 404) return null;
      if (!isOk(response)) throw failure('get', response, clientOrderId);
      const order = parse('get', response, parseAlpacaOrder, clientOrderId);
      if (order.clientOrderId !== clientOrderId) {
        throw new BrokerUnavailableError(NAME, 'get', `answer is for client order id ${order.clientOrderId}`, { clientOrderId, status: response.status });
      }
      return remember(order);
    },

    async cancelOrder(brokerOrderId: string, signal?: AbortSignal): Promise<CancelOutcome> {
      const response = await send('cancel', 'DELETE', `/v2/orders/${encodeURIComponent(brokerOrderId)}`, undefined, signal);
      if (response.status === 404) return 'not_found';
      // Alpaca answers 422 for an order already filled, cancelled or expired.
      if (response.status === 422) return 'not_cancelable';
      if (!isOk(response)) throw failure('cancel', response);
      return 'requested';
    },

    async listFills(query: { readonly since: Date }, signal?: AbortSignal): Promise<BrokerFill[]> {
      if (!(query.since instanceof Date) || Number.isNaN(query.since.getTime())) {
        throw new TypeError('listFills: since must be a valid Date');
      }
      const fills: AlpacaFill[] = [];
      const seen = new Set<string>();
      let pageToken: string | undefined;
      for (let page = 0; ; page += 1) {
        if (page >= MAX_PAGES) throw new BrokerUnavailableError(NAME, 'fills', `paging did not end after ${MAX_PAGES} pages`);
        const params = new URLSearchParams({ after: query.since.toISOString(), direction: 'asc', page_size: String(pageSize) });
        if (pageToken !== undefined) params.set('page_token', pageToken);
        const response = await send('fills', 'GET', `/v2/account/activities/FILL?${params.toString()}`, undefined, signal);
        if (!isOk(response)) throw failure('fills', response);
        const batch = parse('fills', response, parseAlpacaFills);
        for (const fill of batch) {
          // Pages that overlap (an activity landing between two requests) must not double a fill.
          if (!seen.has(fill.brokerFillId)) {
            seen.add(fill.brokerFillId);
            fills.push(fill);
          }
        }
        if (batch.length < pageSize) break;
        const last = batch[batch.length - 1]!.brokerFillId;
        if (last === pageToken) throw new BrokerUnavailableError(NAME, 'fills', 'page token repeated itself');
        pageToken = last;
      }
      const out: BrokerFill[] = [];
      for (const fill of fills) {
        out.push({ ...fill, clientOrderId: await lookUpClientId(fill.brokerOrderId, signal) });
      }
      return out;
    },
  };
}

function isOk(response: TimedResponse): boolean {
  return response.status >= 200 && response.status < 300;
}

/**
 * Alpaca refuses sub-penny limit prices: at most 2 decimals at $1 and above, 4 below. Checked here
 * so the refusal is ours, immediate and clear, with nothing sent.
 */
function alpacaLimitPrice(price: number, clientOrderId: string): string {
  const decimals = price >= 1 ? 2 : 4;
  const text = price.toFixed(decimals);
  if (Number(text) !== price) {
    throw new InvalidOrderRequestError(NAME, `limitPrice ${price} has more than ${decimals} decimals (Alpaca's tick size)`, clientOrderId);
  }
  return text;
}
