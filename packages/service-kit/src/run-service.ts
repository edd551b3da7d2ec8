import { ConfigError, secretValues, type BaseConfig } from '@mltrading/config';
import { createDb, pingDatabase } from '@mltrading/db';
import { createLogger, currentCorrelationId } from '@mltrading/logging';
import { trace } from '@opentelemetry/api';
import { createQueueClient, createRedisConnection, createWorker, redisEvictionPolicy, type LogRecordInput, type QueueName } from '@mltrading/queues';
import { DelayedError, type Job, type Worker } from 'bullmq';
import { isDependencyOutage, outageDelay } from './dependency-outage.ts';
import { startHealthServer, type HealthReport } from './health-server.ts';
import { instrumentJob, invalidPayloadPerformanceRecord, invalidPayloadRecord } from './logging/job-instrumentation.ts';
import { LogShipper } from './logging/log-shipper.ts';
import { queueLogTransport, type LogTransport } from './logging/log-transport.ts';
import type { ServiceContext, ServiceDefinition } from './service-definition.ts';
import { ShutdownManager } from './shutdown-manager.ts';
import { startTelemetry } from './telemetry/start-telemetry.ts';
import { waitForDependencies, within, type Dependency, type DependencyCheck } from './wait-for-dependencies.ts';

export interface RunningService<C extends BaseConfig = BaseConfig> {
  readonly context: ServiceContext<C>;
  readonly workers: readonly Worker[];
  readonly healthPort: number;
  readonly logShipper: LogShipper;
  /** Drains in-flight jobs (within SHUTDOWN_TIMEOUT_MS), then closes Redis and the pool. */
  shutdown(): Promise<number>;
}

/**
 * The one start-up sequence of every service: config → health and shutdown on SIGTERM/SIGINT →
 * wait until PostgreSQL and Redis answer (and Redis does not evict) → workers → tasks. `main.ts` of each service is a call to this with its definition.
 */
export async function runService<C extends BaseConfig>(definition: ServiceDefinition<C>, env: NodeJS.ProcessEnv = process.env): Promise<RunningService<C>> {
  assertOneHandlerPerQueue(definition);
  const config = loadConfigOrExit(definition.config, env);
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
    onBusyConnectionError: (err) => logger.warn({ err }, 'PostgreSQL connection lost under a query (the query fails, the job retries, the pool opens a new one)'),
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
  const context: ServiceContext<C> = { config, db, logger, queues, redis: producerConnection, logRecords };

  const transport: LogTransport = definition.logTransport?.(context) ?? queueLogTransport(shippingQueues);
  shipper = new LogShipper({ ...definition.logShipping, transport, component: definition.name, secrets, diagnostics });
  shipper.start();
  const logShipper = shipper;

  const workers: Worker[] = [];
  const tasks: { name: string; stop(): Promise<void> }[] = [];
  // Registered before anything waits, so SIGTERM during the start-up wait still shuts down in order
  // and within the deadline. Order matters: stop taking jobs and let the running ones finish, then
  // ship what they logged, then close what they used.
  const shutdownManager = new ShutdownManager(logger, config.shutdownTimeoutMs);
  shutdownManager.add('drain workers', () => Promise.all(workers.map((worker) => worker.close())));
  shutdownManager.add('stop tasks', () => stopAll(tasks));
  shutdownManager.add('flush logs', () => logShipper.stop(Math.max(1_000, Math.floor(config.shutdownTimeoutMs / 3))));
  shutdownManager.add('flush traces', () => telemetry.shutdown());
  shutdownManager.add('close queues', () => Promise.all([queues.close(), shippingQueues.close()]));
  shutdownManager.add('close redis', () => Promise.all([workerConnection.quit(), producerConnection.quit(), shippingConnection.quit()]));
  shutdownManager.add('close database pool', () => db.destroy());

  const dependencies: DependencyCheck[] = [
    { name: 'PostgreSQL', probe: () => within(pingDatabase(db), PROBE_TIMEOUT_MS, 'PostgreSQL') },
    { name: 'Redis', probe: () => within(producerConnection.ping(), PROBE_TIMEOUT_MS, 'Redis') },
  ];
  // Until the workers run, /healthz says the process is alive and /readyz what it waits for.
  let waitingFor: Dependency | undefined = 'PostgreSQL';
  let started = false;
  const health = await startHealthServer(config.healthPort, {
    live: () => ({
      status: shutdownManager.isShuttingDown ? 'draining' : 'ok',
      service: definition.name,
      phase: started ? 'running' : 'starting',
      ...(waitingFor === undefined ? {} : { waitingFor }),
      workers: definition.workers.map((spec, i) => ({ queue: spec.queue, running: workers[i]?.isRunning() ?? false })),
      logShipping: logShipper.stats(),
    }),
    ready: async () => {
      if (shutdownManager.isShuttingDown) return { status: 'draining', service: definition.name };
      if (!started) return { status: 'unavailable', service: definition.name, phase: 'starting', waitingFor: waitingFor ?? null };
      return dependencyReport(definition.name, dependencies);
    },
  });
  shutdownManager.add('close health server', () => health.close());
  shutdownManager.listen(undefined, definition.name);

  const ready = await waitForDependencies(dependencies, logger, {
    stopped: () => shutdownManager.isShuttingDown,
    onWaiting: (dependency) => (waitingFor = dependency),
    extra: { healthPort: health.port },
  });
  // A shutdown during the wait: its listener exits the process once the steps ran.
  if (!ready) return new Promise<never>(() => {});

  const refusal = await evictionRefusal(producerConnection, config.redisAllowEviction, logger);
  if (refusal !== undefined) {
    logger.fatal({ maxmemoryPolicy: refusal.policy }, refusal.message);
    await shutdownManager.shutdown();
    throw new Error(refusal.message);
  }

  for (const spec of definition.workers) {
    const instrumentation = { component: definition.name, queue: spec.queue as QueueName, secrets, record: logRecords.push };
    const handle = (payload: unknown, job: Job) => {
      // Lets a trace viewer find a flow by the id engineers already have.
      trace.getActiveSpan()?.setAttribute('mlt.correlation_id', currentCorrelationId() ?? '');
      // The contract validated the payload for spec.queue; the union of handlers cannot name that link.
      return instrumentJob(job, instrumentation, () => waitOutOutages(() => spec.handler(payload as never, job, context), job, logger));
    };
    workers.push(
      createWorker(spec.queue, handle, {
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
      }),
    );
  }

  for (const task of definition.tasks ?? []) {
    const running = await task.start(context);
    tasks.push({ name: task.name, stop: () => running.stop() });
  }
  started = true;

  logger.info(
    { service: definition.name, queues: definition.workers.map((w) => w.queue), healthPort: health.port, pid: process.pid },
    'service started',
  );
  return { context, workers, healthPort: health.port, logShipper, shutdown: () => shutdownManager.shutdown() };
}

