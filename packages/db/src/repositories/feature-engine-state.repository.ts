import { FEATURE_VERSION } from '@mltrading/features';
import { INTERVAL_MS, isInterval } from '@mltrading/market';
import { sql, type Kysely } from 'kysely';
import type { JsonValue } from '../schema/column-types.ts';
import type { Database } from '../schema/database.ts';

export interface FeatureEngineStateKey {
  symbol: string;
  source: string;
  /** Bar interval of the bars the state has consumed ('1h', …). */
  interval: string;
  /** Defaults to the catalog's FEATURE_VERSION. */
  featureVersion?: string;
}

export interface StoredFeatureEngineState {
  lastTimestamp: Date;
  barsSeen: number;
  /** The engine's JSON state, as stored: the engine itself checks version and calendar on import. */
  state: JsonValue;
  updatedAt: Date;
}

/** The stored engine state of one symbol, or undefined when there is none for this feature version. */
export async function loadFeatureEngineState(
  db: Kysely<Database>,
  key: FeatureEngineStateKey,
): Promise<StoredFeatureEngineState | undefined> {
  const row = await db
    .selectFrom('feature_engine_state')
    .select(['last_timestamp', 'bars_seen', 'state', 'updated_at'])
    .where('symbol', '=', key.symbol)
    .where('source', '=', key.source)
    .where('interval', '=', key.interval)
    .where('feature_version', '=', key.featureVersion ?? FEATURE_VERSION)
    .executeTakeFirst();
  if (row === undefined || row.state === null) return undefined;
  return { lastTimestamp: row.last_timestamp, barsSeen: row.bars_seen, state: row.state, updatedAt: row.updated_at };
}

export interface FeatureEngineStateWrite extends FeatureEngineStateKey {
  lastTimestamp: Date;
  barsSeen: number;
  /** Any JSON-serialisable value (the engine's FeatureEngineState). */
  state: unknown;
  correlationId?: string | null;
}

/** Inserts or replaces the state of one symbol (call it in the transaction that wrote its rows). */
export async function saveFeatureEngineState(db: Kysely<Database>, write: FeatureEngineStateWrite): Promise<void> {
  const values = {
    symbol: write.symbol,
    source: write.source,
    interval: write.interval,
    feature_version: write.featureVersion ?? FEATURE_VERSION,
    last_timestamp: write.lastTimestamp,
    bars_seen: write.barsSeen,
    state: JSON.stringify(write.state),
    correlation_id: write.correlationId ?? null,
  };
  await db
    .insertInto('feature_engine_state')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['symbol', 'source', 'interval', 'feature_version']).doUpdateSet({
        last_timestamp: values.last_timestamp,
        bars_seen: values.bars_seen,
        state: values.state,
        correlation_id: values.correlation_id,
        updated_at: new Date(),
      }),
    )
    .execute();
}

/** Removes the stored state (the next job recomputes the symbol from its first bar). */
export async function deleteFeatureEngineState(db: Kysely<Database>, key: FeatureEngineStateKey): Promise<void> {
  await db
    .deleteFrom('feature_engine_state')
    .where('symbol', '=', key.symbol)
    .where('source', '=', key.source)
    .where('interval', '=', key.interval)
    .where('feature_version', '=', key.featureVersion ?? FEATURE_VERSION)
    .execute();
}

/**
 * Takes the transaction-scoped advisory lock of one (symbol, source, interval): one feature writer
 * per symbol at a time, because a stored state read in the transaction is only valid until its commit.
 */
export async function lockFeatureEngineState(trx: Kysely<Database>, key: Omit<FeatureEngineStateKey, 'featureVersion'>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`features|${key.source}|${key.interval}|${key.symbol}`}))`.execute(trx);
}

export interface FeaturesBehindQuery {
  /**
   * Interval assumed for the bars of a (symbol, source) that has no engine state (market_data has
   * no interval column); where a state exists its own interval is used.
   */
  defaultInterval: string;
  /** Defaults to the catalog's FEATURE_VERSION; a state of another version counts as no state. */
  featureVersion?: string;
}

/** One (symbol, source, interval) whose newest stored bar has no computed features yet. */
export interface FeaturesBehind {
  symbol: string;
  source: string;
  interval: string;
  /** Newest bar the engine state has consumed; null when the symbol has bars but no state. */
  lastComputed: Date | null;
  /** First bar after the state (or the first stored bar when there is no state). */
  firstPending: Date;
  newestBar: Date;
  /** The range a `features` job should cover: [firstPending, newestBar + 1 interval). */
  start: string;
  end: string;
}

/**
 * Every (symbol, source) whose newest `market_data` bar is newer than its `feature_engine_state`
 * (or that has bars and no state), in one statement: an aggregate over market_data per symbol and
 * source, joined to the state table; for the few rows behind, the first bar after the state is one
 * probe of the (symbol, timestamp, source) unique index.
 *
 * The aggregate reads every bar: the unique index is ordered (symbol, timestamp, source), so it
 * cannot hand out min/max per (symbol, source) without visiting each entry, and PostgreSQL picks a
 * parallel sequential scan of the table (an index-only scan of the whole index costs about the
 * same). Measured: 1.9 M bars of 1,057 symbols, ≈ 0.35 s.
 */
export async function findFeaturesBehind(db: Kysely<Database>, query: FeaturesBehindQuery): Promise<FeaturesBehind[]> {
  const version = query.featureVersion ?? FEATURE_VERSION;
  const { rows } = await sql<{
    symbol: string;
    source: string;
    interval: string | null;
    last_computed: Date | null;
    first_pending: Date;
    newest_bar: Date;
  }>`
    WITH bars AS (
      SELECT symbol, source, min(timestamp) AS first_bar, max(timestamp) AS newest_bar
      FROM market_data
      GROUP BY symbol, source
    )
    SELECT b.symbol, b.source, s.interval, s.last_timestamp AS last_computed, b.newest_bar,
      CASE WHEN s.last_timestamp IS NULL THEN b.first_bar ELSE (
        SELECT m.timestamp FROM market_data m
        WHERE m.symbol = b.symbol AND m.source = b.source AND m.timestamp > s.last_timestamp
        ORDER BY m.timestamp LIMIT 1
      ) END AS first_pending
    FROM bars b
    LEFT JOIN feature_engine_state s
      ON s.symbol = b.symbol AND s.source = b.source AND s.feature_version = ${version}
    WHERE s.last_timestamp IS NULL OR b.newest_bar > s.last_timestamp
    ORDER BY b.symbol, b.source, s.interval`.execute(db);

  return rows.map((row) => {
    const interval = row.interval ?? query.defaultInterval;
    const step = isInterval(interval) ? INTERVAL_MS[interval] : undefined;
    if (step === undefined) throw new Error(`findFeaturesBehind: unknown interval "${interval}" (${row.symbol}/${row.source})`);
    return {
      symbol: row.symbol,
      source: row.source,
      interval,
      lastComputed: row.last_computed,
      firstPending: row.first_pending,
      newestBar: row.newest_bar,
      start: row.first_pending.toISOString(),
      end: new Date(row.newest_bar.getTime() + step).toISOString(),
    };
  });
}
