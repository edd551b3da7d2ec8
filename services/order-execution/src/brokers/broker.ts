/**
 * The boundary between order-execution and whoever executes orders (the built-in paper broker,
 * Alpaca). Everything here is broker-neutral; each broker maps its own API onto it.
 *
 * The contract that keeps an order from being placed twice:
 * - `clientOrderId` is our deterministic order id and the broker's idempotency key. A broker
 *   refuses a second order with the same id (`DuplicateClientOrderIdError`).
 * - `submitOrder` makes exactly one attempt. When it fails with `BrokerUnavailableError` the order
 *   may or may not have reached the broker: the caller resolves that with
 *   `getOrderByClientId`, never by sending again blindly.
 * - Fills carry deterministic ids derived from the broker's own execution ids, so reading the same
 *   fills twice (overlapping `since`, a retried job) yields the same ids to upsert.
 */

export type OrderSide = 'buy' | 'sell';
export type OrderType = 'market' | 'limit';
/** Alpaca's set; the paper broker treats anything but `day` like `gtc` until the order expires. */
export type TimeInForce = 'day' | 'gtc' | 'opg' | 'cls' | 'ioc' | 'fok';

/**
 * Our order statuses. An order the broker knows is never `pending` (that is our state for an order
 * committed but not yet sent); the type is the whole lifecycle so callers compare like with like.
 */
export type BrokerOrderStatus =
  | 'pending'
  | 'submitted'
  | 'partially_filled'
  | 'filled'
  | 'cancelled'
  | 'rejected'
  | 'expired';

/** Statuses after which the broker will report no further fills for the order. */
export const FINAL_STATUSES: ReadonlySet<BrokerOrderStatus> = new Set(['filled', 'cancelled', 'rejected', 'expired']);

export interface SubmitOrderRequest {
  /** Our deterministic order id (`orders.order_id`); the broker's idempotency key. */
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  /** Whole shares, > 0 (`orders.quantity` is an INTEGER). */
  readonly quantity: number;
  readonly type: OrderType;
  /** Required for `limit`, refused for `market`. */
  readonly limitPrice?: number;
  readonly timeInForce: TimeInForce;
}

export interface BrokerOrder {
  /** The broker's own id (Alpaca: a UUID). */
  readonly brokerOrderId: string;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly type: string;
  readonly limitPrice: number | null;
  readonly timeInForce: string;
  readonly status: BrokerOrderStatus;
  /** The broker's status word, unmapped: for logs and `trading_events`. */
  readonly brokerStatus: string;
  readonly filledQuantity: number;
  /** Volume-weighted average over all fills so far; null before the first fill. */
  readonly averageFillPrice: number | null;
  readonly submittedAt: Date | null;
  readonly updatedAt: Date | null;
}

/** One execution. The sum of an order's fill quantities is its `filledQuantity`. */
export interface BrokerFill {
  /** Deterministic, at most 50 characters (`fills.fill_id`); the same execution always gets the same id. */
  readonly fillId: string;
  /** The broker's execution id the fill id is derived from. */
  readonly brokerFillId: string;
  readonly brokerOrderId: string;
  /** Null when the broker no longer knows the order's client id (an order not placed by us). */
  readonly clientOrderId: string | null;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly price: number;
  readonly timestamp: Date;
  /** Commission charged on this fill, when the broker reports one (the paper broker does; Alpaca's activities do not). */
  readonly commission?: number;
}

/**
 * What a cancel request achieved. Cancelling is asynchronous at a real broker: `requested` means
 * accepted for cancellation; the order's final status (and any fills that won the race) is read back
 * with `getOrderByClientId`.
 */
export type CancelOutcome = 'requested' | 'not_cancelable' | 'not_found';

export interface Broker {
  /** `paper` or `alpaca`: for logs and `trading_events`. */
  readonly name: string;

  /**
   * Places one order; one attempt, no retries inside. Bad input throws `InvalidOrderRequestError`
   * before anything is sent.
   */
  submitOrder(request: SubmitOrderRequest, signal?: AbortSignal): Promise<BrokerOrder>;

  /** The order with this client order id, or null when the broker has none. */
  getOrderByClientId(clientOrderId: string, signal?: AbortSignal): Promise<BrokerOrder | null>;

  cancelOrder(brokerOrderId: string, signal?: AbortSignal): Promise<CancelOutcome>;

  /**
   * Every fill executed after `since`, oldest first, across all orders. Callers pass a `since` that
   * overlaps the previous read (fills are idempotent by `fillId`), so a fill reported late is not missed.
   */
  listFills(query: { readonly since: Date }, signal?: AbortSignal): Promise<BrokerFill[]>;

  /**
   * Every fill of one order, oldest first, where the broker can answer that directly (the paper
   * broker, whose fills carry bar times rather than times of our polling). Without it, callers read
   * `listFills` from before the order was created and keep the order's own.
   */
  fillsOfOrder?(clientOrderId: string, signal?: AbortSignal): Promise<BrokerFill[]>;
}