/**
 * A job that failed because PostgreSQL or Redis did not answer goes back to the queue as delayed,
 * without spending an attempt (BullMQ's DelayedError protocol, as ingestion does for a 429): the
 * outage is not the job's fault, and however long it lasts the job runs again after it.
 */
async function waitOutOutages<R>(run: () => Promise<R>, job: Job, logger: ServiceContext['logger']): Promise<R> {
  try {
    return await run();
  } catch (error) {
    const token = job.token;
    if (token === undefined || !isDependencyOutage(error)) throw error;
    const delayMs = outageDelay();
    logger.warn(
      { jobId: job.id, attemptsMade: job.attemptsMade, delayMs, reason: error instanceof Error ? error.message : String(error) },
      'database or Redis unavailable: job delayed without spending an attempt',
    );
    // Should Redis be the one away, this waits on the worker connection's offline queue; if the
    // job's lock expires meanwhile, the stalled-job check hands it out again instead.
    await job.moveToDelayed(Date.now() + delayMs, token);
    throw new DelayedError();
  }
}

// A probe must not hang a readiness check (or the start-up wait) on a server that accepts
// connections but never answers.
const PROBE_TIMEOUT_MS = 3_000;

async function dependencyReport(service: string, dependencies: readonly DependencyCheck[]): Promise<HealthReport> {
  const outcomes = await Promise.allSettled(dependencies.map((dependency) => dependency.probe()));
  const report: Record<string, string> = {};
  outcomes.forEach((outcome, i) => {
    report[dependencies[i]!.name] = outcome.status === 'fulfilled' ? 'ok' : String((outcome.reason as Error)?.message ?? outcome.reason);
  });
  const ok = outcomes.every((outcome) => outcome.status === 'fulfilled');
  return { status: ok ? 'ok' : 'unavailable', service, dependencies: report };
}

async function stopAll(tasks: readonly { name: string; stop(): Promise<void> }[]): Promise<void> {
  const outcomes = await Promise.allSettled(tasks.map((task) => task.stop()));
  const failed = outcomes.findIndex((outcome) => outcome.status === 'rejected');
  if (failed >= 0) throw new Error(`task ${tasks[failed]!.name} failed to stop`, { cause: (outcomes[failed] as PromiseRejectedResult).reason });
}

function assertOneHandlerPerQueue<C extends BaseConfig>(definition: ServiceDefinition<C>): void {
  const seen = new Set<string>();
  for (const { queue } of definition.workers) {
    if (seen.has(queue)) throw new Error(`${definition.name}: two handlers registered for queue '${queue}'`);
    seen.add(queue);
  }
}

function loadConfigOrExit<C extends BaseConfig>(load: (env: NodeJS.ProcessEnv) => C, env: NodeJS.ProcessEnv): C {
  try {
    return load(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * BullMQ keeps jobs as Redis keys: a Redis that evicts keys under memory pressure loses queued and
 * running jobs without a trace (and volatile-* policies evict the job locks). Anything but
 * `noeviction` stops the start unless REDIS_ALLOW_EVICTION says otherwise.
 */
async function evictionRefusal(
  redis: Parameters<typeof redisEvictionPolicy>[0],
  allowed: boolean,
  logger: ServiceContext['logger'],
): Promise<{ policy: string; message: string } | undefined> {
  const policy = await redisEvictionPolicy(redis);
  if (policy === undefined) {
    logger.warn('could not read Redis maxmemory-policy (CONFIG and INFO refused): make sure it is noeviction');
    return undefined;
  }
  if (policy === 'noeviction') return undefined;
  const risk = `Redis maxmemory-policy is '${policy}', not 'noeviction': under memory pressure Redis would evict queued jobs (lost work)`;
  if (allowed) {
    logger.warn({ maxmemoryPolicy: policy }, `${risk}; starting anyway because REDIS_ALLOW_EVICTION is set`);
    return undefined;
  }
  return {
    policy,
    message: `refusing to start: ${risk}. Set 'maxmemory-policy noeviction' on the Redis server, or REDIS_ALLOW_EVICTION=true to start anyway`,
  };
}
