import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What travels with one flow through services, queues and tables. */
export interface CorrelationContext {
  correlationId: string;
  /** W3C trace context (`traceparent`, `tracestate`) so a trace can span services. */
  traceContext?: Record<string, string>;
}

// One store per process: AsyncLocalStorage follows awaits, timers and event-emitter callbacks, so
// every log line and every successor job inside a handler sees the id without threading it by hand.
const storage = new AsyncLocalStorage<CorrelationContext>();

export function runWithCorrelation<T>(context: CorrelationContext, fn: () => T): T {
  // Copied so a caller mutating its object afterwards cannot change the id of work already running.
  const frozen: CorrelationContext = Object.freeze({
    correlationId: context.correlationId,
    ...(context.traceContext === undefined ? {} : { traceContext: Object.freeze({ ...context.traceContext }) }),
  });
  return storage.run(frozen, fn);
}

export function currentCorrelation(): CorrelationContext | undefined {
  return storage.getStore();
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

export function newCorrelationId(): string {
  return randomUUID();
}
