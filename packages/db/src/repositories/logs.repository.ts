import { sql, type Insertable, type Kysely } from 'kysely';
import type { JsonValue } from '../schema/column-types.ts';
import type { Database } from '../schema/database.ts';

type LogTableName = 'system_logs' | 'trading_events' | 'performance_logs' | 'error_logs' | 'user_action_logs';

/** A log record as callers build it: metadata as a plain value, serialised here. */
export type LogRecord<T extends LogTableName> = Omit<Insertable<Database[T]>, 'metadata'> & {
  metadata?: JsonValue | null;
};

// One INSERT carries at most 65,535 bind parameters; 1,000 rows × ≤ 14 columns stays far below.
const ROWS_PER_STATEMENT = 1_000;

async function insertLogs<T extends LogTableName>(
  db: Kysely<Database>,
  table: T,
  records: readonly LogRecord<T>[],
): Promise<number> {
  let written = 0;
  for (let start = 0; start < records.length; start += ROWS_PER_STATEMENT) {
    const batch = records.slice(start, start + ROWS_PER_STATEMENT).map((record) => ({
      ...record,
      metadata: record.metadata == null ? null : JSON.stringify(record.metadata),
    }));
    const result = await db
      .insertInto(table)
      .values(batch as unknown as Insertable<Database[T]>[])
      .executeTakeFirst();
    written += Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  return written;
}

/** Batch inserts; each returns the number of rows written. */
export const insertSystemLogs = (db: Kysely<Database>, records: readonly LogRecord<'system_logs'>[]) =>
  insertLogs(db, 'system_logs', records);

export const insertTradingEvents = (db: Kysely<Database>, records: readonly LogRecord<'trading_events'>[]) =>
  insertLogs(db, 'trading_events', records);

export const insertPerformanceLogs = (db: Kysely<Database>, records: readonly LogRecord<'performance_logs'>[]) =>
  insertLogs(db, 'performance_logs', records);

export const insertErrorLogs = (db: Kysely<Database>, records: readonly LogRecord<'error_logs'>[]) =>
  insertLogs(db, 'error_logs', records);

export const insertUserActionLogs = (db: Kysely<Database>, records: readonly LogRecord<'user_action_logs'>[]) =>
  insertLogs(db, 'user_action_logs', records);

/**
 * Claims a log batch id inside the caller's transaction: true when it is new (write its rows),
 * false when a batch with this id was already written (skip it). The claim commits or rolls back
 * with the rows, so a batch is written exactly once however often its job is delivered.
 */
export async function claimLogBatch(trx: Kysely<Database>, batchId: string, recordCount: number): Promise<boolean> {
  const { rows } = await sql<{ batch_id: string }>`
    INSERT INTO log_sink.batches (batch_id, record_count) VALUES (${batchId}, ${recordCount})
    ON CONFLICT (batch_id) DO NOTHING
    RETURNING batch_id`.execute(trx);
  return rows.length === 1;
}
