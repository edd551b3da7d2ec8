import {
  claimLogBatch,
  insertErrorLogs,
  insertPerformanceLogs,
  insertSystemLogs,
  insertTradingEvents,
  insertUserActionLogs,
  withSavepoint,
  type Database,
} from '@mltrading/db';
import type { LogRecord } from '@mltrading/queues';
import type { Kysely, Transaction } from 'kysely';
import { logRecordRows, type LogRows } from './log-record-rows.ts';
import { refusedRecordRow } from './refused-record-row.ts';

export interface WriteLogBatchResult {
  /** False when this batch id had been written before (a redelivered or re-added job): nothing written. */
  written: boolean;
  rows: number;
  /** Records the database refused; each was stored as a WARNING system_logs row instead. */
  refused?: number;
}

// SQLSTATE classes that blame the data of a row (22: data exception such as a numeric overflow or
// a NUL in text, 23: a constraint violation, 54: a program limit such as a value too large):
// retrying the batch would fail the same way for ever.
const RECORD_LEVEL_STATES = /^(22|23|54)/;

function isRecordLevel(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RECORD_LEVEL_STATES.test(code);
}

async function insertRows(trx: Transaction<Database>, rows: LogRows): Promise<number> {
  let written = 0;
  if (rows.system_logs.length > 0) written += await insertSystemLogs(trx, rows.system_logs);
  if (rows.performance_logs.length > 0) written += await insertPerformanceLogs(trx, rows.performance_logs);
  if (rows.error_logs.length > 0) written += await insertErrorLogs(trx, rows.error_logs);
  if (rows.trading_events.length > 0) written += await insertTradingEvents(trx, rows.trading_events);
  if (rows.user_action_logs.length > 0) written += await insertUserActionLogs(trx, rows.user_action_logs);
  return written;
}

/**
 * Writes one batch into the log tables in one transaction, together with its claim in
 * log_sink.batches. A batch id seen before is skipped, so redelivery never duplicates rows.
 *
 * A failure that is not the data's fault (database down, table missing) rolls back rows and claim
 * together, and the job is retried. When the database refuses a record itself, retrying would fail
 * for ever and lose every other record of the batch, so the batch is written again record by record
 * (a savepoint each) and each refused record is stored as a WARNING row that carries it.
 */
export async function writeLogBatch(
  db: Kysely<Database>,
  batchId: string,
  records: readonly LogRecord[],
  secrets: readonly string[],
): Promise<WriteLogBatchResult> {
  try {
    return await db.transaction().execute(async (trx) => {
      if (!(await claimLogBatch(trx, batchId, records.length))) return { written: false, rows: 0 };
      return { written: true, rows: await insertRows(trx, logRecordRows(records, secrets)) };
    });
  } catch (error) {
    if (!isRecordLevel(error)) throw error;
    return writeOneByOne(db, batchId, records, secrets);
  }
}

async function writeOneByOne(
  db: Kysely<Database>,
  batchId: string,
  records: readonly LogRecord[],
  secrets: readonly string[],
): Promise<WriteLogBatchResult> {
  return db.transaction().execute(async (trx) => {
    if (!(await claimLogBatch(trx, batchId, records.length))) return { written: false, rows: 0 };
    let rows = 0;
    let refused = 0;
    for (const record of records) {
      const outcome = await withSavepoint(trx, 'log_record', () => insertRows(trx, logRecordRows([record], secrets)), isRecordLevel);
      if (outcome.ok) {
        rows += outcome.value;
        continue;
      }
      const error = outcome.error;
      refused += 1;
      // The stand-in row carries the record; should the database refuse that too, a row with the
      // reason alone still says a record was lost and why.
      const kept = await withSavepoint(trx, 'log_record', () => insertSystemLogs(trx, [refusedRecordRow(record, error, secrets)]), isRecordLevel);
      rows += kept.ok ? kept.value : await insertSystemLogs(trx, [refusedRecordRow(record, error, secrets, { keepRecord: false })]);
    }
    return { written: true, rows, refused };
  });
}

