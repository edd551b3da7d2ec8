import { fillsWithSide, latestCloses, type Database } from '@mltrading/db';
import { applyFillToPosition, flatPosition, unrealizedPnl, type Position } from '@mltrading/trading';
import type { Kysely } from 'kysely';

export interface PositionLine {
  readonly symbol: string;
  readonly quantity: number;
  readonly averageCost: number;
  /** Latest close of the source; null when the symbol has no bar there. */
  readonly mark: number | null;
  readonly realizedPnl: number;
  /** At the latest close (0 without a mark). */
  readonly unrealizedPnl: number;
  readonly commission: number;
  /** realized + unrealized − commission. */
  readonly netPnl: number;
}

/**
 * Positions and P&L from the fills (the truth), with average-cost accounting from the trading
 * package: realized on the shares each fill closes, unrealized at the latest close, commission apart
 * and subtracted in the net.
 */
export async function positionsReport(db: Kysely<Database>, { source, strategy }: { source: string; strategy?: string }): Promise<PositionLine[]> {
  const positions = new Map<string, Position>();
  for (const fill of await fillsWithSide(db, strategy === undefined ? {} : { strategy })) {
    const current = positions.get(fill.symbol) ?? flatPosition(fill.symbol);
    positions.set(fill.symbol, applyFillToPosition(current, { symbol: fill.symbol, side: fill.side, quantity: fill.quantity, price: Number(fill.price), commission: Number(fill.commission) }));
  }
  const marks = await latestCloses(db, [...positions.keys()], source);
  return [...positions.values()]
    .sort((a, b) => a.symbol.localeCompare(b.symbol))
    .map((p) => {
      const mark = marks.get(p.symbol)?.close ?? null;
      const unrealized = mark === null || p.quantity === 0 ? 0 : unrealizedPnl(p, mark);
      return {
        symbol: p.symbol,
        quantity: p.quantity,
        averageCost: p.average_cost,
        mark,
        realizedPnl: p.realized_pnl,
        unrealizedPnl: unrealized,
        commission: p.commission,
        netPnl: p.realized_pnl + unrealized - p.commission,
      };
    });
}
