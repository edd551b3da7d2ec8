export { processFeaturesJob, type FeaturesJobMode, type FeaturesJobOptions, type FeaturesJobResult, type FeaturesPayload } from './features-job/process-features-job.ts';
export { computeInSlices, type ComputeInSlicesOptions, type ComputedSlice } from './features-job/compute-in-slices.ts';
export {
  DashboardRefresher,
  DASHBOARD_QUEUE,
  DASHBOARD_JOB,
  DASHBOARD_SCHEDULER_ID,
  AFTER_BACKFILL_JOB_ID,
  type DashboardRefresherOptions,
  type DashboardRefreshData,
} from './dashboard/dashboard-refresher.ts';
export { featureWorkers, type FeatureWorkersOptions } from './workers.ts';
export {
  featuresSweepTask,
  SWEEP_QUEUE,
  SWEEP_JOB,
  SWEEP_SCHEDULER_ID,
  type FeaturesSweepData,
  type FeaturesSweepSummary,
  type FeaturesSweepTaskOptions,
} from './sweep/features-sweep-task.ts';
