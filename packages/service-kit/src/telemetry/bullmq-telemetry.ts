import { context, propagation, trace, type Context, type Span, type SpanKind, type Tracer } from '@opentelemetry/api';
import type { Telemetry } from 'bullmq';

/**
 * BullMQ's `telemetry` option over @opentelemetry/api: the same adapter bullmq-otel 2.0.1 provides
 * (spans through a tracer, context carried in `job.opts.telemetry.metadata` as a JSON W3C carrier),
 * written here because depending on bullmq-otel from one package makes pnpm resolve a second copy
 * of bullmq (bullmq lists it as an optional peer), which breaks `instanceof UnrecoverableError` and
 * the Job types across packages. Metadata format is identical, so the two interoperate.
 */
export function bullmqTelemetry(tracer: Tracer = trace.getTracer('bullmq')): Telemetry<Context> {
  const wrap = (span: Span) => ({
    setSpanOnContext: (ctx: Context) => trace.setSpan(ctx, span),
    setAttribute: (key: string, value: never) => void span.setAttribute(key, value),
    setAttributes: (attributes: never) => void span.setAttributes(attributes),
    addEvent: (name: string, attributes?: never) => void span.addEvent(name, attributes),
    recordException: (exception: never, time?: number) => span.recordException(exception, time),
    end: () => span.end(),
  });
  return {
    tracer: {
      startSpan: (name: string, options?: { kind: SpanKind }, ctx?: Context) => wrap(tracer.startSpan(name, options, ctx)),
    },
    contextManager: {
      getMetadata(ctx: Context) {
        const carrier: Record<string, string> = {};
        propagation.inject(ctx, carrier);
        return JSON.stringify(carrier);
      },
      fromMetadata: (active: Context, metadata: string) => propagation.extract(active, JSON.parse(metadata) as Record<string, string>),
      with: <R>(ctx: Context, fn: () => R): R => context.with(ctx, fn),
      active: () => context.active(),
    },
  } as unknown as Telemetry<Context>;
}
