import { isMainThread, threadId } from 'node:worker_threads';
import { CORRELATION_ID_MAX, isoDateTimeSchema, type LogRecordInput } from '@mltrading/queues';

// pino levels → the seed's level names (system_logs.level CHECK constraint).
const LEVELS: Record<string, 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL'> = {
  trace: 'DEBUG',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARNING',
  error: 'ERROR',
  fatal: 'CRITICAL',
};

const THREAD_NAME = isMainThread ? 'main' : `worker-${threadId}`;

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

interface LoggedCallSite {
  module?: unknown;
  function?: unknown;
  line?: unknown;
}

/**
 * One pino JSON line as a `system` log record. `msg` becomes the message (an error's message when
 * there is none). The logger's `callSite` (see createLogger) fills function_name and line_number,
 * and module unless the code logged an explicit `module` field; the worker's `queue` binding is the
 * last resort for module. Everything not mapped to a column stays in `metadata`, so nothing the
 * code logged is lost.
 */
export function logRecordFromLine(line: string, fallbackName: string): LogRecordInput {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return {
      kind: 'system',
      timestamp: new Date().toISOString(),
      level: 'INFO',
      loggerName: fallbackName,
      message: line,
      processId: process.pid,
      threadName: THREAD_NAME,
    };
  }
  const { level, time, name, msg, pid, correlationId, module, callSite, ...rest } = parsed;
  const err = rest.err as { message?: unknown } | undefined;
  const message = stringOrNull(msg) ?? stringOrNull(err?.message) ?? '';
  const site = (typeof callSite === 'object' && callSite !== null ? callSite : {}) as LoggedCallSite;
  const id = stringOrNull(correlationId);
  // The logs contract refuses a correlation id longer than the column: one such line (a field the
  // code logged by hand) would make the sink refuse its whole batch. It stays in metadata instead.
  const fitsColumn = id === null || id.length <= CORRELATION_ID_MAX;
  if (!fitsColumn) rest.correlationId = id;
  // A field named `time` the code logged replaces pino's in the parsed line (the last duplicate key
  // wins); one that is not an ISO instant would make the sink refuse the whole batch. Such a line
  // gets the instant it is read at, and the logged value stays in metadata.
  const timestamp = typeof time === 'string' && isoDateTimeSchema.safeParse(time).success ? time : undefined;
  if (timestamp === undefined && time !== undefined) rest.time = time as never;
  if (pid !== undefined && pid !== process.pid) rest.pid = pid as never;
  return {
    kind: 'system',
    timestamp: timestamp ?? new Date().toISOString(),
    level: LEVELS[String(level)] ?? 'INFO',
    loggerName: stringOrNull(name) ?? fallbackName,
    correlationId: fitsColumn ? id : null,
    message,
    module: stringOrNull(module) ?? stringOrNull(site.module) ?? stringOrNull(rest.queue),
    functionName: stringOrNull(site.function),
    lineNumber: Number.isInteger(site.line) ? (site.line as number) : null,
    // The shipper runs in the process that logged the line; a `pid` the code logged (a child
    // process's, say) would otherwise replace pino's in the parsed line.
    processId: process.pid,
    threadName: THREAD_NAME,
    metadata: Object.keys(rest).length === 0 ? null : (rest as Record<string, never>),
  };
}
