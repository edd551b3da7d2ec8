import { sql, type Kysely } from 'kysely';

// The sweep of undecided predictions (order-execution) and the execute worker look up
// `signal_skipped` trading events by `metadata->>'prediction_id'` and strategy. Without an index that
// is a scan of every trading event per prediction, and trading_events also receives every order
// transition (and shipped log events), so it grows without bound. A partial expression index covers
// only the skipped-signal rows, the ones those look-ups read.
// Frozen once landed: it imports nothing but kysely, and every name it uses is spelled out here.
// Not CONCURRENTLY: the migrator runs each migration in a transaction, where PostgreSQL refuses it.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE INDEX idx_trading_events_skipped_prediction
      ON trading_events ((metadata->>'prediction_id'), strategy)
      WHERE event_type = 'signal_skipped'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS idx_trading_events_skipped_prediction`.execute(db);
}
