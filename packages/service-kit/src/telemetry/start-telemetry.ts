import { createRequire } from 'node:module';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { QueueClient } from '@mltrading/queues';
import type { Telemetry as BullMQTelemetry } from 'bullmq';
import { BullMQOtel } from 'bullmq-otel';

export interface Telemetry {
  readonly enabled: boolean;
  /** BullMQ's own telemetry for workers (undefined when disabled). */
  readonly bullmq: BullMQTelemetry | undefined;
  /** W3C trace context of the active span, for `traceContext` in job data. */
  traceContext(): Record<string, string> | undefined;
  /**
   * The producer with a span per enqueue whose context travels in the job: `traceContext` in the
   * payload and BullMQ's `opts.telemetry.metadata`, from which the consuming worker's span continues
   * the trace in another service.
   */
  wrapQueues(queues: QueueClient): QueueClient;
  shutdown(): Promise<void>;
}

/** How long shutdown waits for the last spans to be exported. */
export const SHUTDOWN_FLUSH_MS = 2_000;

const DISABLED: Telemetry = {
  enabled: false,
  bullmq: undefined,
  traceContext: () => undefined,
  wrapQueues: (queues) => queues,
  shutdown: async () => {},
};

function activeCarrier(): Record<string, string> | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return Object.keys(carrier).length === 0 ? undefined : carrier;
}

/**
 * Starts the OpenTelemetry Node SDK for one service when an OTLP endpoint is configured — traces
 * only (no metric or log exporters), exported over OTLP/HTTP to `<endpoint>/v1/traces`, with the pg
 * and ioredis instrumentations — and does nothing at all otherwise: with no collector the SDK's
 * default exporter fails on shutdown (see STACK.md).
 *
 * pg and ioredis are already loaded when a service calls runService (static imports), so after
 * `sdk.start()` they are required once more from here: the instrumentations' require hook patches
 * the cached module objects, which every importer shares.
 */
export function startTelemetry(serviceName: string, endpoint: string | undefined): Telemetry {
  if (endpoint === undefined) return DISABLED;
  const url = `${endpoint.replace(/\/+$/, '')}/v1/traces`;
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))],
    instrumentations: [new PgInstrumentation(), new IORedisInstrumentation()],
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  const require = createRequire(import.meta.url);
  for (const name of ['pg', 'ioredis']) {
    try {
      require(name);
    } catch {
      // Not installed next to this package: nothing to patch.
    }
  }
  const tracer = trace.getTracer('mltrading');
  const bullmq = new BullMQOtel({ tracerName: 'bullmq' });

  return {
    enabled: true,
    bullmq,
    traceContext: activeCarrier,
    wrapQueues(queues) {
      const traced = <T>(name: string, run: () => Promise<T>) =>
        tracer.startActiveSpan(`add ${name}`, { kind: SpanKind.PRODUCER, attributes: { 'messaging.destination.name': name } }, async (span) => {
          try {
            return await run();
          } catch (error) {
            span.recordException(error as Error);
            span.setStatus({ code: SpanStatusCode.ERROR });
            throw error;
          } finally {
            span.end();
          }
        });
      const withContext = <O extends { telemetry?: unknown } | undefined>(opts: O) => {
        const carrier = activeCarrier();
        return carrier === undefined ? opts : { ...opts, telemetry: { metadata: JSON.stringify(carrier) } };
      };
      return {
        ...queues,
        enqueue: (queue, input, opts) =>
          traced(queue, () => queues.enqueue(queue, { ...input, traceContext: activeCarrier() } as typeof input, withContext(opts))),
        enqueueBulk: (queue, inputs, opts) =>
          traced(queue, () => queues.enqueueBulk(queue, inputs.map((input) => ({ ...input, traceContext: activeCarrier() }) as typeof input), withContext(opts))),
        queue: queues.queue,
        close: queues.close,
      };
    },
    shutdown: async () => {
      // An unreachable collector must neither crash a clean shutdown (the SDK rejects) nor use up
      // the drain deadline (each export waits out its own timeout): spans still unsent are dropped.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        sdk.shutdown().catch(() => {}),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, SHUTDOWN_FLUSH_MS);
        }),
      ]);
      clearTimeout(timer);
    },
  };
}
