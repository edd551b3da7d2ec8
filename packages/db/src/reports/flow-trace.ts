import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';

/** One thing that happened in a flow: a log record, an order, a fill. */
export interface FlowEvent {
  at: Date;
  /** The table it comes from. */
  source: string;
  component: string | null;
  level: string | null;
  summary: string;
}

/**
 * A stretch of the flow with a duration: a job run (from performance_logs: start + duration) or the
 * writes of one table (first to last write of its rows that carry the id).
 */
export interface FlowStage {
  name: string;
  source: string;
  component: string | null;
  start: Date;
  end: Date;
  durationMs: number;
  /** Rows written (table stages) or 1 (a job run). */
  rows: number;
  status: string | null;
  detail: string | null;
}

export interface FlowTrace {
  correlationId: string;
  start: Date | null;
  end: Date | null;
  totalMs: number;
  /** Ordered by start. */
  stages: FlowStage[];
  /** Ordered by time. */
  events: FlowEvent[];
  /** Rows found per table (every table that carries correlation_id, zero included), all counted. */
  rowsByTable: Record<string, number>;
  /** True when a table had more rows than are listed one by one (EVENT_LIMIT per table). */
  eventsTruncated: boolean;
}

export const EVENT_LIMIT = 5_000;

const LOG_TABLES = ['system_logs', 'error_logs', 'trading_events', 'user_action_logs', 'performance_logs'] as const;

/**
 * Everything written under one correlation id, across every table that has the column: the five
 * log tables, market_data, feature_engineered_data, predictions, orders and fills. Data tables are
 * summarised as stages (first/last write time: created_at, or updated_at where a re-run can rewrite
 * a row); log records, orders and fills are listed one by one (up to 5,000 per table).
 */
