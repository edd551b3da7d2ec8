import type { Kysely } from 'kysely';
import { bulkUpsert, type BulkUpsertResult } from '../bulk/bulk-upsert.ts';
import type { Database } from '../schema/database.ts';
import type { MarketBar } from '../schema/market-data.ts';

export interface MarketBarInput {
  symbol: string;
  /** Bar start, a UTC instant. */
  timestamp: Date;
  open: number | null;
  high: number | null;
  low: number | null;
  close: number | null;
  volume: number | null;
  /** Defaults to 'yahoo'. */
  source?: string;
  correlation_id?: string | null;
}

const MARKET_DATA_COLUMNS = ['symbol', 'timestamp', 'source', 'open', 'high', 'low', 'close', 'volume', 'correlation_id'] as const;

/** Inserts new bars and corrects changed ones (providers revise recent bars); identical bars are untouched. */
export function upsertMarketData(db: Kysely<Database>, bars: readonly MarketBarInput[]): Promise<BulkUpsertResult> {
  return bulkUpsert(db, {
    table: 'market_data',
    columns: MARKET_DATA_COLUMNS,
    conflictColumns: ['symbol', 'timestamp', 'source'],
    // Same data under a new correlation id is not a change (see upsertFeatureRows).
    compareColumns: ['open', 'high', 'low', 'close', 'volume'],
    defaults: { source: 'yahoo' },
    rows: bars,
  });
}

/** The newest stored bar per symbol for one source; symbols without bars are absent from the map. */
export async function latestBarTimestamps(
  db: Kysely<Database>,
  symbols: readonly string[],
  source = 'yahoo',
): Promise<Map<string, Date>> {
  if (symbols.length === 0) return new Map();
  const rows = await db
    .selectFrom('market_data')
    .select(['symbol', (eb) => eb.fn.max('timestamp').as('latest')])
    .where('symbol', 'in', [...symbols])
    .where('source', '=', source)
    .groupBy('symbol')
    .execute();
  return new Map(rows.map((r) => [r.symbol, r.latest]));
}

export interface LoadBarsQuery {
  symbol: string;
  source?: string;
  /** Inclusive lower bound. */
  from?: Date;
  /** Exclusive upper bound, so consecutive windows never share a bar. */
  to?: Date;
}

/** Bars of one symbol and source in ascending time order. */
export function loadBars(db: Kysely<Database>, { symbol, source = 'yahoo', from, to }: LoadBarsQuery): Promise<MarketBar[]> {
  let query = db.selectFrom('market_data').selectAll().where('symbol', '=', symbol).where('source', '=', source);
  if (from) query = query.where('timestamp', '>=', from);
  if (to) query = query.where('timestamp', '<', to);
  return query.orderBy('timestamp', 'asc').execute();
}
