import { isMainThread, threadId } from 'node:worker_threads';
import type { LogRecord as LogRow } from '@mltrading/db';
import type { LogRecord } from '@mltrading/queues';
import { storableMetadata, storableText } from './log-record-rows.ts';

/**
 * The `system_logs` row that stands in for a record the database refused (a value out of a
 * column's range, a CHECK the contract does not know): what was wrong, and the record itself in
 * metadata, under the record's own correlation id so `mlt trace` still shows it.
 */
export function refusedRecordRow(
  record: LogRecord,
  error: unknown,
  secrets: readonly string[],
  options: { keepRecord: boolean } = { keepRecord: true },
): LogRow<'system_logs'> {
  const reason = error instanceof Error ? error.message : String(error);
  const sqlState = (error as { code?: unknown } | null)?.code;
  return {
    timestamp: new Date(),
    level: 'WARNING',
    logger_name: 'log-sink',
    correlation_id: record.correlationId == null ? null : storableText(record.correlationId, secrets),
    message: storableText(
      `a ${record.kind} record was refused by the database (${reason}); ${options.keepRecord ? "it is kept in this row's metadata" : 'it could not be stored even as metadata'}`,
      secrets,
    ),
    module: 'log-sink/src/write-log-batch',
    function_name: 'writeOneByOne',
    line_number: null,
    thread_name: isMainThread ? 'main' : `worker-${threadId}`,
    process_id: process.pid,
    metadata: storableMetadata({ ...(options.keepRecord ? { refusedRecord: record } : {}), sqlState: typeof sqlState === 'string' ? sqlState : null }, secrets),
  };
}
