import { ConfigError, loadConfig, secretValues, type AppConfig } from '@mltrading/config';
import { createDb } from '@mltrading/db';
import { createLogger } from '@mltrading/logging';
import { createQueueClient, createRedisConnection, createWorker, redisEvictionPolicy } from '@mltrading/queues';
import type { Worker } from 'bullmq';
import { sql } from 'kysely';
import { startHealthServer } from './health-server.ts';
import type { ServiceContext, ServiceDefinition } from './service-definition.ts';
import { ShutdownManager } from './shutdown-manager.ts';

export interface RunningService {
  readonly context: ServiceContext;
  readonly workers: readonly Worker[];
  readonly healthPort: number;
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
  const logger = createLogger({
    name: definition.name,
    level: config.logLevel,
    pretty: config.logPretty,
    secrets: secretValues(config),
  });

  const db = createDb(config.databaseUrl, { poolSize: config.databasePoolSize });
  const workerConnection = createRedisConnection(config.redisUrl, 'worker');
  const producerConnection = createRedisConnection(config.redisUrl, 'producer');
  workerConnection.on('error', (err) => logger.warn({ err }, 'redis connection error (worker)'));
  producerConnection.on('error', (err) => logger.warn({ err }, 'redis connection error (producer)'));
  const queues = createQueueClient({ connection: producerConnection, prefix: config.queuePrefix });
  const context: ServiceContext = { config, db, logger, queues, redis: producerConnection };

  await warnUnlessNoEviction(workerConnection, logger);

  const workers = definition.workers.map((spec) =>
    createWorker(spec.queue, (payload, job) => spec.handler(payload, job, context), {
      connection: workerConnection,
      prefix: config.queuePrefix,
      concurrency: spec.concurrency ?? config.workerConcurrency,
      logger,
      ...spec.workerOptions,
    }),
  );

  await definition.onStart?.(context);

  const shutdownManager = new ShutdownManager(logger, config.shutdownTimeoutMs);
  // Order matters: stop taking jobs and let the running ones finish, then close what they used.
  shutdownManager.add('drain workers', () => Promise.all(workers.map((worker) => worker.close())));
  shutdownManager.add('close queues', () => queues.close());
  shutdownManager.add('close redis', () => Promise.all([workerConnection.quit(), producerConnection.quit()]));
  shutdownManager.add('close database pool', () => db.destroy());

  const health = await startHealthServer(config.healthPort, {
    live: () => ({
      status: shutdownManager.isShuttingDown ? 'draining' : 'ok',
      service: definition.name,
      workers: definition.workers.map((spec, i) => ({ queue: spec.queue, running: workers[i]?.isRunning() ?? false })),
    }),
    ready: async () => {
      await sql`select 1`.execute(db);
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
  return { context, workers, healthPort: health.port, shutdown: () => shutdownManager.shutdown() };
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
