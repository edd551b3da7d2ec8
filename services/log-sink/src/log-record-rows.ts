import type { LogRecord as LogRow } from '@mltrading/db';
import { redactObject, redactSecrets } from '@mltrading/logging';
import type { LogRecord } from '@mltrading/queues';

export interface LogRows {
  system_logs: LogRow<'system_logs'>[];
  performance_logs: LogRow<'performance_logs'>[];
  error_logs: LogRow<'error_logs'>[];
  trading_events: LogRow<'trading_events'>[];
  user_action_logs: LogRow<'user_action_logs'>[];
}

type Metadata = LogRow<'system_logs'>['metadata'];

/**
 * Groups validated records into rows per table. Free text and metadata are scrubbed once more:
 * services scrub what they log, but a record can come from any producer of the `logs` queue, and a
 * secret must never reach a table (URL passwords, token pairs and this process's own secrets).
 */
export function logRecordRows(records: readonly LogRecord[], secrets: readonly string[]): LogRows {
  const text = (value: string) => redactSecrets(value, secrets);
  const optionalText = (value: string | null | undefined) => (value == null ? null : redactSecrets(value, secrets));
  const metadata = (value: LogRecord['metadata']): Metadata => (value == null ? null : (redactObject(value, secrets) as Metadata));
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
  return rows;
}
