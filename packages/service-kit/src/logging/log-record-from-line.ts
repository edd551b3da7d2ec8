import { isMainThread, threadId } from 'node:worker_threads';
import type { LogRecordInput } from '@mltrading/queues';

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

/**
 * One pino JSON line as a `system` log record. `msg` becomes the message (an error's message when
 * there is none), `module` is the queue the line was logged for (the worker's child binding) or an
 * explicit `module` field; everything not mapped to a column stays in `metadata`, so nothing the
 * code logged is lost. pino records no call sites (capturing a stack per log call is too costly
 * for the hot path), so function_name and line_number stay NULL.
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
  const { level, time, name, msg, pid, correlationId, module, ...rest } = parsed;
  const err = rest.err as { message?: unknown } | undefined;
  const message = stringOrNull(msg) ?? stringOrNull(err?.message) ?? '';
  return {
    kind: 'system',
    timestamp: typeof time === 'string' ? time : new Date().toISOString(),
    level: LEVELS[String(level)] ?? 'INFO',
    loggerName: stringOrNull(name) ?? fallbackName,
    correlationId: stringOrNull(correlationId),
    message,
    module: stringOrNull(module) ?? stringOrNull(rest.queue),
    processId: typeof pid === 'number' ? pid : process.pid,
    threadName: THREAD_NAME,
    metadata: Object.keys(rest).length === 0 ? null : (rest as Record<string, never>),
  };
}
