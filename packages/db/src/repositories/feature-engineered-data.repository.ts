import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql, type Kysely } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import { FEATURE_NAMES } from '@mltrading/features';
import { mergeStaged } from '../bulk/bulk-upsert.ts';
import { rawClientOf } from '../connection/raw-client.ts';
import { quoteIdentifier } from '../connection/ensure-database.ts';
import { checkFeatureBatch, encodeFeatureBatch, FEATURE_BAR_COLUMNS, FEATURE_COPY_COLUMNS, type FeatureColumnsBatch } from '../bulk/feature-copy-encoder.ts';
import type { Database } from '../schema/database.ts';

export type { FeatureColumnsBatch } from '../bulk/feature-copy-encoder.ts';

export interface WriteFeatureColumnsOptions {
  /**
   * 'auto' (default): COPY straight into feature_engineered_data when no row of this symbol,
   * source and version exists in the batch's time range (a first backfill, appended bars), else
   * stage and merge. 'merge' always stages (e.g. for rows known to exist).
   */
  method?: 'auto' | 'merge';
  /** First row to write (earlier rows are known to be unchanged); default 0. */
  from?: number;
}

export interface WriteFeatureColumnsResult {
  inserted: number;
  updated: number;
  method: 'copy' | 'merge';
}

const COLUMN_LIST = FEATURE_COPY_COLUMNS.map(quoteIdentifier).join(', ');
const KEY = ['symbol', 'timestamp', 'source', 'feature_version'];
const COMPARED = [...FEATURE_BAR_COLUMNS, ...FEATURE_NAMES];
const UPDATED = ['correlation_id', ...COMPARED];
const STAGE = 'mlt_stage_feature_columns';

/**
 * Writes one symbol's computed feature columns with binary COPY. A key range that is new for the
 * symbol goes straight into the table (no staging, no merge: what a first backfill and appended
 * bars are); otherwise the rows are staged and merged like `upsertFeatureRows` (identical rows are
 * left untouched). Runs in the caller's transaction when `db` is one; a concurrent writer of the
 * same key range that slips in between the check and the COPY makes the COPY fail on the unique
 * key (nothing is written), and a retry takes the merge path.
 */
