import { FEATURE_NAMES, FEATURE_VERSION } from '@mltrading/features';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../schema/database.ts';

export interface FeatureColumnsQuery {
  /** The universe; rows come back for these symbols only. */
  symbols: readonly string[];
  /** Default 'yahoo'. */
  source?: string;
  /** Default the catalog's FEATURE_VERSION. */
  featureVersion?: string;
  /** Feature columns to read (numeric v3.0 names); nothing else is read. */
  features: readonly string[];
  /** A range [from, to) … */
  from?: Date;
  to?: Date;
  /** … or exact bar times. */
  timestamps?: readonly Date[];
  /** Feature columns per query (default 16): a wide read costs one query per batch, never a row object per feature set. */
  batchColumns?: number;
}

/** Column-major feature rows, sorted by timestamp then symbol (index into `symbols`). NULL → NaN. */
export interface FeatureColumns {
  /** The query's symbols, sorted (symbolIndex points here). */
  symbols: string[];
  featureNames: string[];
  symbolIndex: Int32Array;
  /** Bar start, epoch ms. */
  timestamps: Float64Array;
  close: Float64Array;
  columns: Float64Array[];
  rows: number;
}

const NUMERIC_FEATURES = new Set<string>(FEATURE_NAMES.filter((name) => name !== 'date'));

/**
 * Reads feature columns for a universe and a range (or exact bar times) in column batches: first
 * the row keys and close, then `batchColumns` features per query, each filling Float64Arrays in the
 * same (timestamp, symbol) order. The filter is the seed's optimized query pattern (symbol, version,
 * timestamp range on idx_features_symbol_version_timestamp). All batches read one snapshot
 * (REPEATABLE READ), so a writer in between cannot shift rows from one batch to the next.
 */
export async function loadFeatureColumns(db: Kysely<Database>, query: FeatureColumnsQuery): Promise<FeatureColumns> {
  for (const name of query.features) {
    if (!NUMERIC_FEATURES.has(name)) throw new Error(`loadFeatureColumns: unknown feature "${name}" (not a numeric v3.0 feature)`);
  }
  if (new Set(query.features).size !== query.features.length) throw new Error('loadFeatureColumns: a feature is listed twice');
  const byRange = query.from !== undefined && query.to !== undefined;
  if (byRange === (query.timestamps !== undefined)) throw new Error('loadFeatureColumns: give either from and to, or timestamps');
  const batch = query.batchColumns ?? 16;
  if (!Number.isInteger(batch) || batch < 1) throw new Error(`loadFeatureColumns: batchColumns must be a positive integer, got ${batch}`);
  // "C" order on both sides, so symbolIndex grows with the SQL order within an instant.
  const symbols = [...new Set(query.symbols)].sort();
  const featureNames = [...query.features];
  const empty = (): FeatureColumns => ({
    symbols,
    featureNames,
    symbolIndex: new Int32Array(0),
    timestamps: new Float64Array(0),
    close: new Float64Array(0),
    columns: featureNames.map(() => new Float64Array(0)),
    rows: 0,
  });
  if (symbols.length === 0 || (query.timestamps !== undefined && query.timestamps.length === 0)) return empty();

  const where = sql`symbol = ANY(${symbols}::varchar[]) AND source = ${query.source ?? 'yahoo'} AND feature_version = ${query.featureVersion ?? FEATURE_VERSION} AND ${
    byRange
      ? sql`timestamp >= ${query.from!} AND timestamp < ${query.to!}`
      : sql`timestamp = ANY(${query.timestamps!.map((t) => t.toISOString())}::timestamptz[])`
  }`;
  const order = sql`ORDER BY timestamp, symbol COLLATE "C"`;

  const read = async (trx: Kysely<Database>): Promise<FeatureColumns> => {
    const keys = await sql<{ symbol: string; timestamp: Date; close: number | null }>`SELECT symbol, timestamp, close FROM feature_engineered_data WHERE ${where} ${order}`.execute(trx);
    const n = keys.rows.length;
    if (n === 0) return empty();
    const indexOf = new Map(symbols.map((s, i) => [s, i]));
    const out = empty();
    out.rows = n;
    out.symbolIndex = new Int32Array(n);
    out.timestamps = new Float64Array(n);
    out.close = new Float64Array(n);
    keys.rows.forEach((row, i) => {
      out.symbolIndex[i] = indexOf.get(row.symbol)!;
      out.timestamps[i] = row.timestamp.getTime();
      out.close[i] = row.close ?? Number.NaN;
    });
    out.columns = [];
    for (let first = 0; first < featureNames.length; first += batch) {
      const names = featureNames.slice(first, first + batch);
      const select: RawBuilder<unknown> = sql.join(names.map((name) => sql.ref(name)));
      const result = await sql<Record<string, number | null>>`SELECT ${select} FROM feature_engineered_data WHERE ${where} ${order}`.execute(trx);
      if (result.rows.length !== n) throw new Error(`loadFeatureColumns: batch read ${result.rows.length} rows, keys ${n}`);
      for (const name of names) {
        const column = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const value = result.rows[i]![name];
          column[i] = value === null || value === undefined ? Number.NaN : Number(value);
        }
        out.columns.push(column);
      }
    }
    return out;
  };
  if (db.isTransaction) return read(db);
  return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(read);
}
