import { z } from 'zod';

/**
 * A queue a service keeps for its own periodic work (a BullMQ job scheduler and one worker): no
 * other service produces to it or consumes it, but operators see it in `mlt queues`, the API will
 * list it, and its job data is still declared and validated here like a pipeline payload.
 */
export interface MaintenanceQueueContract<Name extends string, Schema extends z.ZodType> {
  readonly name: Name;
  /** The service that owns the queue (schedules and consumes it). */
  readonly owner: string;
  readonly description: string;
  /** Name of its jobs, scheduled or added by the owner. */
  readonly jobName: string;
  /** Id of the periodic scheduler; every replica upserts the same one. */
  readonly schedulerId: string;
  readonly schema: Schema;
}

function defineMaintenanceQueue<Name extends string, Schema extends z.ZodType>(
  contract: MaintenanceQueueContract<Name, Schema>,
): MaintenanceQueueContract<Name, Schema> {
  return Object.freeze(contract);
}

export const featuresMaintenanceQueue = defineMaintenanceQueue({
  name: 'features-maintenance',
  owner: 'feature-engineering',
  description: 'Refresh mv_features_dashboard_summary: on a schedule, and once after a backfill drained the features queue.',
  jobName: 'refresh-dashboard',
  schedulerId: 'dashboard-refresh-hourly',
  schema: z.object({ reason: z.enum(['schedule', 'backfill']) }),
});

export const featuresSweepQueue = defineMaintenanceQueue({
  name: 'features-sweep',
  owner: 'feature-engineering',
  description: 'Find bars newer than their feature_engine_state (features jobs the queues lost) and enqueue them again.',
  jobName: 'sweep',
  schedulerId: 'features-sweep-periodic',
  schema: z.object({ reason: z.enum(['schedule', 'manual']) }),
});

export const logSinkMaintenanceQueue = defineMaintenanceQueue({
  name: 'log-sink-maintenance',
  owner: 'log-sink',
  description: 'Apply the retention policy in small batches and roll the recent-features index.',
  jobName: 'retention',
  schedulerId: 'retention',
  schema: z.object({}),
});

export const predictionSweepQueue = defineMaintenanceQueue({
  name: 'prediction-sweep',
  owner: 'prediction',
  description: 'Find feature rows without a prediction of an active model (predict jobs the queues lost) and enqueue them again.',
  jobName: 'sweep',
  schedulerId: 'prediction-sweep-periodic',
  schema: z.object({ reason: z.enum(['schedule', 'manual']) }),
});

export const predictionRetrainQueue = defineMaintenanceQueue({
  name: 'prediction-retrain',
  owner: 'prediction',
  description: 'Enqueue a rolling-window train job for every active model.',
  jobName: 'retrain',
  schedulerId: 'prediction-retrain-periodic',
  schema: z.object({ reason: z.enum(['schedule', 'manual']) }),
});

export const executionReconcileQueue = defineMaintenanceQueue({
  name: 'execution-reconcile',
  owner: 'order-execution',
  description: "Reconcile open orders with the broker, then enqueue execute jobs for predictions no order decided on.",
  jobName: 'reconcile',
  schedulerId: 'execution-reconcile-periodic',
  schema: z.object({ reason: z.enum(['schedule', 'manual']) }),
});

/** Every service-private queue, by name. */
export const MAINTENANCE_QUEUES = Object.freeze({
  [featuresMaintenanceQueue.name]: featuresMaintenanceQueue,
  [featuresSweepQueue.name]: featuresSweepQueue,
  [logSinkMaintenanceQueue.name]: logSinkMaintenanceQueue,
  [predictionSweepQueue.name]: predictionSweepQueue,
  [predictionRetrainQueue.name]: predictionRetrainQueue,
  [executionReconcileQueue.name]: executionReconcileQueue,
});

export type MaintenanceQueueName = keyof typeof MAINTENANCE_QUEUES;
export type MaintenanceDataOf<Q extends MaintenanceQueueName> = z.output<(typeof MAINTENANCE_QUEUES)[Q]['schema']>;
export const MAINTENANCE_QUEUE_NAMES = Object.freeze(Object.keys(MAINTENANCE_QUEUES) as MaintenanceQueueName[]);
