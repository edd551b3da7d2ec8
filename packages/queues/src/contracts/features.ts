import { z } from 'zod';
import { envelopeFields } from './envelope-fields.ts';
import { buildJobId, compactTimestamp } from './job-id.ts';
import { intervalSchema, isoDateTimeSchema, sourceSchema, symbolSchema } from './market-fields.ts';
import { defineQueue } from './queue-contract.ts';
import { RETENTION } from './retention.ts';

export const featuresPayloadSchema = z
  .object({
    ...envelopeFields,
    symbol: symbolSchema,
    interval: intervalSchema,
    source: sourceSchema,
    start: isoDateTimeSchema,
    end: isoDateTimeSchema,
  })
  .superRefine((payload, ctx) => {
    if (payload.start >= payload.end) {
      ctx.addIssue({ code: 'custom', path: ['start'], message: `start (${payload.start}) must be before end (${payload.end})` });
    }
  });

export const featuresQueue = defineQueue({
  name: 'features',
  description: 'Compute the feature set for one symbol and range; upsert feature_engineered_data.',
  schema: featuresPayloadSchema,
  defaultJobOptions: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 2_000 },
    removeOnComplete: RETENTION.completedShort,
    removeOnFail: RETENTION.failedWeek,
  },
  // Symbols may contain '-', but compact timestamps never do, so the id stays unambiguous.
  jobId: (payload) =>
    buildJobId('features', [
      payload.source,
      payload.interval,
      payload.symbol,
      compactTimestamp(payload.start),
      compactTimestamp(payload.end),
    ]),
});
