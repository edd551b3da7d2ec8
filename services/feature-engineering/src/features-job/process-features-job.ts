import {
  featureRowsExist,
  firstChangedBar,
  loadBarColumns,
  lockFeatureEngineState,
  loadFeatureEngineState,
  saveFeatureEngineState,
  writeFeatureColumns,
  type Database,
  type MarketBarColumns,
} from '@mltrading/db';
import {
  FEATURE_VERSION,
  IncompatibleStateError,
  InvalidBarsError,
  type FeatureEngineState,
  type MarketCalendarConfig,
} from '@mltrading/features';
import type { PayloadOf } from '@mltrading/queues';
import type { FeatureEngineeringConfig } from '@mltrading/config';
import type { ServiceContext } from '@mltrading/service-kit';
import { UnrecoverableError } from 'bullmq';
import type { Kysely } from 'kysely';
import { computeInSlices } from './compute-in-slices.ts';

export type FeaturesPayload = PayloadOf<'features'>;

/**
 * - `backfill`: no stored state; the symbol's whole history is computed and written.
 * - `incremental`: bars after the stored state are computed from it and appended.
 * - `recompute`: a bar at or before the state's newest bar was revised or back-filled; the whole
 *   history is recomputed from the first stored bar (cumulative features start there) and rows from
 *   the first changed bar on are rewritten.
 * - `up-to-date`: the range holds nothing the stored rows were not computed from (a redelivery).
 */
export type FeaturesJobMode = 'backfill' | 'incremental' | 'recompute' | 'up-to-date';

export interface FeaturesJobResult {
  mode: FeaturesJobMode;
  /** Bars fed to the engine. */
  barsComputed: number;
  rowsWritten: number;
  inserted: number;
  updated: number;
  /** How rows reached the table: straight COPY or staged merge ('none' when nothing was written). */
  writeMethod: 'copy' | 'merge' | 'mixed' | 'none';
  computeMs: number;
  totalMs: number;
  /** The predict job enqueued after commit, with its range. */
  predict: { jobId: string; start: string; end: string } | null;
}

export interface FeaturesJobOptions {
  /** Bars per engine slice (the event loop runs between slices). */
  readonly sliceBars: number;
  /** Called after a backfill or recompute committed (e.g. to schedule a dashboard refresh). */
  readonly afterFullRun?: () => Promise<void>;
}

interface Plan {
  mode: FeaturesJobMode;
  bars: MarketBarColumns;
  state: FeatureEngineState | undefined;
  /** First bar index whose row is written. */
  emitFrom: number;
  barsSeenBefore: number;
}

/**
 * The `features` job: one symbol, a range of bars that changed. Reads the stored engine state and
 * the bars it needs, computes, writes rows and the new state in one transaction, then enqueues
 * `predict` for the rows that changed. `interval` and `source` select the stored bars: market_data
 * has no interval column, so its bars of `source` are taken to be of the payload's interval.
 */
export async function processFeaturesJob(
  payload: FeaturesPayload,
  context: Pick<ServiceContext<FeatureEngineeringConfig>, 'config' | 'db' | 'queues' | 'logger'>,
  options: FeaturesJobOptions,
): Promise<FeaturesJobResult> {
  const began = performance.now();
  const { marketTimezone, marketSession } = context.config;
  const calendar: MarketCalendarConfig = { timeZone: marketTimezone, sessionOpen: marketSession.open, sessionClose: marketSession.close, midday: marketSession.midday };
  const key = { symbol: payload.symbol, source: payload.source, interval: payload.interval, featureVersion: FEATURE_VERSION };

  const outcome = await context.db.transaction().execute(async (trx) => {
    // One writer per symbol at a time: the state read below is only valid until our commit.
    await lockFeatureEngineState(trx, key);
    let plan = await planJob(trx, payload, key);
    let written = { rowsWritten: 0, inserted: 0, updated: 0, methods: new Set<'copy' | 'merge'>(), first: NaN, last: NaN };
    let computed;
    try {
      computed = await computeAndWrite(trx, plan, payload, calendar, options, written);
    } catch (error) {
      if (!(error instanceof IncompatibleStateError) || plan.state === undefined) throw error;
      // A state of another calendar (MARKET_TIMEZONE or the session hours changed): every row's time features change.
      context.logger.warn({ symbol: key.symbol, reason: error.message }, 'stored feature state is incompatible; recomputing');
      plan = { mode: 'recompute', bars: await loadBarColumns(trx, key), state: undefined, emitFrom: 0, barsSeenBefore: 0 };
      written = { rowsWritten: 0, inserted: 0, updated: 0, methods: new Set(), first: NaN, last: NaN };
      computed = await computeAndWrite(trx, plan, payload, calendar, options, written);
    }
    const n = plan.bars.timestamp.length;
    if (n > 0 && computed.state !== undefined) {
      await saveFeatureEngineState(trx, {
        ...key,
        lastTimestamp: new Date(plan.bars.timestamp[n - 1]!),
        barsSeen: plan.barsSeenBefore + n,
        state: computed.state,
        correlationId: payload.correlationId,
      });
    }
    return { plan, written, computeMs: computed.computeMs };
  });

  const { plan, written } = outcome;
  const predict = await enqueuePredict(payload, context, written);
  if ((plan.mode === 'backfill' || plan.mode === 'recompute') && written.rowsWritten > 0) await options.afterFullRun?.();
  const methods = [...written.methods];
  return {
    mode: plan.mode,
    barsComputed: plan.bars.timestamp.length,
    rowsWritten: written.rowsWritten,
    inserted: written.inserted,
    updated: written.updated,
    writeMethod: methods.length === 0 ? 'none' : methods.length === 2 ? 'mixed' : methods[0]!,
    computeMs: Math.round(outcome.computeMs * 10) / 10,
    totalMs: Math.round((performance.now() - began) * 10) / 10,
    predict,
  };
}