export async function writeFeatureColumns(
  db: Kysely<Database>,
  batch: FeatureColumnsBatch,
  options: WriteFeatureColumnsOptions = {},
): Promise<WriteFeatureColumnsResult> {
  const n = checkFeatureBatch(batch);
  const from = options.from ?? 0;
  if (!Number.isInteger(from) || from < 0 || from > n) throw new RangeError(`from must be an integer in [0, ${n}], got ${from}`);
  if (from === n) return { inserted: 0, updated: 0, method: 'copy' };
  const run = async (trx: Kysely<Database>): Promise<WriteFeatureColumnsResult> => {
    const direct = (options.method ?? 'auto') === 'auto' && !(await featureRowsExist(trx, {
          symbol: batch.symbol,
          source: batch.source,
          featureVersion: batch.featureVersion,
          from: new Date(batch.timestamp[from]!),
          to: new Date(batch.timestamp[n - 1]!),
          inclusive: true,
        }));
    if (direct) {
      await copyInto(trx, 'feature_engineered_data', batch, from, n);
      return { inserted: n - from, updated: 0, method: 'copy' };
    }
    return { ...(await stageAndMerge(trx, batch, from, n)), method: 'merge' };
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

export interface FeatureRowsRangeQuery {
  symbol: string;
  source: string;
  featureVersion: string;
  /** Inclusive lower bound. */
  from: Date;
  /** Upper bound: exclusive unless `inclusive`. */
  to: Date;
  inclusive?: boolean;
}

/** Whether any feature row of this symbol, source and version lies in the range (one index probe). */
export async function featureRowsExist(db: Kysely<Database>, q: FeatureRowsRangeQuery): Promise<boolean> {
  const row = await db
    .selectFrom('feature_engineered_data')
    .select(sql<number>`1`.as('found'))
    .where('symbol', '=', q.symbol)
    .where('source', '=', q.source)
    .where('feature_version', '=', q.featureVersion)
    .where('timestamp', '>=', q.from)
    .where('timestamp', q.inclusive ? '<=' : '<', q.to)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export interface NewestFeatureRowQuery {
  symbols: readonly string[];
  source: string;
  featureVersion: string;
  /** Only rows strictly before this instant. */
  before: Date;
}

/**
 * The newest feature row time of any of the symbols before `before`, or null when they have none:
 * one backward probe of the (symbol, feature_version, timestamp) index per symbol.
 */
export async function newestFeatureTimestamp(db: Kysely<Database>, q: NewestFeatureRowQuery): Promise<Date | null> {
  if (q.symbols.length === 0) return null;
  const { rows } = await sql<{ newest: Date | null }>`
    SELECT max(n.timestamp) AS newest
    FROM unnest(${[...q.symbols]}::varchar[]) AS s(symbol)
    CROSS JOIN LATERAL (
      SELECT f.timestamp FROM feature_engineered_data f
      WHERE f.symbol = s.symbol AND f.feature_version = ${q.featureVersion} AND f.source = ${q.source} AND f.timestamp < ${q.before}
      ORDER BY f.timestamp DESC LIMIT 1
    ) AS n`.execute(db);
  return rows[0]?.newest ?? null;
}

async function copyInto(db: Kysely<Database>, table: string, batch: FeatureColumnsBatch, from: number, to: number): Promise<void> {
  const client = await rawClientOf(db);
  const copy = client.query(copyFrom(`COPY ${quoteIdentifier(table)} (${COLUMN_LIST}) FROM STDIN (FORMAT binary)`));
  await pipeline(Readable.from(encodeFeatureBatch(batch, from, to)), copy);
}

async function stageAndMerge(
  trx: Kysely<Database>,
  batch: FeatureColumnsBatch,
  from: number,
  to: number,
): Promise<{ inserted: number; updated: number }> {
  await sql
    .raw(`CREATE TEMP TABLE ${STAGE} ON COMMIT DROP AS SELECT ${COLUMN_LIST} FROM feature_engineered_data WITH NO DATA`)
    .execute(trx);
  await copyInto(trx, STAGE, batch, from, to);
  return mergeStaged(trx, { target: 'feature_engineered_data', stage: STAGE, columnList: COLUMN_LIST, conflict: KEY, updates: UPDATED, compared: COMPARED });
}

/** Symbols in `mv_features_dashboard_summary` (as of its last refresh). */
export async function dashboardSummarySymbolCount(db: Kysely<Database>): Promise<number> {
  const { count } = await db
    .selectFrom('mv_features_dashboard_summary')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return count;
}

export interface FeatureValueQuery {
  symbol: string;
  source: string;
  featureVersion: string;
  timestamp: Date;
  /** One of the feature columns (`FEATURE_NAMES`). */
  feature: string;
}

/**
 * One feature of one row (e.g. the volatility order-execution sizes by). `undefined` when the row is
 * missing, `null` when the feature is (warm-up); an unknown feature name is refused before any SQL.
 */
export async function featureValueAt(db: Kysely<Database>, q: FeatureValueQuery): Promise<number | null | undefined> {
  if (!(FEATURE_NAMES as readonly string[]).includes(q.feature)) throw new Error(`featureValueAt: unknown feature "${q.feature}"`);
  const row = await db
    .selectFrom('feature_engineered_data')
    .select(sql<number | null>`${sql.ref(q.feature)}`.as('value'))
    .where('symbol', '=', q.symbol)
    .where('source', '=', q.source)
    .where('feature_version', '=', q.featureVersion)
    .where('timestamp', '=', q.timestamp)
    .executeTakeFirst();
  return row === undefined ? undefined : row.value === null ? null : Number(row.value);
}

/** Bar columns a feature read may ask for beside the features. */
export const FEATURE_ROW_BAR_COLUMNS = ['open', 'high', 'low', 'close', 'volume'] as const;
const READABLE_FEATURE_COLUMNS = new Set<string>([...FEATURE_ROW_BAR_COLUMNS, ...FEATURE_NAMES]);

/** Whether `name` is a column a feature read may select (a bar column or a v3.0 feature). */
export function isReadableFeatureColumn(name: string): boolean {
  return READABLE_FEATURE_COLUMNS.has(name);
}

export interface FeatureRowsPageQuery {
  symbol: string;
  source: string;
  featureVersion: string;
  /** Bar or feature columns to return beside symbol and timestamp; checked against the catalog. */
  columns: readonly string[];
  from: Date;
  to: Date;
  limit: number;
  offset?: number;
}

export type FeatureRowValues = { symbol: string; timestamp: Date } & Record<string, number | string | null | Date>;

/**
 * The seed's optimized query: the chosen columns only, one symbol and version, a time range, newest
 * first (on idx_features_symbol_version_timestamp). A column name outside the catalog is refused
 * before any SQL is built; the names that pass are identifiers (`sql.ref`), never spliced text.
 */
export async function featureRowsPage(db: Kysely<Database>, q: FeatureRowsPageQuery): Promise<FeatureRowValues[]> {
  const unknown = q.columns.filter((name) => !isReadableFeatureColumn(name));
  if (unknown.length > 0) throw new Error(`featureRowsPage: unknown column(s) ${unknown.map((n) => JSON.stringify(n)).join(', ')}`);
  const columns = [...new Set(q.columns)];
  const select = sql.join([sql.ref('symbol'), sql.ref('timestamp'), ...columns.map((name) => sql.ref(name))]);
  return sql<FeatureRowValues>`
    SELECT ${select} FROM feature_engineered_data
    WHERE symbol = ${q.symbol} AND source = ${q.source} AND feature_version = ${q.featureVersion}
      AND timestamp >= ${q.from} AND timestamp < ${q.to}
    ORDER BY timestamp DESC
    LIMIT ${q.limit} OFFSET ${q.offset ?? 0}`
    .execute(db)
    .then((result) => result.rows);
}
