import { sql } from 'kysely';
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

/** One symbol's bars as columns (epoch ms, doubles), the shape the feature engine takes. */
export interface MarketBarColumns {
  timestamp: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

export interface LoadBarColumnsQuery {
  symbol: string;
  source: string;
  /** Exclusive lower bound: only bars after this instant. */
  after?: Date;
  /**
   * Bars per query (keyset pages). A long history arrives in pages so the process never holds
   * hundreds of thousands of row objects at once, and its event loop runs between pages.
   */
  pageSize?: number;
}

type BarRow = { t: number; o: number | null; h: number | null; l: number | null; c: number | null; v: number | null };

/**
 * Bars of one symbol and source in ascending time order, as Float64Array columns. Values are cast
 * to float8 in SQL (no NUMERIC text parsing, no Date per row). A NULL price stays NaN, so the
 * engine's input check refuses it instead of computing with it.
 */
export async function loadBarColumns(
  db: Kysely<Database>,
  { symbol, source, after, pageSize = 20_000 }: LoadBarColumnsQuery,
): Promise<MarketBarColumns> {
  const pages: MarketBarColumns[] = [];
  let lower = after;
  for (;;) {
    const { rows } = await sql<BarRow>`
      SELECT (extract(epoch FROM timestamp) * 1000)::float8 AS t,
             open::float8 AS o, high::float8 AS h, low::float8 AS l, close::float8 AS c, volume::float8 AS v
      FROM market_data
      WHERE symbol = ${symbol} AND source = ${source} ${lower === undefined ? sql`` : sql`AND timestamp > ${lower}`}
      ORDER BY timestamp
      LIMIT ${pageSize}`.execute(db);
    pages.push(toColumns(rows));
    if (rows.length < pageSize) break;
    lower = new Date(rows[rows.length - 1]!.t);
  }
  return pages.length === 1 ? pages[0]! : concatColumns(pages);
}

const BAR_FIELDS = ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const;

function toColumns(rows: readonly BarRow[]): MarketBarColumns {
  const n = rows.length;
  const out: MarketBarColumns = {
    timestamp: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    out.timestamp[i] = r.t;
    out.open[i] = r.o ?? NaN;
    out.high[i] = r.h ?? NaN;
    out.low[i] = r.l ?? NaN;
    out.close[i] = r.c ?? NaN;
    out.volume[i] = r.v ?? NaN;
  }
  return out;
}

function concatColumns(pages: readonly MarketBarColumns[]): MarketBarColumns {
  const n = pages.reduce((sum, p) => sum + p.timestamp.length, 0);
  const out = {} as Record<(typeof BAR_FIELDS)[number], Float64Array>;
  for (const field of BAR_FIELDS) {
    const column = new Float64Array(n);
    let offset = 0;
    for (const page of pages) {
      column.set(page[field], offset);
      offset += page[field].length;
    }
    out[field] = column;
  }
  return out;
}

export interface ChangedBarsQuery {
  symbol: string;
  source: string;
  featureVersion: string;
  /** Inclusive range of bar starts to check. */
  from: Date;
  through: Date;
}

/**
 * The earliest bar in [from, through] whose OHLCV differs from the bar stored with its feature row
 * (or that has no feature row): where a revision or a back-filled bar starts. Undefined when every
 * bar of the range is exactly what the features were computed from.
 */
export async function firstChangedBar(db: Kysely<Database>, q: ChangedBarsQuery): Promise<Date | undefined> {
  const { rows } = await sql<{ first: Date | null }>`
    SELECT min(m.timestamp) AS first
    FROM market_data m
    LEFT JOIN feature_engineered_data f
      ON f.symbol = m.symbol AND f.source = m.source AND f.timestamp = m.timestamp AND f.feature_version = ${q.featureVersion}
    WHERE m.symbol = ${q.symbol} AND m.source = ${q.source} AND m.timestamp >= ${q.from} AND m.timestamp <= ${q.through}
      AND (f.id IS NULL
           OR (f.open, f.high, f.low, f.close, f.volume)
              IS DISTINCT FROM (m.open::float8, m.high::float8, m.low::float8, m.close::float8, m.volume::float8))`.execute(db);
  return rows[0]?.first ?? undefined;
}
