import { sql, type Kysely } from 'kysely';

// One row shape for the four activity tables so a dashboard or `mlt` can show a single timeline.
// activity_type names the source table; level is the log level where the table has one, ERROR for
// error_logs, and INFO for trading and performance records (a failed operation shows its status in
// the summary). Each branch filters on its own indexed timestamp before the union.
export async function up(db: Kysely<any>): Promise<void> {
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

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP VIEW IF EXISTS recent_system_activity`.execute(db);
}
