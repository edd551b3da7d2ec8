import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for Alpaca's trading API v2 on 127.0.0.1 (port 0). It keeps orders in memory, answers in
 * Alpaca's shapes (decimal strings, `{ code, message }` errors), enforces unique client order ids,
 * checks the `APCA-API-*` headers, and can be scripted to fail: 429 (with or without `Retry-After`),
 * 5xx, or a submit that is stored and never answered. Fills are made on command and reported as FILL
 * account activities with Alpaca-style ids.
 */

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** The fields of Alpaca's order object that this fake fills in (all of them a client reads). */
export interface FakeOrder {
  id: string;
  client_order_id: string;
  created_at: string;
  updated_at: string;
  submitted_at: string;
  filled_at: string | null;
  expired_at: string | null;
  canceled_at: string | null;
  failed_at: string | null;
  replaced_at: string | null;
  replaced_by: string | null;
  replaces: string | null;
  asset_id: string;
  symbol: string;
  asset_class: 'us_equity';
  notional: string | null;
  qty: string;
  filled_qty: string;
  filled_avg_price: string | null;
  order_class: '';
  order_type: string;
  type: string;
  side: 'buy' | 'sell';
  time_in_force: string;
  limit_price: string | null;
  stop_price: string | null;
  status: string;
  extended_hours: boolean;
  legs: null;
  trail_percent: string | null;
  trail_price: string | null;
  hwm: string | null;
}

export interface FakeFillActivity {
  id: string;
  activity_type: 'FILL';
  transaction_time: string;
  type: 'fill' | 'partial_fill';
  price: string;
  qty: string;
  side: 'buy' | 'sell';
  symbol: string;
  leaves_qty: string;
  order_id: string;
  cum_qty: string;
  order_status: string;
}

/** A scripted answer for the next matching request, instead of the normal one. */
export interface ScriptedFailure {
  readonly status: number;
  readonly headers?: Record<string, string>;
  /** Defaults to Alpaca's `{ code, message }` error shape. */
  readonly body?: string;
  /** Only requests with this method (default: any). */
  readonly method?: string;
  /** Only requests whose path starts with this (default: any). */
  readonly pathPrefix?: string;
}

export interface FakeAlpacaServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly seen: SeenRequest[];
  /** Orders held, by broker id, in submission order. */
  readonly orders: ReadonlyMap<string, FakeOrder>;
  readonly activities: readonly FakeFillActivity[];
  /** Answers the next matching request with `failure` (queued; each applies once). */
  failNext(failure: ScriptedFailure): void;
  /** The next order submitted is stored (and can fill) but its request is never answered. */
  timeOutAfterAcceptingNextOrder(): void;
  /** Executes `quantity` shares of the order at `price` (`at` defaults to now). */
  fill(clientOrderId: string, quantity: number, price: number, at?: Date): FakeFillActivity;
  /** Forces an order's status (for the mapping of rare statuses). */
  setStatus(clientOrderId: string, status: string): void;
  orderByClientId(clientOrderId: string): FakeOrder | undefined;
  close(): Promise<void>;
}

export interface FakeAlpacaOptions {
  readonly keyId: string;
  readonly secretKey: string;
  /** Caps `page_size` of the activities listing, to make a client page through few fills. */
  readonly maxPageSize?: number;
}

const FINAL_STATUSES = new Set(['filled', 'canceled', 'expired', 'rejected', 'replaced']);

