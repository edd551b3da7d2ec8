// The feature-engineering service process: the shared start-up sequence with this service's workers,
// plus the dashboard view's refresh schedule.
import { runService } from '@mltrading/service-kit';
import { DashboardRefresher } from './dashboard/dashboard-refresher.ts';
import { FeatureServiceOptionsError, loadFeatureServiceOptions, type FeatureServiceOptions } from './service-options.ts';
import { featureWorkers } from './workers.ts';

let options: FeatureServiceOptions;
try {
  options = loadFeatureServiceOptions(process.env);
} catch (error) {
  if (!(error instanceof FeatureServiceOptionsError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const dashboard = new DashboardRefresher({
  everyMs: options.dashboardRefreshEveryMs,
  afterBackfillDelayMs: options.dashboardRefreshDelayMs,
});
const service = await runService({ name: 'feature-engineering', workers: featureWorkers({ options, dashboard }) });
await dashboard.start(service.context);
// runService's shutdown drains the feature workers and closes the pool; the refresher closes beside it.
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void dashboard.close());
