import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';

export interface TableSize {
  schemaname: string;
  tablename: string;
  size: string;
}

export interface IndexUsage {
  schemaname: string;
  tablename: string;
  indexname: string;
  idx_scan: number;
  idx_tup_read: number;
}

export interface LogLevelCount {
  level: string;
  count: number;
}

export interface DatabaseStats {
  databaseSize: string;
  tableSizes: TableSize[];
  featureIndexUsage: IndexUsage[];
  logCountsLast24h: LogLevelCount[];
}

/** The seed's four monitoring queries (see README for the two adjustments). */
export async function databaseStats(db: Kysely<Database>): Promise<DatabaseStats> {
  return {
    databaseSize: await databaseSize(db),
    tableSizes: await tableSizes(db),
    featureIndexUsage: await featureIndexUsage(db),
    logCountsLast24h: await logCountsLast24h(db),
  };
}

// The seed hard-codes 'mltrading'; on any other database (tests, staging) that would measure the
// wrong one, so the seed's text runs unchanged only where it is right.
async function databaseSize(db: Kysely<Database>): Promise<string> {
  const { rows: [current] } = await sql<{ name: string }>`SELECT current_database() AS name`.execute(db);
  const query =
    current?.name === 'mltrading'
      ? sql<{ pg_size_pretty: string }>`SELECT pg_size_pretty(pg_database_size('mltrading'))`
      : sql<{ pg_size_pretty: string }>`SELECT pg_size_pretty(pg_database_size(current_database()))`;
  const { rows } = await query.execute(db);
  return rows[0]?.pg_size_pretty ?? '';
}

async function tableSizes(db: Kysely<Database>): Promise<TableSize[]> {
  const { rows } = await sql<{ schemaname: string; tablename: string; pg_size_pretty: string }>`
    SELECT schemaname, tablename, pg_size_pretty(pg_total_relation_size(schemaname||'.'||tablename))
    FROM pg_tables WHERE schemaname = 'public' ORDER BY pg_total_relation_size(schemaname||'.'||tablename) DESC`.execute(db);
  return rows.map((r) => ({ schemaname: r.schemaname, tablename: r.tablename, size: r.pg_size_pretty }));
}

// The seed selects tablename/indexname from pg_stat_user_indexes, whose columns are relname and
// indexrelname: the seed's text fails on PostgreSQL 15. Aliases keep the seed's output names.
async function featureIndexUsage(db: Kysely<Database>): Promise<IndexUsage[]> {
  const { rows } = await sql<IndexUsage>`
    SELECT schemaname, relname AS tablename, indexrelname AS indexname, idx_scan, idx_tup_read
    FROM pg_stat_user_indexes WHERE relname = 'feature_engineered_data' ORDER BY idx_scan DESC`.execute(db);
  return rows;
}

async function logCountsLast24h(db: Kysely<Database>): Promise<LogLevelCount[]> {
  const { rows } = await sql<{ count: number; level: string }>`
    SELECT COUNT(*), level FROM system_logs WHERE timestamp >= NOW() - INTERVAL '24 hours' GROUP BY level`.execute(db);
  return rows.map((r) => ({ level: r.level, count: r.count }));
}
