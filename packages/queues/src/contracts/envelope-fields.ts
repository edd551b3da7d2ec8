import { z } from 'zod';

/** Same bound as the `correlation_id VARCHAR(50)` columns the id is written to. */
export const CORRELATION_ID_MAX = 50;

/**
 * Fields every payload carries. The id is generated when absent so a job can never enter the
 * pipeline without one; visible ASCII only, because it lands in log lines and SQL columns.
 */
export const envelopeFields = {
  correlationId: z
    .string()
    .min(1, { error: 'must not be empty' })
    .max(CORRELATION_ID_MAX, { error: `must be at most ${CORRELATION_ID_MAX} characters` })
    .regex(/^[\x21-\x7E]+$/, { error: 'must be visible ASCII without spaces' })
    .default(() => globalThis.crypto.randomUUID()),
  /** W3C trace context (`traceparent`, `tracestate`) so one trace spans producer and consumer. */
  traceContext: z.record(z.string().max(64), z.string().max(1024)).optional(),
};
