import { ConfigError, loadConfig, secretValues, type AppConfig } from '@mltrading/config';
import { createDb, pingDatabase } from '@mltrading/db';
import { createLogger, currentCorrelationId } from '@mltrading/logging';
import { trace } from '@opentelemetry/api';
import { createQueueClient, createRedisConnection, createWorker, redisEvictionPolicy, type LogRecordInput, type QueueName } from '@mltrading/queues';
import type { Job, Worker } from 'bullmq';
import { startHealthServer } from './health-server.ts';
import { instrumentJob, invalidPayloadPerformanceRecord, invalidPayloadRecord } from './logging/job-instrumentation.ts';
import { LogShipper } from './logging/log-shipper.ts';
import { queueLogTransport, type LogTransport } from './logging/log-transport.ts';
import type { ServiceContext, ServiceDefinition } from './service-definition.ts';
import { ShutdownManager } from './shutdown-manager.ts';
import { startTelemetry } from './telemetry/start-telemetry.ts';

export interface RunningService {
  readonly context: ServiceContext;
  readonly workers: readonly Worker[];
  readonly healthPort: number;
  readonly logShipper: LogShipper;
  /** Drains in-flight jobs (within SHUTDOWN_TIMEOUT_MS), then closes Redis and the pool. */
  shutdown(): Promise<number>;
}

/**
 * The one start-up sequence of every service: config → database and Redis → workers → health →
 * shutdown on SIGTERM/SIGINT. `main.ts` of each service is a call to this with its definition.
 */
