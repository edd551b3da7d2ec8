import { createQueueClient, createRedisConnection } from '@mltrading/queues';
import { uniquePrefix } from '@mltrading/queues/testing';
import { trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { startTelemetry } from '../src/index.ts';

describe('telemetry without OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  it('starts nothing: no SDK, no BullMQ telemetry, no trace context, queues untouched, spans not recorded', async () => {
    const telemetry = startTelemetry('no-otel', undefined);
    expect(telemetry.enabled).toBe(false);
    expect(telemetry.bullmq).toBeUndefined();
    expect(telemetry.traceContext()).toBeUndefined();
    // The global tracer provider is still the API's no-op one: nothing is collected or exported.
    const span = trace.getTracer('probe').startSpan('probe');
    expect(span.isRecording()).toBe(false);
    span.end();
    const connection = createRedisConnection(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'producer');
    const queues = createQueueClient({ connection, prefix: uniquePrefix() });
    expect(telemetry.wrapQueues(queues)).toBe(queues);
    await telemetry.shutdown();
    await queues.close();
    connection.disconnect(); // never used: nothing to quit gracefully
  });
});
