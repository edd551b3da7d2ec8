import type { Database } from '../schema/database.ts';
import { sql, type Kysely } from 'kysely';

/** The stages of the pipeline and the table each writes, in flow order. */
const STAGES = [
  { stage: 'ingestion', table: 'market_data' },
  { stage: 'feature-engineering', table: 'feature_engineered_data' },
  { stage: 'prediction', table: 'predictions' },
  { stage: 'order-execution', table: 'orders' },
  { stage: 'order-execution', table: 'fills' },
  { stage: 'order-execution', table: 'trading_events' },
  { stage: 'all services (log-sink)', table: 'system_logs' },
  { stage: 'all services (log-sink)', table: 'performance_logs' },
  { stage: 'all services (log-sink)', table: 'error_logs' },
] as const;

/** Rows per stage table carrying the flow's correlation id, with their first and last timestamps. */
export async function flowSummary(db: Kysely<Database>, correlationId: string): Promise<Record<string, unknown>[]> {
  const rows = [];
  for (const { stage, table } of STAGES) {
    // orders has no timestamp column of its own: its time is when it was created.
    const column = table === 'orders' ? 'created_at' : 'timestamp';
    const { rows: result } = await sql<{ n: number; symbols: number; first: Date | null; last: Date | null }>`
      select count(*)::int as n,
             ${table.endsWith('_logs') ? sql`0` : sql`count(distinct symbol)`}::int as symbols,
             min(${sql.ref(column)}) as first, max(${sql.ref(column)}) as last
      from ${sql.table(table)} where correlation_id = ${correlationId}`.execute(db);
    const r = result[0]!;
    rows.push({ stage, table, rows: r.n, symbols: table.endsWith('_logs') ? '' : r.symbols, first: r.first, last: r.last });
  }
  return rows;
}
