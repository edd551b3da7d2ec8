// The feature-engineering service process: the shared start-up sequence with this service's workers,
// plus the dashboard view's refresh schedule and the features sweep (re-enqueues work the queues
// lost) as tasks the kit starts and stops with them.
import { loadFeatureEngineeringConfig } from '@mltrading/config';
import { runService } from '@mltrading/service-kit';
import { DashboardRefresher } from './dashboard/dashboard-refresher.ts';
import { featuresSweepTask } from './sweep/features-sweep-task.ts';
import { featureWorkers } from './workers.ts';

const dashboard = new DashboardRefresher();
await runService({ name: 'feature-engineering', config: loadFeatureEngineeringConfig, workers: featureWorkers({ dashboard }), tasks: [dashboard.asTask(), featuresSweepTask()] });
