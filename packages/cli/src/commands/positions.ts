import { loadOrderExecutionConfig } from '@mltrading/config';
import { createDb } from '@mltrading/db';
import { positionsReport } from '@mltrading/operations';
import { cliConfig } from '../cli-context.ts';
import { formatTable } from '../print-table.ts';

export interface PositionsOptions {
  strategy?: string;
}

const money = (n: number) => n.toFixed(2);

/** `mlt positions`: positions from the fills with realized and unrealized P&L (at the latest close), commission included. */
export async function positions(options: PositionsOptions = {}): Promise<void> {
  // Marks come from order-execution's bar source (EXECUTION_BAR_SOURCE), so this reads its section.
  const config = cliConfig(loadOrderExecutionConfig);
  const db = createDb(config.databaseUrl, { poolSize: 1, applicationName: 'mlt' });
  try {
    const lines = await positionsReport(db, { source: config.executionBarSource, ...(options.strategy === undefined ? {} : { strategy: options.strategy }) });
    console.log(
      formatTable(
        lines.map((l) => ({
          symbol: l.symbol,
          quantity: l.quantity,
          avg_cost: l.averageCost.toFixed(4),
          mark: l.mark,
          realized: money(l.realizedPnl),
          unrealized: money(l.unrealizedPnl),
          commission: money(l.commission),
          net_pnl: money(l.netPnl),
        })),
      ),
    );
    if (lines.length > 0) {
      const total = (pick: (l: (typeof lines)[number]) => number) => money(lines.reduce((s, l) => s + pick(l), 0));
      console.log(`total: realized ${total((l) => l.realizedPnl)}, unrealized ${total((l) => l.unrealizedPnl)}, commission ${total((l) => l.commission)}, net ${total((l) => l.netPnl)} (marks: latest ${config.executionBarSource} close)`);
    }
  } finally {
    await db.destroy();
  }
}
