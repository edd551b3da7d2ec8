import type { FeatureEngineeringConfig } from '@mltrading/config';
import { defineWorker, type ServiceContext, type WorkerDefinition } from '@mltrading/service-kit';
import type { DashboardRefresher } from './dashboard/dashboard-refresher.ts';
import { DEFAULT_MARKET_CALENDAR } from '@mltrading/features';
import { processFeaturesJob } from './features-job/process-features-job.ts';
import { warmUpEngine } from './features-job/warm-up-engine.ts';

export interface FeatureWorkersOptions {
  /** Overrides FEATURES_CHUNK_BARS (tests use small slices). */
  readonly chunkBars?: number;
  /** Refreshes the dashboard view after backfills; without it only the schedule refreshes it. */
  readonly dashboard?: DashboardRefresher;
  /** Extra BullMQ worker options (tests shorten the lock to prove long jobs keep it). */
  readonly workerOptions?: WorkerDefinition['workerOptions'];
}

/** The queues this service consumes: `features` (one symbol and range per job). */
export function featureWorkers({ chunkBars, dashboard, workerOptions }: FeatureWorkersOptions = {}): WorkerDefinition<'features', FeatureEngineeringConfig>[] {
  warmUpEngine(DEFAULT_MARKET_CALENDAR);
  return [
    defineWorker({
      queue: 'features',
      handler: async (payload, job, context: ServiceContext<FeatureEngineeringConfig>) => {
        const result = await processFeaturesJob(payload, context, {
          sliceBars: chunkBars ?? context.config.featuresChunkBars,
          ...(dashboard === undefined ? {} : { afterFullRun: () => dashboard.requestAfterBackfill() }),
        });
        const { predict, ...figures } = result;
        context.logger.info({ jobId: job.id, symbol: payload.symbol, ...figures, predictJobId: predict?.jobId }, 'features computed');
        return result;
      },
      ...(workerOptions === undefined ? {} : { workerOptions }),
    }),
  ];
}
