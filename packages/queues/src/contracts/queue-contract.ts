import type { z } from 'zod';

/**
 * Default job options of a queue. Structurally a subset of BullMQ's `JobsOptions`, declared here so
 * an upstream system can import the contracts without BullMQ's types.
 */
export interface ContractJobOptions {
  readonly attempts: number;
  readonly backoff: { readonly type: 'exponential'; readonly delay: number };
  /** Completed jobs are kept this long (seconds) / this many, which is also the window in which a
   * deterministic job id makes a repeated enqueue a no-op. */
  readonly removeOnComplete: { readonly age: number; readonly count: number };
  readonly removeOnFail: { readonly age: number; readonly count: number };
}

export interface QueueContract<Name extends string, Schema extends z.ZodType> {
  readonly name: Name;
  readonly description: string;
  readonly schema: Schema;
  readonly defaultJobOptions: ContractJobOptions;
  /** Deterministic id of a parsed payload, or undefined when every job must be distinct. */
  readonly jobId: ((payload: z.output<Schema>) => string) | undefined;
}

export function defineQueue<Name extends string, Schema extends z.ZodType>(
  contract: QueueContract<Name, Schema>,
): QueueContract<Name, Schema> {
  return Object.freeze(contract);
}
