import { undecidedPredictionIds, type Database } from '@mltrading/db';
import { buildJobId, MAX_EXECUTE_PREDICTIONS, shortHash, type QueueClient } from '@mltrading/queues';
import type { Kysely } from 'kysely';
import { LATE_DATA_RETRY_MS } from '../execution/late-data.ts';

/** How far back the sweep looks for predictions without a decision. */
export const SWEEP_WINDOW_MS = 3 * 24 * 3_600_000;

export interface SweepResult {
  readonly undecided: number;
  readonly jobIds: string[];
}

/**
 * Predictions of the window with no decision of the active strategy (no order, no final
 * `signal_skipped` event) are queued again as `execute` jobs; so are those refused for missing market
 * data (`no_price`, `unknown_symbol`: not final) until `retryMs` after they were made, so a bar that
 * lands late still gets its order. Replica-safe: deciding is idempotent (deterministic
 * order ids, the order committed before it is sent), so two sweeps queueing the same prediction
 * cost a look-up, never an order. The job id adds the sweep period's slot to the ids' hash: a job
 * of the same predictions that failed for good earlier is not in the way of a later sweep.
 */
export async function sweepUndecided(
  deps: { db: Kysely<Database>; queues: QueueClient; correlationId: string },
  options: { strategy: string; now: number; graceMs: number; slot: number; windowMs?: number; retryMs?: number },
): Promise<SweepResult> {
  const ids = await undecidedPredictionIds(deps.db, {
    strategy: options.strategy,
    since: new Date(options.now - (options.windowMs ?? SWEEP_WINDOW_MS)),
    createdBefore: new Date(options.now - options.graceMs),
    retrySince: new Date(options.now - (options.retryMs ?? LATE_DATA_RETRY_MS)),
  });
  const jobIds: string[] = [];
  for (let i = 0; i < ids.length; i += MAX_EXECUTE_PREDICTIONS) {
    const batch = ids.slice(i, i + MAX_EXECUTE_PREDICTIONS);
    const jobId = buildJobId('execute', ['sweep', String(options.slot), shortHash(batch)]);
    const { jobId: added } = await deps.queues.enqueue('execute', { predictionIds: batch, correlationId: deps.correlationId }, { jobId });
    jobIds.push(added);
  }
  return { undecided: ids.length, jobIds };
}
