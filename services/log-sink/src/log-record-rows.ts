import type { LogRecord as LogRow } from '@mltrading/db';
import { redactObject, redactSecrets } from '@mltrading/logging';
import type { LogRecord } from '@mltrading/queues';
import { boundedMetadata, LOG_TEXT_MAX_CHARS, postgresSafeString, truncateText } from './postgres-safe.ts';

export interface LogRows {
  system_logs: LogRow<'system_logs'>[];
  performance_logs: LogRow<'performance_logs'>[];
  error_logs: LogRow<'error_logs'>[];
  trading_events: LogRow<'trading_events'>[];
  user_action_logs: LogRow<'user_action_logs'>[];
}

type Metadata = LogRow<'system_logs'>['metadata'];

/**
 * Free text as stored: scrubbed of secrets, made safe for PostgreSQL (no NUL) and capped. The cut
 * to twice the cap first bounds the scrubbing work of a huge message; a secret straddling that cut
 * lies wholly past the final cap, so nothing of it is kept.
 */
export function storableText(value: string, secrets: readonly string[]): string {
  const head = value.length > 2 * LOG_TEXT_MAX_CHARS ? value.slice(0, 2 * LOG_TEXT_MAX_CHARS) : value;
  return truncateText(postgresSafeString(redactSecrets(head, secrets)), LOG_TEXT_MAX_CHARS, value.length);
}

/** Metadata as stored: scrubbed, NUL-free (keys too, at any depth), capped (see boundedMetadata). */
export function storableMetadata(value: unknown, secrets: readonly string[]): Metadata {
  return boundedMetadata(redactObject(value, secrets)) as Metadata;
}

// Every other string column (VARCHAR fields the contract already cut to width) made NUL-free.
function safeStrings<T extends object>(row: T): T {
  for (const [key, value] of Object.entries(row)) {
    if (typeof value === 'string') (row as Record<string, unknown>)[key] = postgresSafeString(value);
  }
  return row;
}

/**
 * Groups validated records into rows per table. Free text and metadata are scrubbed once more:
 * services scrub what they log, but a record can come from any producer of the `logs` queue, and a
 * secret must never reach a table (URL passwords, token pairs and this process's own secrets). No
 * value can make PostgreSQL refuse the batch for a NUL, nor a 30 MB message be stored whole.
 */
export function logRecordRows(records: readonly LogRecord[], secrets: readonly string[]): LogRows {
  const text = (value: string) => storableText(value, secrets);
  const optionalText = (value: string | null | undefined) => (value == null ? null : storableText(value, secrets));
  const metadata = (value: LogRecord['metadata']): Metadata => (value == null ? null : storableMetadata(value, secrets));
  const rows: LogRows = { system_logs: [], performance_logs: [], error_logs: [], trading_events: [], user_action_logs: [] };
  for (const r of records) {
    const common = { timestamp: new Date(r.timestamp), correlation_id: r.correlationId ?? null, metadata: metadata(r.metadata) };
    switch (r.kind) {
      case 'system':
        rows.system_logs.push({
          ...common, level: r.level, logger_name: r.loggerName, message: text(r.message), module: r.module ?? null,
          function_name: r.functionName ?? null, line_number: r.lineNumber ?? null, thread_name: r.threadName ?? null,
          process_id: r.processId ?? null,
        });
        break;
      case 'performance':
        rows.performance_logs.push({
          ...common, operation_name: r.operationName, duration_ms: r.durationMs, status: r.status, component: r.component ?? null,
          memory_usage_mb: r.memoryUsageMb ?? null, cpu_usage_percent: r.cpuUsagePercent ?? null,
        });
        break;
      case 'error':
        rows.error_logs.push({
          ...common, error_type: r.errorType, error_message: text(r.errorMessage), stack_trace: optionalText(r.stackTrace),
          component: r.component ?? null, user_id: r.userId ?? null, request_path: optionalText(r.requestPath),
        });
        break;
      case 'trading_event':
        rows.trading_events.push({
          ...common, event_type: r.eventType, symbol: r.symbol ?? null, side: r.side ?? null, quantity: r.quantity ?? null,
          price: r.price ?? null, order_id: r.orderId ?? null, strategy: r.strategy ?? null,
        });
        break;
      case 'user_action':
        rows.user_action_logs.push({
          ...common, action_type: r.actionType, user_id: r.userId ?? null, session_id: r.sessionId ?? null,
          ip_address: r.ipAddress ?? null, user_agent: optionalText(r.userAgent), request_path: optionalText(r.requestPath),
          request_method: r.requestMethod ?? null, response_status: r.responseStatus ?? null, duration_ms: r.durationMs ?? null,
        });
        break;
    }
  }
  for (const table of Object.values(rows) as object[][]) table.forEach(safeStrings);
  return rows;
}
