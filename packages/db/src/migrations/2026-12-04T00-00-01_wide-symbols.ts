import { sql, type Kysely } from 'kysely';

// Yahoo's symbols are longer than the seed's VARCHAR(10): `0P000071W8.TO` (a fund) has 13
// characters, and the queue contract accepts up to 32. Every symbol column is widened to 32.
// VARCHAR(n) → VARCHAR(m ≥ n) rewrites no table, but PostgreSQL refuses to change the type of a
// column a view reads, so the two views that read symbol columns are dropped and created again,
// each exactly as its own migration created it (the seed's dashboard summary with its unique index
// for REFRESH … CONCURRENTLY; recent_system_activity). Later changes to those views belong in new
// migrations, not here: this one is frozen with them as they were.
const WIDTH = 32;
/** table → the width of its symbol column before this migration. */
const SYMBOL_COLUMNS: Readonly<Record<string, number>> = {
  market_data: 10,
  stock_info: 10,
  feature_engineered_data: 10,
  feature_engine_state: 10,
  predictions: 10,
  orders: 10,
  fills: 10,
  trading_events: 20,
};

async function dropViews(db: Kysely<any>): Promise<void> {
  await sql`DROP VIEW recent_system_activity`.execute(db);
  await sql`DROP MATERIALIZED VIEW mv_features_dashboard_summary`.execute(db);
}

async function createViews(db: Kysely<any>): Promise<void> {
  // As in 2026-11-28T00-00-03_features.
  await sql`
    CREATE MATERIALIZED VIEW mv_features_dashboard_summary AS
    SELECT 
        symbol,
        MAX(timestamp) as latest_timestamp,
        COUNT(*) as total_records,
        MAX(feature_version) as latest_version,
        COUNT(CASE WHEN rsi_1d IS NOT NULL THEN 1 END)::float / COUNT(*)::float as rsi_coverage,
        COUNT(CASE WHEN price_ma_short IS NOT NULL THEN 1 END)::float / COUNT(*)::float as ma_coverage
    FROM feature_engineered_data
    WHERE timestamp >= NOW() - INTERVAL '90 days'
    GROUP BY symbol`.execute(db);
  await sql`
    CREATE UNIQUE INDEX mv_features_dashboard_summary_symbol
    ON mv_features_dashboard_summary (symbol)`.execute(db);
  // As in 2026-11-28T00-00-06_recent-system-activity.
  await sql`
    CREATE VIEW recent_system_activity AS
    SELECT activity_type, id, timestamp, level, component, summary, correlation_id, metadata
    FROM (
      SELECT 'system_log'::text AS activity_type, id, timestamp, level::text AS level,
             logger_name::text AS component, message AS summary, correlation_id, metadata
      FROM system_logs
      WHERE timestamp >= NOW() - INTERVAL '24 hours'
      UNION ALL
      SELECT 'trading_event', id, timestamp, 'INFO', strategy::text,
             concat_ws(' ', event_type, side, quantity::text, symbol, '@ ' || price::text, order_id),
             correlation_id, metadata
      FROM trading_events
      WHERE timestamp >= NOW() - INTERVAL '24 hours'
      UNION ALL
      SELECT 'performance_log', id, timestamp, 'INFO', component::text,
             operation_name || ' ' || status || ' in ' || duration_ms::text || ' ms',
             correlation_id, metadata
      FROM performance_logs
      WHERE timestamp >= NOW() - INTERVAL '24 hours'
      UNION ALL
      SELECT 'error_log', id, timestamp, 'ERROR', component::text,
             error_type || ': ' || error_message,
             correlation_id, metadata
      FROM error_logs
      WHERE timestamp >= NOW() - INTERVAL '24 hours'
    ) AS activity
    ORDER BY timestamp DESC`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await dropViews(db);
  for (const table of Object.keys(SYMBOL_COLUMNS)) {
    await sql.raw(`ALTER TABLE ${table} ALTER COLUMN symbol TYPE VARCHAR(${WIDTH})`).execute(db);
  }
  await createViews(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // Narrowing would fail on the first long symbol with "value too long"; say which rows are in the way.
  for (const [table, width] of Object.entries(SYMBOL_COLUMNS)) {
    const { rows } = await sql<{ symbol: string }>`
      SELECT DISTINCT symbol FROM ${sql.table(table)} WHERE length(symbol) > ${width} ORDER BY symbol LIMIT 5`.execute(db);
    if (rows.length > 0) {
      throw new Error(
        `cannot narrow ${table}.symbol back to VARCHAR(${width}): it holds longer symbols (${rows.map((r) => r.symbol).join(', ')}); delete or rename those rows first`,
      );
    }
  }
  await dropViews(db);
  for (const [table, width] of Object.entries(SYMBOL_COLUMNS)) {
    await sql.raw(`ALTER TABLE ${table} ALTER COLUMN symbol TYPE VARCHAR(${width})`).execute(db);
  }
  await createViews(db);
}
