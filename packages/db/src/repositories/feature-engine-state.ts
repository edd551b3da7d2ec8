import { FEATURE_VERSION } from '@mltrading/features';
import type { Kysely } from 'kysely';
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