export async function startFakeAlpacaServer(options: FakeAlpacaOptions): Promise<FakeAlpacaServer> {
  const seen: SeenRequest[] = [];
  const orders = new Map<string, FakeOrder>();
  const byClientId = new Map<string, FakeOrder>();
  const activities: FakeFillActivity[] = [];
  const failures: ScriptedFailure[] = [];
  let hangNextOrder = false;

  function route(request: SeenRequest, res: ServerResponse): void {
    const failureIndex = failures.findIndex(
      (f) => (f.method === undefined || f.method === request.method) && (f.pathPrefix === undefined || request.path.startsWith(f.pathPrefix)),
    );
    if (failureIndex >= 0) {
      const [failure] = failures.splice(failureIndex, 1);
      const body = failure!.body ?? JSON.stringify({ code: failure!.status * 100_000, message: `scripted HTTP ${failure!.status}` });
      send(res, failure!.status, body, failure!.headers);
      return;
    }
    if (request.headers['apca-api-key-id'] !== options.keyId || request.headers['apca-api-secret-key'] !== options.secretKey) {
      sendError(res, 401, 40110000, 'request is not authorized');
      return;
    }
    const { method, path } = request;
    if (method === 'POST' && path === '/v2/orders') return submit(request, res);
    if (method === 'GET' && path === '/v2/orders:by_client_order_id') {
      const order = byClientId.get(request.query.get('client_order_id') ?? '');
      return order ? sendJson(res, 200, order) : sendError(res, 404, 40410000, 'order not found');
    }
    const byId = /^\/v2\/orders\/([^/]+)$/.exec(path);
    if (byId !== null && (method === 'GET' || method === 'DELETE')) {
      const order = orders.get(decodeURIComponent(byId[1]!));
      if (order === undefined) return sendError(res, 404, 40410000, 'order not found');
      if (method === 'GET') return sendJson(res, 200, order);
      if (FINAL_STATUSES.has(order.status)) return sendError(res, 422, 42210000, `order is already in "${order.status}" state`);
      const now = new Date().toISOString();
      Object.assign(order, { status: 'canceled', canceled_at: now, updated_at: now });
      res.writeHead(204).end();
      return;
    }
    if (method === 'GET' && path === '/v2/account/activities/FILL') return listActivities(request, res);
    sendError(res, 404, 40410000, `no route ${method} ${path}`);
  }

  function submit(request: SeenRequest, res: ServerResponse): void {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(request.body) as Record<string, unknown>;
    } catch {
      return sendError(res, 400, 40010000, 'request body format is invalid');
    }
    const clientOrderId = typeof body['client_order_id'] === 'string' ? body['client_order_id'] : randomUUID();
    if (byClientId.has(clientOrderId)) return sendError(res, 422, 40010001, 'client_order_id must be unique');
    const qty = Number(body['qty']);
    if (!(qty > 0)) return sendError(res, 422, 40010001, 'qty must be > 0');
    if (typeof body['symbol'] !== 'string' || body['symbol'] === '') return sendError(res, 422, 40010001, 'symbol is required');
    if (body['side'] !== 'buy' && body['side'] !== 'sell') return sendError(res, 422, 40010001, 'invalid side');
    const type = body['type'];
    if (type !== 'market' && type !== 'limit') return sendError(res, 422, 40010001, 'invalid order type');
    if (type === 'limit') {
      const limit = Number(body['limit_price']);
      if (!(limit > 0)) return sendError(res, 422, 40010001, 'limit_price is required for limit orders');
      if (limit >= 1 && !/^\d+(\.\d{1,2})?$/.test(String(body['limit_price']))) {
        return sendError(res, 422, 40010001, `invalid limit_price ${String(body['limit_price'])}. sub-penny increment does not fulfill minimum pricing criteria`);
      }
    }
    const now = new Date().toISOString();
    const order: FakeOrder = {
      id: randomUUID(),
      client_order_id: clientOrderId,
      created_at: now,
      updated_at: now,
      submitted_at: now,
      filled_at: null,
      expired_at: null,
      canceled_at: null,
      failed_at: null,
      replaced_at: null,
      replaced_by: null,
      replaces: null,
      asset_id: randomUUID(),
      symbol: body['symbol'],
      asset_class: 'us_equity',
      notional: null,
      qty: String(body['qty']),
      filled_qty: '0',
      filled_avg_price: null,
      order_class: '',
      order_type: type,
      type,
      side: body['side'],
      time_in_force: String(body['time_in_force'] ?? 'day'),
      limit_price: type === 'limit' ? String(body['limit_price']) : null,
      stop_price: null,
      status: 'accepted',
      extended_hours: false,
      legs: null,
      trail_percent: null,
      trail_price: null,
      hwm: null,
    };
    orders.set(order.id, order);
    byClientId.set(clientOrderId, order);
    if (hangNextOrder) {
      hangNextOrder = false;
      return; // stored, never answered: the client's timeout fires
    }
    sendJson(res, 200, order);
  }

  function listActivities(request: SeenRequest, res: ServerResponse): void {
    const after = request.query.get('after');
    const afterMs = after === null ? Number.NEGATIVE_INFINITY : Date.parse(after);
    const direction = request.query.get('direction') ?? 'desc';
    const requested = Number(request.query.get('page_size') ?? '100');
    const pageSize = Math.min(requested, 100, options.maxPageSize ?? 100);
    const token = request.query.get('page_token');
    let list = activities.filter((a) => Date.parse(a.transaction_time) > afterMs).sort((a, b) => (a.id < b.id ? -1 : 1));
    if (direction === 'desc') list.reverse();
    if (token !== null) {
      const at = list.findIndex((a) => a.id === token);
      list = at < 0 ? [] : list.slice(at + 1);
    }
    sendJson(res, 200, list.slice(0, pageSize));
  }

  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const request: SeenRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(request);
      route(request, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  function mustFind(clientOrderId: string): FakeOrder {
    const order = byClientId.get(clientOrderId);
    if (order === undefined) throw new Error(`fake alpaca: no order ${clientOrderId}`);
    return order;
  }

  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    orders,
    activities,
    failNext: (failure) => failures.push(failure),
    timeOutAfterAcceptingNextOrder: () => {
      hangNextOrder = true;
    },
    fill(clientOrderId, quantity, price, at = new Date()) {
      const order = mustFind(clientOrderId);
      const before = Number(order.filled_qty);
      const total = Number(order.qty);
      if (FINAL_STATUSES.has(order.status)) throw new Error(`fake alpaca: order ${clientOrderId} is ${order.status}`);
      if (!(quantity > 0) || before + quantity > total) throw new Error(`fake alpaca: cannot fill ${quantity} of ${clientOrderId}`);
      const filled = before + quantity;
      const average = ((Number(order.filled_avg_price ?? 0) * before + price * quantity) / filled).toFixed(4);
      const status = filled === total ? 'filled' : 'partially_filled';
      const time = at.toISOString();
      Object.assign(order, { filled_qty: String(filled), filled_avg_price: average, status, updated_at: time, filled_at: status === 'filled' ? time : null });
      // Alpaca's activity ids: the execution time as 17 digits (to the millisecond) `::` a UUID.
      const activity: FakeFillActivity = {
        id: `${time.replace(/\D/g, '')}::${randomUUID()}`,
        activity_type: 'FILL',
        transaction_time: time,
        type: status === 'filled' ? 'fill' : 'partial_fill',
        price: price.toFixed(2),
        qty: String(quantity),
        side: order.side,
        symbol: order.symbol,
        leaves_qty: String(total - filled),
        order_id: order.id,
        cum_qty: String(filled),
        order_status: status,
      };
      activities.push(activity);
      return activity;
    },
    setStatus(clientOrderId, status) {
      const order = mustFind(clientOrderId);
      Object.assign(order, { status, updated_at: new Date().toISOString() });
    },
    orderByClientId: (clientOrderId) => byClientId.get(clientOrderId),
    close: () =>
      new Promise<void>((resolve) => {
        // A request left hanging on purpose would otherwise keep close() waiting.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, code: number, message: string): void {
  send(res, status, JSON.stringify({ code, message }));
}
