import { z } from 'zod';
import { envelopeFields } from './envelope-fields.ts';
import { buildJobId, compactTimestamp, shortHash } from './job-id.ts';
import { intervalSchema, isoDateTimeSchema, sourceSchema, symbolSchema } from './market-fields.ts';
import { defineQueue } from './queue-contract.ts';
import { RETENTION } from './retention.ts';

export const MAX_PREDICT_TIMESTAMPS = 5000;

export const predictPayloadSchema = z
  .object({
    ...envelopeFields,
    symbol: symbolSchema,
    interval: intervalSchema,
    source: sourceSchema,
    timestamps: z
      .array(isoDateTimeSchema)
      .min(1, { error: 'must contain at least one timestamp when given' })
      .max(MAX_PREDICT_TIMESTAMPS, { error: `must contain at most ${MAX_PREDICT_TIMESTAMPS} timestamps` })
      .transform((timestamps) => [...new Set(timestamps)].sort())
      .optional(),
    start: isoDateTimeSchema.optional(),
    end: isoDateTimeSchema.optional(),
  })
  .superRefine((payload, ctx) => {
    const hasRange = payload.start !== undefined && payload.end !== undefined;
    if (payload.timestamps === undefined && !hasRange) {
      ctx.addIssue({ code: 'custom', path: ['timestamps'], message: 'give timestamps, or both start and end' });
    }
    if ((payload.start === undefined) !== (payload.end === undefined)) {
      const missing = payload.start === undefined ? 'start' : 'end';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'start and end must be given together' });
    }
    if (hasRange && payload.start! >= payload.end!) {
      ctx.addIssue({ code: 'custom', path: ['start'], message: `start (${payload.start}) must be before end (${payload.end})` });
    }
  });

export const predictQueue = defineQueue({
  name: 'predict',
  description: 'Run the active models on the newest features of one symbol; write predictions.',
  schema: predictPayloadSchema,
  defaultJobOptions: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 2_000 },
    removeOnComplete: RETENTION.completedShort,
    removeOnFail: RETENTION.failedWeek,
  },
  jobId: (payload) =>
    buildJobId('predict', [
      payload.source,
      payload.interval,
      payload.symbol,
      ...(payload.start !== undefined && payload.end !== undefined
        ? [compactTimestamp(payload.start), compactTimestamp(payload.end)]
        : []),
      ...(payload.timestamps === undefined ? [] : [`ts${shortHash(payload.timestamps)}`]),
    ]),
});
