// What operators and front ends (the `mlt` CLI, the HTTP API) can do to the running system. Each
// operation validates its input, does its work through the repositories and queue contracts, and
// returns data: printing, exit codes and HTTP statuses belong to the front ends.
export { InvalidRequestError } from './errors/invalid-request-error.ts';
export { NotFoundError } from './errors/not-found-error.ts';
export { enqueueJob, refuseInvalid } from './queues/enqueue-job.ts';
export { submitJob, type SubmittedJob } from './queues/submit-job.ts';
export { queueStatus, JOB_STATES, type QueueStatus, type JobState } from './queues/queue-status.ts';
export { jobProgress, type FailedJob, type JobProgress } from './queues/job-progress.ts';
export { planBackfill, MAX_BACKFILL_BATCH, type BackfillRequest } from './ingest/plan-backfill.ts';
export { planFeaturesBackfill, type FeaturesBackfillRequest, type FeaturesBackfillPlan } from './features/plan-features-backfill.ts';
export { refreshDashboard } from './features/refresh-dashboard.ts';
export {
  sweepFeatures,
  type SweepFeaturesContext,
  type SweepFeaturesOptions,
  type FeaturesSweepResult,
  type SweptJob,
} from './features/sweep-features.ts';
export { findFlow } from './flows/find-flow.ts';
export { MAINTENANCE_QUEUES, MAINTENANCE_QUEUE_NAMES, type MaintenanceQueueName } from '@mltrading/queues';
export { positionsReport, type PositionLine } from './trading/positions-report.ts';
export {
  createApiKey,
  listApiKeys,
  revokeApiKey,
  authenticateApiKey,
  roleAllows,
  isApiKeyRole,
  type ApiKeyInfo,
  type ApiKeyCheck,
  type CreateApiKeyRequest,
} from './api-keys/api-keys.ts';
export { runBacktest, type BacktestOutcome, type RunBacktestOptions } from './backtest/run-backtest.ts';
export { BACKTEST_VOLATILITY_FEATURE, type BacktestRequest } from './backtest/load-backtest-input.ts';
export { listBacktests, showBacktest, type BacktestRunDetail } from './backtest/backtest-runs.ts';
export { codeVersion } from './backtest/code-version.ts';
export type { BacktestReport } from '@mltrading/backtest';
