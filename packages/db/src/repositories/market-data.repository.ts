import { BAR_FIELDS, type BarColumns } from '@mltrading/market';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql, type Kysely } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import { bulkUpsert, type BulkUpsertResult } from '../bulk/bulk-upsert.ts';
import { encodeCopyValue, InvalidValueError } from '../bulk/copy-text-encoder.ts';
import { rawClientOf } from '../connection/raw-client.ts';
import type { Database } from '../schema/database.ts';
import type { MarketBar } from '../schema/market-data.ts';
import type { BarValues } from '../schema/column-limits.ts';

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
const UNIQUE_VIOLATION = '23505';

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
export type MarketBarColumns = BarColumns;

export interface LoadBarColumnsQuery {
  symbol: string;
  source: string;
  /** Exclusive lower bound: only bars after this instant. */
  after?: Date;
  /** Exclusive upper bound: only bars before this instant (a backtest's range end). */
  before?: Date;
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
  { symbol, source, after, before, pageSize = 20_000 }: LoadBarColumnsQuery,
): Promise<MarketBarColumns> {
  const pages: MarketBarColumns[] = [];
  let lower = after;
  for (;;) {
    const { rows } = await sql<BarRow>`
      SELECT (extract(epoch FROM timestamp) * 1000)::float8 AS t,
             open::float8 AS o, high::float8 AS h, low::float8 AS l, close::float8 AS c, volume::float8 AS v
      FROM market_data
      WHERE symbol = ${symbol} AND source = ${source} ${lower === undefined ? sql`` : sql`AND timestamp > ${lower}`} ${before === undefined ? sql`` : sql`AND timestamp < ${before}`}
      ORDER BY timestamp
      LIMIT ${pageSize}`.execute(db);
    pages.push(toColumns(rows));
    if (rows.length < pageSize) break;
    lower = new Date(rows[rows.length - 1]!.t);
  }
  return pages.length === 1 ? pages[0]! : concatColumns(pages);
}

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
  const out = {} as Record<keyof MarketBarColumns, Float64Array>;
  for (const field of ['timestamp', ...BAR_FIELDS] as const) {
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

/**
 * Writes bars the caller believes are all new straight into market_data with one COPY, the
 * fastest path for a backfill (no staging table, no merge). If another writer stored some of them
 * in the meantime the unique key refuses the COPY, which rolls back to a savepoint and falls back
 * to the merging upsert, so the result is the same as `upsertMarketData`, only faster when new.
 */
export async function copyNewMarketData(db: Kysely<Database>, bars: readonly MarketBarInput[]): Promise<{ inserted: number; updated: number }> {
  if (bars.length === 0) return { inserted: 0, updated: 0 };
  // Inside the caller's transaction when given one, so a batch of symbols commits together.
  const run = async (trx: Kysely<Database>) => {
    const client = await rawClientOf(trx);
    await client.query('SAVEPOINT copy_new_market_data');
    try {
      const copy = client.query(copyFrom(`COPY market_data (${MARKET_DATA_COLUMNS.join(', ')}) FROM STDIN`));
      await pipeline(Readable.from(encodeMarketData(bars)), copy);
      await client.query('RELEASE SAVEPOINT copy_new_market_data');
      return { inserted: bars.length, updated: 0 };
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
      await client.query('ROLLBACK TO SAVEPOINT copy_new_market_data');
      return upsertMarketData(trx, bars);
    }
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

function* encodeMarketData(bars: readonly MarketBarInput[]): Generator<string> {
  let chunk = '';
  for (let i = 0; i < bars.length; i++) {
    const bar = bars[i]!;
    const values = [bar.symbol, bar.timestamp, bar.source ?? 'yahoo', bar.open, bar.high, bar.low, bar.close, bar.volume, bar.correlation_id ?? null];
    let line = '';
    for (let c = 0; c < values.length; c++) {
      const text = encodeCopyValue(values[c]);
      if (text === undefined) throw new InvalidValueError('market_data', MARKET_DATA_COLUMNS[c]!, i, values[c]);
      line += c === 0 ? text : `\t${text}`;
    }
    chunk += `${line}\n`;
    if (chunk.length > 1 << 20) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

export interface StoredBarsQuery {
  symbol: string;
  source: string;
  /** Inclusive range of bar starts. */
  from: Date;
  through: Date;
}

/** The stored OHLCV of one symbol and source in [from, through], keyed by bar start (epoch ms). */
export async function storedBarsInRange(db: Kysely<Database>, q: StoredBarsQuery): Promise<Map<number, BarValues>> {
  const rows = await db
    .selectFrom('market_data')
    .select(['timestamp', ...BAR_FIELDS])
    .where('symbol', '=', q.symbol)
    .where('source', '=', q.source)
    .where('timestamp', '>=', q.from)
    .where('timestamp', '<=', q.through)
    .execute();
  return new Map(rows.map((row) => [row.timestamp.getTime(), row as BarValues]));
}

/** How many bars of a symbol a flow stored or revised, and the first and last of them. */
export interface BarsWritten {
  readonly changed: number;
  readonly first: Date | null;
  readonly last: Date | null;
}

export interface BarsWrittenQuery {
  source: string;
  correlationId: string;
  /** Per symbol, the range [start, end) to look in. */
  ranges: ReadonlyMap<string, { start: Date; end: Date }>;
}

/**
 * Per symbol, the bars in the given ranges that were stored or revised under this correlation id
 * (a changed row takes the id of the job that changed it): what every attempt of a job wrote,
 * including an earlier attempt that committed and then died before handing on.
 */
export async function barsWrittenUnder(db: Kysely<Database>, { source, correlationId, ranges }: BarsWrittenQuery): Promise<Map<string, BarsWritten>> {
  if (ranges.size === 0) return new Map();
  const all = [...ranges.values()];
  const rows = await db
    .selectFrom('market_data')
    .select(['symbol', (eb) => eb.fn.countAll<string>().as('n'), (eb) => eb.fn.min('timestamp').as('first'), (eb) => eb.fn.max('timestamp').as('last')])
    .where('symbol', 'in', [...ranges.keys()])
    .where('source', '=', source)
    .where('correlation_id', '=', correlationId)
    .where('timestamp', '>=', new Date(Math.min(...all.map((r) => r.start.getTime()))))
    .where('timestamp', '<', new Date(Math.max(...all.map((r) => r.end.getTime()))))
    .groupBy('symbol')
    .execute();
  return new Map(rows.map((row) => [row.symbol, { changed: Number(row.n), first: row.first, last: row.last }]));
}

/** One symbol's stored history of a source: its first and last bar start. */
export interface StoredSpan {
  symbol: string;
  first: Date;
  last: Date;
}

/** First and last stored bar per symbol of one source (all symbols when `symbols` is empty or absent), by symbol. */
export async function storedSpans(db: Kysely<Database>, { source, symbols }: { source: string; symbols?: readonly string[] }): Promise<StoredSpan[]> {
  let query = db
    .selectFrom('market_data')
    .select(['symbol', (eb) => eb.fn.min('timestamp').as('first'), (eb) => eb.fn.max('timestamp').as('last')])
    .where('source', '=', source);
  if (symbols && symbols.length > 0) query = query.where('symbol', 'in', [...symbols]);
  return query.groupBy('symbol').orderBy('symbol').execute();
}

export interface BarAtQuery {
  symbol: string;
  source: string;
  timestamp: Date;
}

/** The bar of one symbol and source starting at `timestamp`, if stored. */
export function barAt(db: Kysely<Database>, q: BarAtQuery): Promise<MarketBar | undefined> {
  return db
    .selectFrom('market_data')
    .selectAll()
    .where('symbol', '=', q.symbol)
    .where('source', '=', q.source)
    .where('timestamp', '=', q.timestamp)
    .executeTakeFirst();
}

/** Whether the symbol has any bar of the source (one index probe): a symbol we know. */
export async function symbolHasBars(db: Kysely<Database>, symbol: string, source: string): Promise<boolean> {
  const row = await db
    .selectFrom('market_data')
    .select(sql<number>`1`.as('found'))
    .where('symbol', '=', symbol)
    .where('source', '=', source)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The sources that have bars, with their counts: what a command defaulting to one source names when
 * that source has none (a database holding only synthetic bars is the usual case).
 */
export async function storedSources(db: Kysely<Database>): Promise<{ source: string; bars: number }[]> {
  const rows = await db
    .selectFrom('market_data')
    .select(['source', sql<string>`count(*)`.as('bars')])
    .groupBy('source')
    .orderBy('source')
    .execute();
  return rows.map((r) => ({ source: r.source, bars: Number(r.bars) }));
}

/** Up to `limit` bars strictly after `after`, ascending: what the paper broker trades an order on. */
export function barsAfter(db: Kysely<Database>, q: { symbol: string; source: string; after: Date; limit: number }): Promise<MarketBar[]> {
  return db
    .selectFrom('market_data')
    .selectAll()
    .where('symbol', '=', q.symbol)
    .where('source', '=', q.source)
    .where('timestamp', '>', q.after)
    .orderBy('timestamp', 'asc')
    .limit(q.limit)
    .execute();
}

/** The newest close per symbol of the source (symbols without bars are absent). */
export async function latestCloses(db: Kysely<Database>, symbols: readonly string[], source: string): Promise<Map<string, { close: number; timestamp: Date }>> {
  if (symbols.length === 0) return new Map();
  const { rows } = await sql<{ symbol: string; close: number; timestamp: Date }>`
    SELECT s.symbol, m.close, m.timestamp
    FROM unnest(${[...symbols]}::varchar[]) AS s(symbol)
    CROSS JOIN LATERAL (
      SELECT close, timestamp FROM market_data
      WHERE symbol = s.symbol AND source = ${source}
      ORDER BY timestamp DESC LIMIT 1
    ) m`.execute(db);
  return new Map(rows.map((r) => [r.symbol, { close: Number(r.close), timestamp: r.timestamp }]));
}
