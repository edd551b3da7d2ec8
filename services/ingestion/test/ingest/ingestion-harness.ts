// Runs the real ingestion service (in this process, or as its own process) against a throw-away
// database and Redis prefix, and offers the waits the job tests need.
import { fileURLToPath } from 'node:url';
import { loadIngestionConfig } from '@mltrading/config';
import { createTestDatabase, type TestDatabase } from '@mltrading/db/testing';
import { createQueueClient, createRedisConnection, type QueueClient, type QueueName } from '@mltrading/queues';
import { obliteratePrefix, uniquePrefix } from '@mltrading/queues/testing';
import { runService, spawnService, type RunningService, type ServiceProcess } from '@mltrading/service-kit';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { universeIngestSchedule } from '../../src/ingest/schedule-universe-ingest.ts';
import { workers } from '../../src/workers.ts';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const mainFile = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

export interface IngestionHarness {
  readonly database: TestDatabase;
  readonly prefix: string;
  readonly client: QueueClient;
  readonly redis: Redis;
  env(extra?: Record<string, string>): Record<string, string>;
  /** The service in this process (fast); stopped by `teardown`. */
  start(extra?: Record<string, string>): Promise<RunningService>;
  /** The service as its own process, its log lines collected in `lines`. */
  spawn(extra?: Record<string, string>): Promise<{ service: ServiceProcess; lines: string[] }>;
  waitForJob(queue: QueueName, jobId: string, states: string[], timeoutMs?: number): Promise<Job>;
  teardown(): Promise<void>;
}

export async function ingestionHarness(): Promise<IngestionHarness> {
  const database = await createTestDatabase();
  const prefix = uniquePrefix();
  const redis = createRedisConnection(redisUrl, 'worker');
  const client = createQueueClient({ connection: redis, prefix });
  const running: RunningService[] = [];
  const spawned: ServiceProcess[] = [];

  const env = (extra: Record<string, string> = {}) => ({
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    HEALTH_PORT: '0',
    LOG_LEVEL: 'fatal',
    DATABASE_POOL_SIZE: '4',
    ...extra,
  });

  return {
    database,
    prefix,
    client,
    redis,
    env,
    async start(extra) {
      const service = await runService({ name: 'ingestion', config: loadIngestionConfig, workers, tasks: [universeIngestSchedule] }, { ...process.env, ...env(extra) });
      running.push(service);
      return service;
    },
    async spawn(extra) {
      const lines: string[] = [];
      const service = await spawnService(mainFile, env({ LOG_LEVEL: 'info', ...extra }), (line) => lines.push(line));
      spawned.push(service);
      return { service, lines };
    },
    async waitForJob(queue, jobId, states, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      let last = 'missing';
      while (Date.now() < until) {
        const job = await client.queue(queue).getJob(jobId);
        if (job) {
          last = await job.getState();
          // Read the job again: the snapshot above may predate the state just seen (a job that
          // completed in between would come back without its returnvalue).
          if (states.includes(last)) return (await client.queue(queue).getJob(jobId)) ?? job;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`job ${jobId} on ${queue} did not reach ${states.join('/')} (last state: ${last})`);
    },
    async teardown() {
      await Promise.all(spawned.map((service) => service.stop()));
      await Promise.all(running.map((service) => service.shutdown()));
      await client.close();
      await obliteratePrefix(redis, prefix);
      await redis.quit();
      await database.drop();
    },
  };
}
