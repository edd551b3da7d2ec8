import {
  claimLogBatch,
  insertErrorLogs,
  insertPerformanceLogs,
  insertSystemLogs,
  insertTradingEvents,
  insertUserActionLogs,
  type Database,
} from '@mltrading/db';
import type { LogRecord } from '@mltrading/queues';
import type { Kysely } from 'kysely';
import { logRecordRows } from './log-record-rows.ts';

export interface WriteLogBatchResult {
  /** False when this batch id had been written before (a redelivered or re-added job): nothing written. */
  written: boolean;
  rows: number;
}

/**
 * Writes one batch into the log tables in one transaction, together with its claim in
 * log_sink.batches: either every row and the claim commit, or nothing does and the job is retried.
 * A batch id seen before is skipped, so redelivery never duplicates rows.
 */
export async function writeLogBatch(
  db: Kysely<Database>,
  batchId: string,
  records: readonly LogRecord[],
  secrets: readonly string[],
): Promise<WriteLogBatchResult> {
  const rows = logRecordRows(records, secrets);
  return db.transaction().execute(async (trx) => {
    if (!(await claimLogBatch(trx, batchId, records.length))) return { written: false, rows: 0 };
    let written = 0;
    if (rows.system_logs.length > 0) written += await insertSystemLogs(trx, rows.system_logs);
    if (rows.performance_logs.length > 0) written += await insertPerformanceLogs(trx, rows.performance_logs);
    if (rows.error_logs.length > 0) written += await insertErrorLogs(trx, rows.error_logs);
    if (rows.trading_events.length > 0) written += await insertTradingEvents(trx, rows.trading_events);
    if (rows.user_action_logs.length > 0) written += await insertUserActionLogs(trx, rows.user_action_logs);
    return { written: true, rows: written };
  });
}
