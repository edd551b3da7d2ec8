export { startHealthServer, type HealthReport, type HealthServer } from './health-server.ts';
export { runService, type RunningService } from './run-service.ts';
export { defineWorker, type JobHandler, type ServiceContext, type ServiceDefinition, type WorkerDefinition } from './service-definition.ts';
export { ShutdownManager } from './shutdown-manager.ts';
export { spawnService, type ServiceProcess } from './spawn-service.ts';
