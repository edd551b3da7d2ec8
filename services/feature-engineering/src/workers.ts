import { defineWorker, type WorkerDefinition } from '@mltrading/service-kit';
import type { DashboardRefresher } from './dashboard/dashboard-refresher.ts';
import { processFeaturesJob } from './features-job/process-features-job.ts';
import { DEFAULT_FEATURE_SERVICE_OPTIONS, type FeatureServiceOptions } from './service-options.ts';

export interface FeatureWorkersOptions {
  readonly options?: FeatureServiceOptions;
  /** Refreshes the dashboard view after backfills; without it only the schedule refreshes it. */
  readonly dashboard?: DashboardRefresher;
  /** Extra BullMQ worker options (tests shorten the lock to prove long jobs keep it). */
  readonly workerOptions?: WorkerDefinition['workerOptions'];
}

/** The queues this service consumes: `features` (one symbol and range per job). */
export function featureWorkers({ options = DEFAULT_FEATURE_SERVICE_OPTIONS, dashboard, workerOptions }: FeatureWorkersOptions = {}): WorkerDefinition[] {
  return [
    defineWorker({
      queue: 'features',
      handler: (payload, _job, context) =>
        processFeaturesJob(payload, context, {
          sliceBars: options.chunkBars,
          ...(dashboard === undefined ? {} : { afterFullRun: () => dashboard.requestAfterBackfill() }),
        }),
      ...(workerOptions === undefined ? {} : { workerOptions }),
    }),
  ];
}
