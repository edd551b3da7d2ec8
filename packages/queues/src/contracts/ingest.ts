import { z } from 'zod';
import { issueMessage } from './issue-message.ts';
import { envelopeFields } from './envelope-fields.ts';
import { buildJobId, compactTimestamp, shortHash } from './job-id.ts';
import { intervalSchema, isoDateTimeSchema, sourceSchema, symbolSchema } from './market-fields.ts';
import { defineQueue } from './queue-contract.ts';
import { RETENTION } from './retention.ts';

export const MAX_INGEST_SYMBOLS = 2000;

export const ingestPayloadSchema = z
  .object({
    ...envelopeFields,
    symbols: z
      .array(symbolSchema, { error: issueMessage('must be an array of symbols') })
      .min(1, { error: 'must contain at least one symbol' })
      .max(MAX_INGEST_SYMBOLS, { error: `must contain at most ${MAX_INGEST_SYMBOLS} symbols` })
      // Duplicates would only fetch the same bars twice.
      .transform((symbols) => [...new Set(symbols)]),
    interval: intervalSchema.default('1h'),
    source: sourceSchema.default('yahoo'),
    start: isoDateTimeSchema.optional(),
    end: isoDateTimeSchema.optional(),
    /** Only with source "csv": the file the offline source reads. */
    csvPath: z.string().min(1, { error: 'must not be empty' }).max(1024).optional(),
  })
  .superRefine((payload, ctx) => {
    if (payload.start !== undefined && payload.end !== undefined && payload.start >= payload.end) {
      ctx.addIssue({ code: 'custom', path: ['start'], message: `start (${payload.start}) must be before end (${payload.end})` });
    }
    if (payload.csvPath !== undefined && payload.source !== 'csv') {
      ctx.addIssue({ code: 'custom', path: ['csvPath'], message: `only allowed with source "csv" (source is "${payload.source}")` });
    }
  });

export const ingestQueue = defineQueue({
  name: 'ingest',
  description: 'Fetch bars for symbols from a source and upsert market_data / stock_info.',
  schema: ingestPayloadSchema,
  defaultJobOptions: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 5_000 },
    removeOnComplete: RETENTION.completedShort,
    removeOnFail: RETENTION.failedWeek,
  },
  jobId: (payload) =>
    buildJobId('ingest', [
      payload.source,
      payload.interval,
      shortHash([...payload.symbols].sort()),
      payload.start === undefined ? 'open' : compactTimestamp(payload.start),
      payload.end === undefined ? 'open' : compactTimestamp(payload.end),
    ]),
});
