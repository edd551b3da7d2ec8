import { z } from 'zod';
import { issueMessage } from './issue-message.ts';
import { envelopeFields } from './envelope-fields.ts';
import { buildJobId, shortHash } from './job-id.ts';
import { defineQueue } from './queue-contract.ts';
import { RETENTION } from './retention.ts';

export const MAX_EXECUTE_PREDICTIONS = 500;

export const executePayloadSchema = z.object({
  ...envelopeFields,
  /** `predictions.prediction_id` values (the natural key, not the BIGSERIAL). */
  predictionIds: z
    .array(
      z
        .string({ error: issueMessage('must be a string') })
        .min(1, { error: 'must not be empty' })
        .max(100, { error: 'must be at most 100 characters' })
        .regex(/^[\x21-\x7E]+$/, { error: 'must be visible ASCII without spaces' }),
      { error: issueMessage('must be an array of prediction ids') },
    )
    .min(1, { error: 'must contain at least one prediction id' })
    .max(MAX_EXECUTE_PREDICTIONS, { error: `must contain at most ${MAX_EXECUTE_PREDICTIONS} prediction ids` })
    .transform((ids) => [...new Set(ids)]),
});

export const executeQueue = defineQueue({
  name: 'execute',
  description: 'Turn predictions into orders through strategy and risk checks; record orders and fills.',
  schema: executePayloadSchema,
  defaultJobOptions: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 1_000 },
    // A day of deduplication: a replayed execute request must not even reach the broker path.
    removeOnComplete: RETENTION.completedDay,
    removeOnFail: RETENTION.failedWeek,
  },
  jobId: (payload) => buildJobId('execute', [shortHash([...payload.predictionIds].sort())]),
});
