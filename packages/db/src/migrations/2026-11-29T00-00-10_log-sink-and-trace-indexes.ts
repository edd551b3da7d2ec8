import { sql, type Kysely } from 'kysely';

// The log sink's bookkeeping lives in its own schema, apart from the seed's tables: one row per
// written batch (BullMQ job id), claimed in the same transaction as the batch's rows, so a retried
// or re-added job is skipped instead of written twice.
//
// `mlt trace` looks rows up by correlation id in every table that has one. The log tables are
// indexed already; these partial indexes cover the trading tables. feature_engineered_data is left
// out on purpose: it is the bulk-write path (one more index on every upserted row) and the seed's
// nine indexes are its documented set; a trace scans it.
const TRACED_TABLES = ['market_data', 'predictions', 'orders', 'fills'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE SCHEMA IF NOT EXISTS log_sink`.execute(db);
  await sql`
    CREATE TABLE log_sink.batches (
      batch_id VARCHAR(200) PRIMARY KEY,
      record_count INTEGER NOT NULL,
      received_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
    )`.execute(db);
  await sql`CREATE INDEX idx_log_sink_batches_received_at ON log_sink.batches (received_at)`.execute(db);
  for (const table of TRACED_TABLES) {
    await sql
      .raw(`CREATE INDEX idx_${table}_correlation_id ON ${table} (correlation_id) WHERE correlation_id IS NOT NULL`)
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TRACED_TABLES) await sql.raw(`DROP INDEX IF EXISTS idx_${table}_correlation_id`).execute(db);
  await sql`DROP SCHEMA IF EXISTS log_sink CASCADE`.execute(db);
}
