export { startHealthServer, type HealthReport, type HealthServer } from './health-server.ts';
export { runService, type RunningService } from './run-service.ts';
export {
  defineWorker,
  consumeQueues,
  type JobHandler,
  type ServiceContext,
  type ServiceDefinition,
  type ServiceTask,
  type WorkerDefinition,
  type AnyWorkerDefinition,
  type QueueWorker,
} from './service-definition.ts';
export { ShutdownManager } from './shutdown-manager.ts';
export { startScheduledQueue, type ScheduledQueue, type ScheduledQueueOptions } from './tasks/scheduled-queue.ts';
export { spawnService, type ServiceProcess } from './spawn-service.ts';
export { LogShipper, LOG_SHIPPER_DEFAULTS, type LogShipperOptions, type LogShipperStats } from './logging/log-shipper.ts';
export { queueLogTransport, type LogTransport } from './logging/log-transport.ts';
export { logRecordFromLine } from './logging/log-record-from-line.ts';
export { instrumentJob, invalidPayloadPerformanceRecord, invalidPayloadRecord, type JobInstrumentationOptions } from './logging/job-instrumentation.ts';
export { startTelemetry, SHUTDOWN_FLUSH_MS, type Telemetry } from './telemetry/start-telemetry.ts';
