import type { PositionLine } from '@mltrading/operations';
import { formatTable } from './print-table.ts';

const money = (n: number) => n.toFixed(2);

/** Positions with realized and unrealized P&L and commission, and a total line: `mlt positions` and the demo's summary. */
export function formatPositions(lines: readonly PositionLine[], source: string): string {
  const table = formatTable(
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
  );
  if (lines.length === 0) return table;
  const total = (pick: (l: PositionLine) => number) => money(lines.reduce((s, l) => s + pick(l), 0));
  return `${table}\ntotal: realized ${total((l) => l.realizedPnl)}, unrealized ${total((l) => l.unrealizedPnl)}, commission ${total((l) => l.commission)}, net ${total((l) => l.netPnl)} (marks: latest ${source} close)`;
}