export async function runService(definition: ServiceDefinition, env: NodeJS.ProcessEnv = process.env): Promise<RunningService> {
  assertOneHandlerPerQueue(definition);
  const config = loadConfigOrExit(env);
  const secrets = secretValues(config);
  // First, so the pg and ioredis instrumentations are in place before any connection opens.
  const telemetry = startTelemetry(definition.name, config.otelExporterOtlpEndpoint);
  // The shipper's own trouble goes to stdout only: logging it through the shipped logger would
  // feed the failing pipeline with records about its failure.
  const diagnostics = createLogger({ name: `${definition.name}.log-shipper`, level: config.logLevel, pretty: config.logPretty, secrets });
  // Assigned once, below: the logger's tap must exist before the shipper, whose transport may need
  // the context built around this logger (the log sink's direct transport).
  // eslint-disable-next-line prefer-const
  let shipper: LogShipper | undefined;
  const logger = createLogger({
    name: definition.name,
    level: config.logLevel,
    pretty: config.logPretty,
    secrets,
    tap: (line) => shipper?.pushLine(line),
  });

  const db = createDb(config.databaseUrl, {
    poolSize: config.databasePoolSize,
    onIdleConnectionError: (err) => logger.warn({ err }, 'idle PostgreSQL connection lost (the pool opens a new one)'),
  });
  const workerConnection = createRedisConnection(config.redisUrl, 'worker');
  const producerConnection = createRedisConnection(config.redisUrl, 'producer');
  // The shipper's own connection: its errors are not shipped (see \`diagnostics\`).
  const shippingConnection = createRedisConnection(config.redisUrl, 'producer');
  workerConnection.on('error', (err) => logger.warn({ err }, 'redis connection error (worker)'));
  producerConnection.on('error', (err) => logger.warn({ err }, 'redis connection error (producer)'));
  shippingConnection.on('error', () => {});
  const queues = telemetry.wrapQueues(
    createQueueClient({ connection: producerConnection, prefix: config.queuePrefix, getTraceContext: telemetry.traceContext }),
  );
  const shippingQueues = createQueueClient({ connection: shippingConnection, prefix: config.queuePrefix, logger: diagnostics });
  const logRecords = { push: (record: LogRecordInput) => shipper?.pushRecord(record) };
  const context: ServiceContext = { config, db, logger, queues, redis: producerConnection, logRecords };

  const transport: LogTransport = definition.logTransport?.(context) ?? queueLogTransport(shippingQueues);
  shipper = new LogShipper({ ...definition.logShipping, transport, component: definition.name, secrets, diagnostics });
  shipper.start();
  const logShipper = shipper;

  await warnUnlessNoEviction(workerConnection, logger);

  const workers = definition.workers.map((spec) => {
    const instrumentation = { component: definition.name, queue: spec.queue as QueueName, secrets, record: logRecords.push };
    const handle = (payload: unknown, job: Job) => {
      // Lets a trace viewer find a flow by the id engineers already have.
      trace.getActiveSpan()?.setAttribute('mlt.correlation_id', currentCorrelationId() ?? '');
      // The contract validated the payload for spec.queue; the union of handlers cannot name that link.
      return instrumentJob(job, instrumentation, () => spec.handler(payload as never, job, context));
    };
    return createWorker(spec.queue, handle, {
      connection: workerConnection,
      prefix: config.queuePrefix,
      concurrency: spec.concurrency ?? config.workerConcurrency,
      logger,
      onInvalidPayload: (error, job) => {
        logRecords.push(invalidPayloadRecord(error, job, instrumentation));
        logRecords.push(invalidPayloadPerformanceRecord(job, instrumentation));
      },
      ...(telemetry.bullmq === undefined ? {} : { telemetry: telemetry.bullmq }),
      ...spec.workerOptions,
    });
  });

  const tasks: { name: string; stop(): Promise<void> }[] = [];
  for (const task of definition.tasks ?? []) {
    const started = await task.start(context);
    tasks.push({ name: task.name, stop: () => started.stop() });
  }

  const shutdownManager = new ShutdownManager(logger, config.shutdownTimeoutMs);
  // Order matters: stop taking jobs and let the running ones finish, then ship what they logged,
  // then close what they used.
  shutdownManager.add('drain workers', () => Promise.all(workers.map((worker) => worker.close())));
  for (const task of tasks) shutdownManager.add(`stop ${task.name}`, () => task.stop());
  shutdownManager.add('flush logs', () => logShipper.stop(Math.max(1_000, Math.floor(config.shutdownTimeoutMs / 3))));
  shutdownManager.add('flush traces', () => telemetry.shutdown());
  shutdownManager.add('close queues', () => Promise.all([queues.close(), shippingQueues.close()]));
  shutdownManager.add('close redis', () => Promise.all([workerConnection.quit(), producerConnection.quit(), shippingConnection.quit()]));
  shutdownManager.add('close database pool', () => db.destroy());

  const health = await startHealthServer(config.healthPort, {
    live: () => ({
      status: shutdownManager.isShuttingDown ? 'draining' : 'ok',
      service: definition.name,
      workers: definition.workers.map((spec, i) => ({ queue: spec.queue, running: workers[i]?.isRunning() ?? false })),
      logShipping: logShipper.stats(),
    }),
    ready: async () => {
      await pingDatabase(db);
      await producerConnection.ping();
      return { status: shutdownManager.isShuttingDown ? 'draining' : 'ok', service: definition.name };
    },
  });
  shutdownManager.add('close health server', () => health.close());
  shutdownManager.listen();

  logger.info(
    { service: definition.name, queues: definition.workers.map((w) => w.queue), healthPort: health.port, pid: process.pid },
    'service started',
  );
  return { context, workers, healthPort: health.port, logShipper, shutdown: () => shutdownManager.shutdown() };
}

function assertOneHandlerPerQueue(definition: ServiceDefinition): void {
  const seen = new Set<string>();
  for (const { queue } of definition.workers) {
    if (seen.has(queue)) throw new Error(`${definition.name}: two handlers registered for queue '${queue}'`);
    seen.add(queue);
  }
}

function loadConfigOrExit(env: NodeJS.ProcessEnv): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

async function warnUnlessNoEviction(redis: Parameters<typeof redisEvictionPolicy>[0], logger: ServiceContext['logger']) {
  const policy = await redisEvictionPolicy(redis);
  if (policy !== undefined && policy !== 'noeviction') {
    logger.warn(
      { maxmemoryPolicy: policy },
      "Redis maxmemory-policy is not 'noeviction': under memory pressure Redis may evict queued jobs",
    );
  }
}
