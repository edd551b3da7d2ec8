// The built-in paper broker. It keeps no book of its own: an order it has accepted is an `orders`
// row we moved past `pending` (the row is committed before it is sent, and `submitted` is written on
// acceptance), and everything that happened to it since is re-derived by replaying market_data bars
// after its decision bar through @mltrading/trading's fill simulator. Replaying the same bars gives
// the same fills with the same ids, so any replica, after any restart, reports the same fills, and a
// fill becomes visible as soon as the bar after the decision bar is stored.
import { barsAfter, getOrder, ordersInFlight, type Database, type Order } from '@mltrading/db';
import { paperOrder, simulateBars, type Bar, type FillSimulatorConfig, type OrderState } from '@mltrading/trading';
import type { Kysely } from 'kysely';
import type { Broker, BrokerFill, BrokerOrder, CancelOutcome, SubmitOrderRequest } from '../broker.ts';
import { BrokerRejectedError } from '../errors/broker-rejected-error.ts';
import { validateOrderRequest } from '../validate-order-request.ts';

export interface PaperBrokerOptions {
  /** market_data source whose bars fill the orders. */
  readonly source: string;
  readonly fills: FillSimulatorConfig;
  /** An order trades on at most this many bars after its decision bar, then expires. */
  readonly expireAfterBars: number;
}

interface Replay {
  readonly order: BrokerOrder;
  readonly fills: BrokerFill[];
}

const BROKER = 'paper';

export function createPaperBroker(db: Kysely<Database>, options: PaperBrokerOptions): Broker {
  async function replay(row: Order): Promise<Replay> {
    const decision = row.bar_timestamp ?? row.created_at;
    const state: OrderState = {
      order_id: row.order_id,
      symbol: row.symbol,
      side: row.side,
      quantity: row.quantity,
      order_type: row.order_type === 'limit' ? 'limit' : 'market',
      price: row.price === null ? null : Number(row.price),
      status: 'submitted',
      strategy: row.strategy,
      model_id: row.model_id,
      correlation_id: row.correlation_id,
      created_at: row.created_at.getTime(),
      updated_at: row.created_at.getTime(),
      filled_quantity: 0,
      average_fill_price: null,
    };
    const book = paperOrder(state, decision.getTime(), { bars: options.expireAfterBars, expiresAt: row.expires_at?.getTime() ?? null });
    const rows = await barsAfter(db, { symbol: row.symbol, source: options.source, after: decision, limit: options.expireAfterBars });
    const bars: Bar[] = rows.map((b) => ({ timestamp: b.timestamp.getTime(), open: Number(b.open), high: Number(b.high), low: Number(b.low), close: Number(b.close), volume: Number(b.volume) }));
    const { paper, fills } = simulateBars(book, bars, options.fills);
    // A cancel of ours ends the order where the stored fills end; nothing later trades.
    const cancelled = row.status === 'cancelled';
    const kept = cancelled ? fills.slice(0, countCovering(fills, row.filled_quantity)) : fills;
    const filled = kept.reduce((sum, f) => sum + f.quantity, 0);
    const notional = kept.reduce((sum, f) => sum + f.quantity * f.price, 0);
    const status = cancelled ? 'cancelled' : paper.order.status;
    return {
      order: {
        brokerOrderId: row.order_id,
        clientOrderId: row.order_id,
        symbol: row.symbol,
        side: row.side,
        quantity: row.quantity,
        type: state.order_type,
        limitPrice: state.price,
        timeInForce: row.time_in_force,
        status,
        brokerStatus: status,
        filledQuantity: filled,
        averageFillPrice: filled === 0 ? null : notional / filled,
        submittedAt: row.submitted_at ?? row.created_at,
        updatedAt: kept.length === 0 ? row.submitted_at : new Date(kept[kept.length - 1]!.timestamp),
      },
      fills: kept.map((f) => ({
        fillId: f.fill_id,
        brokerFillId: f.fill_id,
        brokerOrderId: row.order_id,
        clientOrderId: row.order_id,
        symbol: f.symbol,
        side: row.side,
        quantity: f.quantity,
        price: f.price,
        timestamp: new Date(f.timestamp),
        commission: f.commission,
      })),
    };
  }

  /** An order the paper broker holds: committed and moved past pending (a risk refusal never was sent). */
  async function held(clientOrderId: string): Promise<Order | undefined> {
    const row = await getOrder(db, clientOrderId);
    if (row === undefined || row.status === 'pending') return undefined;
    if (row.status === 'rejected' && row.broker_order_id === null) return undefined;
    return row;
  }

  return {
    name: BROKER,
    async submitOrder(request: SubmitOrderRequest): Promise<BrokerOrder> {
      validateOrderRequest(BROKER, request);
      const row = await getOrder(db, request.clientOrderId);
      // Orders are committed before they are sent; the paper broker trades only what the database holds.
      if (row === undefined) throw new BrokerRejectedError(BROKER, 'submit', 'no committed order with this client order id', { clientOrderId: request.clientOrderId });
      if (row.symbol !== request.symbol || row.side !== request.side || row.quantity !== request.quantity) {
        throw new BrokerRejectedError(BROKER, 'submit', 'the request does not match the committed order', { clientOrderId: request.clientOrderId });
      }
      return (await replay(row)).order;
    },
    async getOrderByClientId(clientOrderId: string): Promise<BrokerOrder | null> {
      const row = await held(clientOrderId);
      return row === undefined ? null : (await replay(row)).order;
    },
    async cancelOrder(brokerOrderId: string): Promise<CancelOutcome> {
      const row = await held(brokerOrderId);
      if (row === undefined) return 'not_found';
      const { order } = await replay(row);
      return order.status === 'submitted' || order.status === 'partially_filled' ? 'requested' : 'not_cancelable';
    },
    async listFills({ since }): Promise<BrokerFill[]> {
      const fills: BrokerFill[] = [];
      for (const row of await ordersInFlight(db)) {
        if (row.status === 'pending') continue;
        fills.push(...(await replay(row)).fills.filter((f) => f.timestamp > since));
      }
      return fills.sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime());
    },
    async fillsOfOrder(clientOrderId: string): Promise<BrokerFill[]> {
      const row = await held(clientOrderId);
      return row === undefined ? [] : (await replay(row)).fills;
    },
  };
}

/** How many leading fills add up to `quantity` (the fills recorded before a cancel). */
function countCovering(fills: readonly { quantity: number }[], quantity: number): number {
  let sum = 0;
  let n = 0;
  while (n < fills.length && sum + fills[n]!.quantity <= quantity) sum += fills[n++]!.quantity;
  return n;
}