export async function traceFlow(db: Kysely<Database>, correlationId: string): Promise<FlowTrace> {
  const id = correlationId;
  const [system, errors, trading, actions, performance, orders, fills, tables] = await Promise.all([
    sql<{ at: Date; level: string; component: string; message: string; module: string | null }>`
      SELECT timestamp AS at, level, logger_name AS component, message, module FROM system_logs
      WHERE correlation_id = ${id} ORDER BY timestamp, id LIMIT ${EVENT_LIMIT}`.execute(db),
    sql<{ at: Date; component: string | null; error_type: string; error_message: string; request_path: string | null }>`
      SELECT timestamp AS at, component, error_type, error_message, request_path FROM error_logs
      WHERE correlation_id = ${id} ORDER BY timestamp, id LIMIT ${EVENT_LIMIT}`.execute(db),
    sql<{ at: Date; strategy: string | null; summary: string }>`
      SELECT timestamp AS at, strategy,
             concat_ws(' ', event_type, side, quantity::text, symbol, '@ ' || price::text, order_id) AS summary
      FROM trading_events WHERE correlation_id = ${id} ORDER BY timestamp, id LIMIT ${EVENT_LIMIT}`.execute(db),
    sql<{ at: Date; summary: string }>`
      SELECT timestamp AS at, concat_ws(' ', action_type, request_method, request_path, response_status::text) AS summary
      FROM user_action_logs WHERE correlation_id = ${id} ORDER BY timestamp, id LIMIT ${EVENT_LIMIT}`.execute(db),
    sql<{ at: Date; operation_name: string; duration_ms: string | number; status: string; component: string | null; metadata: unknown }>`
      SELECT timestamp AS at, operation_name, duration_ms, status, component, metadata FROM performance_logs
      WHERE correlation_id = ${id} ORDER BY timestamp, id LIMIT ${EVENT_LIMIT}`.execute(db),
    sql<{ created_at: Date; updated_at: Date; order_id: string; symbol: string; side: string; quantity: number; status: string; strategy: string | null }>`
      SELECT created_at, updated_at, order_id, symbol, side, quantity, status, strategy FROM orders
      WHERE correlation_id = ${id} ORDER BY created_at, id LIMIT ${EVENT_LIMIT}`.execute(db),
    sql<{ created_at: Date; fill_id: string; order_id: string; symbol: string; quantity: number; price: string | number }>`
      SELECT created_at, fill_id, order_id, symbol, quantity, price FROM fills
      WHERE correlation_id = ${id} ORDER BY created_at, id LIMIT ${EVENT_LIMIT}`.execute(db),
    sql<{ source: string; rows: string | number; first_at: Date | null; last_at: Date | null; detail: string | null }>`
      SELECT 'market_data' AS source, count(*) AS rows, min(created_at) AS first_at, max(created_at) AS last_at,
             string_agg(DISTINCT symbol || '/' || source, ', ') AS detail
        FROM market_data WHERE correlation_id = ${id}
      UNION ALL
      SELECT 'feature_engineered_data', count(*), min(updated_at), max(updated_at),
             string_agg(DISTINCT symbol || ' v' || feature_version, ', ')
        FROM feature_engineered_data WHERE correlation_id = ${id}
      UNION ALL
      SELECT 'predictions', count(*), min(created_at), max(created_at),
             string_agg(DISTINCT symbol || ' ' || prediction_type || ' by ' || model_id, ', ')
        FROM predictions WHERE correlation_id = ${id}
      UNION ALL
      SELECT 'orders', count(*), min(created_at), max(updated_at), string_agg(DISTINCT symbol || ' ' || status, ', ')
        FROM orders WHERE correlation_id = ${id}
      UNION ALL
      SELECT 'fills', count(*), min(created_at), max(created_at), string_agg(DISTINCT symbol, ', ')
        FROM fills WHERE correlation_id = ${id}`.execute(db),
  ]);
  // Counted apart from the listed rows: a long flow has more log lines than are worth listing, and
  // its row count must still be the truth.
  const logCounts = await sql<{ source: string; rows: string | number }>`
    ${sql.join(LOG_TABLES.map((table) => sql`SELECT ${table}::text AS source, count(*) AS rows FROM ${sql.table(table)} WHERE correlation_id = ${id}`), sql` UNION ALL `)}`.execute(db);

  const events: FlowEvent[] = [
    ...system.rows.map((r) => ({
      at: r.at, source: 'system_logs', component: r.component, level: r.level,
      summary: r.module === null ? r.message : `[${r.module}] ${r.message}`,
    })),
    ...errors.rows.map((r) => ({
      at: r.at, source: 'error_logs', component: r.component, level: 'ERROR',
      summary: `${r.error_type}: ${r.error_message}${r.request_path === null ? '' : ` (${r.request_path})`}`,
    })),
    ...trading.rows.map((r) => ({ at: r.at, source: 'trading_events', component: r.strategy, level: 'INFO', summary: r.summary })),
    ...actions.rows.map((r) => ({ at: r.at, source: 'user_action_logs', component: null, level: 'INFO', summary: r.summary })),
    ...orders.rows.map((r) => ({
      at: r.created_at, source: 'orders', component: r.strategy, level: null,
      summary: `order ${r.order_id}: ${r.side} ${r.quantity} ${r.symbol} (${r.status})`,
    })),
    ...fills.rows.map((r) => ({
      at: r.created_at, source: 'fills', component: null, level: null,
      summary: `fill ${r.fill_id} of ${r.order_id}: ${r.quantity} ${r.symbol} @ ${Number(r.price)}`,
    })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());

  const stages: FlowStage[] = [
    ...performance.rows.map((r) => {
      const durationMs = Number(r.duration_ms);
      const jobId = (r.metadata as { jobId?: unknown } | null)?.jobId;
      return {
        name: r.operation_name, source: 'performance_logs', component: r.component,
        start: r.at, end: new Date(r.at.getTime() + durationMs), durationMs, rows: 1, status: r.status,
        detail: typeof jobId === 'string' ? `job ${jobId}` : null,
      };
    }),
    ...tables.rows
      .filter((r) => Number(r.rows) > 0 && r.first_at !== null && r.last_at !== null)
      .map((r) => ({
        name: `write ${r.source}`, source: r.source, component: null,
        start: r.first_at!, end: r.last_at!, durationMs: r.last_at!.getTime() - r.first_at!.getTime(),
        rows: Number(r.rows), status: null, detail: r.detail,
      })),
  ].sort((a, b) => a.start.getTime() - b.start.getTime() || b.end.getTime() - a.end.getTime());

  const rowsByTable: Record<string, number> = {};
  for (const r of [...logCounts.rows, ...tables.rows]) rowsByTable[r.source] = Number(r.rows);
  const eventsTruncated = [...logCounts.rows, ...tables.rows.filter((r) => r.source === 'orders' || r.source === 'fills')].some(
    (r) => Number(r.rows) > EVENT_LIMIT,
  );

  const instants = [...events.map((e) => e.at.getTime()), ...stages.flatMap((s) => [s.start.getTime(), s.end.getTime()])];
  const start = instants.length === 0 ? null : new Date(Math.min(...instants));
  const end = instants.length === 0 ? null : new Date(Math.max(...instants));
  return { correlationId, start, end, totalMs: start && end ? end.getTime() - start.getTime() : 0, stages, events, rowsByTable, eventsTruncated };
}
