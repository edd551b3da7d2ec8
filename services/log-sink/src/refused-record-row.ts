import { isMainThread, threadId } from 'node:worker_threads';
import type { LogRecord as LogRow } from '@mltrading/db';
import { redactObject, redactSecrets } from '@mltrading/logging';
import type { LogRecord } from '@mltrading/queues';

type Metadata = LogRow<'system_logs'>['metadata'];

/**
 * The `system_logs` row that stands in for a record the database refused (a value out of a
 * column's range, a CHECK the contract does not know): what was wrong, and the record itself in
 * metadata, under the record's own correlation id so `mlt trace` still shows it.
 */
export function refusedRecordRow(record: LogRecord, error: unknown, secrets: readonly string[]): LogRow<'system_logs'> {
  const reason = error instanceof Error ? error.message : String(error);
  const sqlState = (error as { code?: unknown } | null)?.code;
  return {
    timestamp: new Date(),
    level: 'WARNING',
    logger_name: 'log-sink',
    correlation_id: record.correlationId ?? null,
    message: redactSecrets(`a ${record.kind} record was refused by the database (${reason}); it is kept in this row's metadata`, secrets),
    module: 'log-sink/src/write-log-batch',
    function_name: 'writeOneByOne',
    line_number: null,
    thread_name: isMainThread ? 'main' : `worker-${threadId}`,
    process_id: process.pid,
    metadata: redactObject({ refusedRecord: record, sqlState: typeof sqlState === 'string' ? sqlState : null }, secrets) as Metadata,
  };
}
