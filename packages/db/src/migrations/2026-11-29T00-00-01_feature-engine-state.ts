import { sql, type Kysely } from 'kysely';

// One row per symbol/source/interval/feature version: the feature engine's continuation state
// after the newest bar it has consumed. Incremental feature jobs resume from it; a row of another
// feature version is never read (the version is part of the key).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE feature_engine_state (
      symbol VARCHAR(10) NOT NULL,
      source VARCHAR(20) NOT NULL,
      interval VARCHAR(10) NOT NULL,
      feature_version VARCHAR(20) NOT NULL,
      last_timestamp TIMESTAMPTZ NOT NULL,
      bars_seen INTEGER NOT NULL,
      state JSONB NOT NULL,
      correlation_id VARCHAR(50),
      updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
      CONSTRAINT feature_engine_state_pkey PRIMARY KEY (symbol, source, interval, feature_version),
      CONSTRAINT feature_engine_state_bars_seen_positive CHECK (bars_seen > 0)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS feature_engine_state`.execute(db);
}
