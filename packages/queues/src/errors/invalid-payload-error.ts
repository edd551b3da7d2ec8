import type { z } from 'zod';
import { formatIssues, payloadIssues, type PayloadIssue } from './format-issues.ts';

/**
 * A payload that does not satisfy its queue's contract. Raised by the producer before anything is
 * added, and by the worker (wrapped in BullMQ's UnrecoverableError) so the job fails without retry.
 */
export class InvalidPayloadError extends Error {
  readonly queue: string;
  readonly issues: readonly PayloadIssue[];

  constructor(queue: string, error: z.ZodError, context?: string) {
    super(`Invalid payload for queue "${queue}"${context === undefined ? '' : ` (${context})`}: ${formatIssues(error)}`);
    this.name = 'InvalidPayloadError';
    this.queue = queue;
    this.issues = payloadIssues(error);
  }
}
