import { createDb, listOrders, type OrderStatus } from '@mltrading/db';
import { cliConfig, fail } from '../cli-context.ts';
import { formatTable } from '../print-table.ts';

const STATUSES: readonly OrderStatus[] = ['pending', 'submitted', 'partially_filled', 'filled', 'cancelled', 'rejected', 'expired'];

export interface OrdersOptions {
  status?: string;
  symbol?: string;
  limit?: number;
}

/** `mlt orders`: the newest orders with their status, fills so far and why they ended where they did. */
export async function orders(options: OrdersOptions = {}): Promise<void> {
  if (options.status !== undefined && !(STATUSES as readonly string[]).includes(options.status)) fail(`--status must be one of ${STATUSES.join(', ')}`);
  const limit = options.limit ?? 50;
  const config = cliConfig();
  const db = createDb(config.databaseUrl, { poolSize: 1, applicationName: 'mlt' });
  try {
    const rows = await listOrders(db, {
      limit,
      ...(options.status === undefined ? {} : { status: options.status as OrderStatus }),
      ...(options.symbol === undefined ? {} : { symbol: options.symbol.toUpperCase() }),
    });
    console.log(
      formatTable(
        rows.map((o) => ({
          created_at: o.created_at,
          order_id: o.order_id,
          symbol: o.symbol,
          side: o.side,
          quantity: o.quantity,
          type: o.order_type,
          status: o.status,
          filled: o.filled_quantity,
          avg_price: o.average_fill_price === null ? null : Number(o.average_fill_price).toFixed(4),
          strategy: o.strategy,
          reason: o.status_reason,
        })),
      ),
    );
  } finally {
    await db.destroy();
  }
}
