import type { FeatureEngineeringSettings } from '@mltrading/config';
import { findFeaturesBehind, type Database, type FeaturesBehind } from '@mltrading/db';
import { newCorrelationId } from '@mltrading/logging';
import { featuresPayloadSchema, type PayloadInput, type PayloadOf, type QueueClient } from '@mltrading/queues';
import type { Job, Queue } from 'bullmq';
import type { Kysely } from 'kysely';

/** Job states in which a `features` job will still run (and so catch up its symbol by itself). */
const PENDING_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'] as const;
const PAGE = 1_000;

export interface SweptJob {
  jobId: string;
  symbol: string;
  source: string;
  interval: string;
  start: string;
  end: string;
}

export interface FeaturesSweepResult {
  /** One id for everything this sweep enqueued (a flow of its own, traceable with `mlt trace`). */
  correlationId: string;
  /** (symbol, source, interval) whose newest bar is newer than their engine state, or with no state. */
  behind: number;
  /** New `features` jobs. */
  enqueued: SweptJob[];
  /** Behind, but a job with the same deterministic id already exists and will run or has run (its state). */
  alreadyQueued: (SweptJob & { state: string })[];
  /**
   * Behind, and the job with the same deterministic id had failed for good (an outage that outlasted
   * its attempts): moved back to waiting with its attempts reset, under its own flow's correlation id.
   */
  retried: SweptJob[];
  /** Behind, but a `features` job of the same symbol/source/interval is still pending: it will catch up. */
  pending: number;
  /** Behind, but not enqueueable under the contract (a market_data source the queues do not know). */
  refused: { symbol: string; source: string; reason: string }[];
}

/** What a sweep needs: the service's context fits, and so does what a front end opens. */
export interface SweepFeaturesContext {
  readonly config: Pick<FeatureEngineeringSettings, 'ingestInterval'>;
  readonly db: Kysely<Database>;
  readonly queues: Pick<QueueClient, 'enqueueBulk' | 'queue'>;
}

export interface SweepFeaturesOptions {
  correlationId?: string;
  /** Skip symbols with a pending `features` job (default true; the job-id check applies either way). */
  skipPending?: boolean;
}

/**
 * The features sweep: every (symbol, source) whose newest market_data bar is newer than its
 * feature_engine_state (or that has bars and no state) gets a `features` job for
 * [first bar after the state (or first bar), newest bar + 1 interval), under one correlation id of
 * the sweep's own. The interval is the state's, else INGEST_INTERVAL (market_data has no interval).
 * The contract's deterministic job id keeps a job already queued from being added twice; a job
 * under that id that failed for good is retried (see retryFailed).
 */
export async function sweepFeatures(
  context: SweepFeaturesContext,
  options: SweepFeaturesOptions = {},
): Promise<FeaturesSweepResult> {
  const { config, db, queues } = context;
  const correlationId = options.correlationId ?? newCorrelationId();
  const behind = await findFeaturesBehind(db, { defaultInterval: config.ingestInterval });
  const result: FeaturesSweepResult = { correlationId, behind: behind.length, enqueued: [], alreadyQueued: [], retried: [], pending: 0, refused: [] };
  if (behind.length === 0) return result;

  const queue = queues.queue('features');
  const pendingKeys = options.skipPending === false ? new Set<string>() : await pendingFeatureKeys(queue);
  const inputs: { row: FeaturesBehind; input: PayloadInput<'features'> }[] = [];
  for (const row of behind) {
    if (pendingKeys.has(keyOf(row))) {
      result.pending += 1;
      continue;
    }
    const input = { symbol: row.symbol, interval: row.interval, source: row.source, start: row.start, end: row.end, correlationId };
    const parsed = featuresPayloadSchema.safeParse(input);
    if (!parsed.success) {
      result.refused.push({ symbol: row.symbol, source: row.source, reason: parsed.error.issues.map((i) => i.message).join('; ') });
      continue;
    }
    inputs.push({ row, input: input as PayloadInput<'features'> });
  }
  if (inputs.length === 0) return result;

  const added = await queues.enqueueBulk('features', inputs.map((i) => i.input));
  // BullMQ ignores an add whose job id exists; such a job carries another flow's correlation id.
  for (const [index, { jobId }] of added.entries()) {
    const { row } = inputs[index]!;
    const swept: SweptJob = { jobId, symbol: row.symbol, source: row.source, interval: row.interval, start: row.start, end: row.end };
    const job = await queue.getJob(jobId);
    if (job !== undefined && job.data.correlationId !== correlationId) {
      const state = await job.getState();
      if (state === 'failed' && (await retryFailed(job))) result.retried.push(swept);
      else result.alreadyQueued.push({ ...swept, state });
    } else {
      result.enqueued.push(swept);
    }
  }
  return result;
}

/**
 * A failed job blocks its deterministic id: BullMQ ignores an add under it, so the work would stay
 * undone for ever. Retrying it in place (rather than removing it and adding a new one) is one
 * atomic step, so two sweeping replicas cannot both queue it, and it keeps the earlier failure's
 * stack traces for inspection. Its data is the same range (the id is built from it).
 * False when it left the failed state meanwhile (another replica retried it first).
 */
async function retryFailed(job: Job): Promise<boolean> {
  try {
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    return true;
  } catch {
    return false;
  }
}

const keyOf = (p: { symbol: string; source: string; interval: string }) => `${p.source}|${p.interval}|${p.symbol}`;

async function pendingFeatureKeys(queue: Queue<PayloadOf<'features'>>): Promise<Set<string>> {
  const keys = new Set<string>();
  const counts = await queue.getJobCounts(...PENDING_STATES);
  if (Object.values(counts).every((n) => n === 0)) return keys;
  // Pages per state list; a job moving between lists meanwhile is at worst enqueued once more (harmless).
  for (let from = 0; ; from += PAGE) {
    const jobs = await queue.getJobs([...PENDING_STATES], from, from + PAGE - 1);
    for (const job of jobs) if (job?.data) keys.add(keyOf(job.data));
    if (jobs.length === 0) break;
  }
  return keys;
}