async function planJob(
  trx: Kysely<Database>,
  payload: FeaturesPayload,
  key: { symbol: string; source: string; interval: string; featureVersion: string },
): Promise<Plan> {
  const stored = await loadFeatureEngineState(trx, key);
  if (stored === undefined) {
    return { mode: 'backfill', bars: await loadBarColumns(trx, key), state: undefined, emitFrom: 0, barsSeenBefore: 0 };
  }
  const start = new Date(payload.start);
  if (start <= stored.lastTimestamp) {
    const changed = await firstChangedBar(trx, { ...key, from: start, through: stored.lastTimestamp });
    if (changed !== undefined) {
      const bars = await loadBarColumns(trx, key);
      const emitFrom = lowerBound(bars.timestamp, changed.getTime());
      return { mode: 'recompute', bars, state: undefined, emitFrom, barsSeenBefore: 0 };
    }
  }
  const bars = await loadBarColumns(trx, { ...key, after: stored.lastTimestamp });
  return {
    mode: bars.timestamp.length === 0 ? 'up-to-date' : 'incremental',
    bars,
    state: stored.state as unknown as FeatureEngineState,
    emitFrom: 0,
    barsSeenBefore: stored.barsSeen,
  };
}

async function computeAndWrite(
  trx: Kysely<Database>,
  plan: Plan,
  payload: FeaturesPayload,
  calendar: MarketCalendarConfig,
  options: FeaturesJobOptions,
  written: { rowsWritten: number; inserted: number; updated: number; methods: Set<'copy' | 'merge'>; first: number; last: number },
) {
  if (plan.bars.timestamp.length === 0) return { state: plan.state, computeMs: 0 };
  try {
    return await computeInSlices(plan.bars, {
      state: plan.state,
      calendar,
      emitFrom: plan.emitFrom,
      sliceBars: options.sliceBars,
      onSlice: async ({ bars, columns }) => {
        const result = await writeFeatureColumns(trx, {
          symbol: payload.symbol,
          source: payload.source,
          featureVersion: FEATURE_VERSION,
          correlationId: payload.correlationId,
          ...bars,
          columns,
        });
        const n = bars.timestamp.length;
        if (Number.isNaN(written.first)) written.first = bars.timestamp[0]!;
        written.last = bars.timestamp[n - 1]!;
        written.rowsWritten += n;
        written.inserted += result.inserted;
        written.updated += result.updated;
        written.methods.add(result.method);
      },
    });
  } catch (error) {
    if (error instanceof InvalidBarsError) {
      // Stored bars the engine refuses (NaN, out of order, …) will not get better on a retry.
      throw new UnrecoverableError(
        `features ${payload.source}/${payload.interval}/${payload.symbol}: market_data refused by the feature engine: ${error.message}`,
      );
    }
    throw error;
  }
}

/**
 * `predict` for the rows this job changed, enqueued only after the commit. The range is the job's
 * own range, widened to every row written; a redelivered job that finds nothing new enqueues its
 * own range again, which the deterministic job id turns into a no-op if the first try got there.
 */
async function enqueuePredict(
  payload: FeaturesPayload,
  context: Pick<ServiceContext, 'db' | 'queues'>,
  written: { rowsWritten: number; first: number; last: number },
): Promise<FeaturesJobResult['predict']> {
  let start = payload.start;
  let end = payload.end;
  if (written.rowsWritten > 0) {
    start = new Date(Math.min(Date.parse(payload.start), written.first)).toISOString();
    end = new Date(Math.max(Date.parse(payload.end), written.last + 1)).toISOString();
  } else {
    const found = await featureRowsExist(context.db, {
      symbol: payload.symbol,
      source: payload.source,
      featureVersion: FEATURE_VERSION,
      from: new Date(payload.start),
      to: new Date(payload.end),
    });
    if (!found) return null;
  }
  const { jobId } = await context.queues.enqueue('predict', {
    symbol: payload.symbol,
    interval: payload.interval,
    source: payload.source,
    start,
    end,
    correlationId: payload.correlationId,
  });
  return { jobId, start, end };
}

/** First index whose timestamp is >= t. */
function lowerBound(timestamps: Float64Array, t: number): number {
  let lo = 0;
  let hi = timestamps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (timestamps[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
