// The feature-engineering service process: the shared start-up sequence with this service's workers,
// plus the dashboard view's refresh schedule as a task the kit starts and stops with them.
import { runService } from '@mltrading/service-kit';
import { DashboardRefresher } from './dashboard/dashboard-refresher.ts';
import { featureWorkers } from './workers.ts';

const dashboard = new DashboardRefresher();
await runService({ name: 'feature-engineering', workers: featureWorkers({ dashboard }), tasks: [dashboard.asTask()] });
