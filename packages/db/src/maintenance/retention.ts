import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';

/** How long one table keeps its rows, by which time column. `keep: null` keeps rows forever. */
export interface RetentionRule {
  readonly table: string;
  readonly column: string;
  /** A PostgreSQL interval ('90 days', '2 years'), or null for permanent retention. */
  readonly keep: string | null;
  readonly why: string;
}

/**
 * The seed's data retention policy (ML_TRADING_SCHEMA.md, "Data Retention Policies"), plus the log
 * sink's batch bookkeeping. Tables the seed names no policy for (trading_events, user_action_logs,
 * orders, fills, predictions, models, stock_info) are kept: deleting an audit trail is a decision
 * the policy does not make. Features are deleted by bar time: "retain 2+ years" means rows whose
 * bar is more than two years old go — a backfill of older history is removed by the next run.
 */
export const RETENTION_POLICY: readonly RetentionRule[] = [
  { table: 'system_logs', column: 'timestamp', keep: '90 days', why: 'seed: system_logs 90 days' },
  { table: 'performance_logs', column: 'timestamp', keep: '30 days', why: 'seed: performance_logs 30 days' },
  { table: 'error_logs', column: 'timestamp', keep: '180 days', why: 'seed: error_logs 180 days' },
  { table: 'feature_engineered_data', column: 'timestamp', keep: '2 years', why: 'seed: features retained 2+ years' },
  { table: 'market_data', column: 'timestamp', keep: null, why: 'seed: market data kept permanently' },
  // Longer than any redelivery of a logs job (BullMQ keeps failed jobs 7 days).
  { table: 'log_sink.batches', column: 'received_at', keep: '14 days', why: 'log sink duplicate guard' },
];

export interface RetentionOptions {
  /** The instant cutoffs are computed from (default: now). */
  now?: Date;
  /** Rows per DELETE statement; each statement is its own short transaction. */
  batchSize?: number;
  /** Pause between batches, leaving room for other writers and autovacuum. */
  pauseMs?: number;
  /** Count what would go, delete nothing. */
  dryRun?: boolean;
  policy?: readonly RetentionRule[];
  /** Called after every batch (progress reporting). */
  onBatch?: (table: string, deleted: number) => void;
}

export interface RetentionResult {
  table: string;
  keep: string | null;
  /** Rows older than this are (or would be) removed; null when kept forever. */
  cutoff: Date | null;
  /** Rows removed, or that would be removed in a dry run. */
  rows: number;
  batches: number;
  dryRun: boolean;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;

/**
 * Applies the retention policy in small batches: `DELETE … WHERE ctid = ANY(ARRAY(SELECT ctid …
 * LIMIT n))`, each statement committed on its own, so no lock is held for longer than one batch and
 * concurrent writers and readers proceed between batches. A dry run counts the same rows.
 */
export async function applyRetention(db: Kysely<Database>, options: RetentionOptions = {}): Promise<RetentionResult[]> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 5_000;
  const results: RetentionResult[] = [];
  for (const rule of options.policy ?? RETENTION_POLICY) {
    if (!IDENTIFIER.test(rule.table) || !IDENTIFIER.test(rule.column)) throw new Error(`invalid retention rule: ${rule.table}.${rule.column}`);
    if (rule.keep === null) {
      results.push({ table: rule.table, keep: null, cutoff: null, rows: 0, batches: 0, dryRun: options.dryRun ?? false });
      continue;
    }
    const { rows: cutoffRows } = await sql<{ cutoff: Date }>`SELECT (${now.toISOString()}::timestamptz - ${rule.keep}::interval) AS cutoff`.execute(db);
    const cutoff = new Date(cutoffRows[0]!.cutoff);
    const table = sql.raw(rule.table);
    const column = sql.raw(rule.column);
    if (options.dryRun) {
      const { rows } = await sql<{ count: string | number }>`SELECT count(*) AS count FROM ${table} WHERE ${column} < ${cutoff.toISOString()}::timestamptz`.execute(db);
      results.push({ table: rule.table, keep: rule.keep, cutoff, rows: Number(rows[0]!.count), batches: 0, dryRun: true });
      continue;
    }
    let total = 0;
    let batches = 0;
    for (;;) {
      const result = await sql`
        DELETE FROM ${table} WHERE ctid = ANY(ARRAY(
          SELECT ctid FROM ${table} WHERE ${column} < ${cutoff.toISOString()}::timestamptz LIMIT ${batchSize}
        ))`.execute(db);
      const deleted = Number(result.numAffectedRows ?? 0n);
      if (deleted === 0) break;
      total += deleted;
      batches += 1;
      options.onBatch?.(rule.table, deleted);
      // No early exit on a short batch: a row moved by a concurrent update is found again next loop.
      if (options.pauseMs) await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
    }
    results.push({ table: rule.table, keep: rule.keep, cutoff, rows: total, batches, dryRun: false });
  }
  return results;
}
