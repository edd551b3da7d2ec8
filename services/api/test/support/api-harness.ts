import { loadApiConfig, loadConfig } from '@mltrading/config';
import { createTestDatabase, type TestDatabase } from '@mltrading/db/testing';
import { createLogger } from '@mltrading/logging';
import { createApiKey } from '@mltrading/operations';
import { createQueueClient, createRedisConnection, type QueueClient } from '@mltrading/queues';
import { obliteratePrefix, uniquePrefix } from '@mltrading/queues/testing';
import { LogShipper, queueLogTransport } from '@mltrading/service-kit';
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../src/index.ts';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface ApiHarness {
  url: string;
  database: TestDatabase;
  prefix: string;
  queues: QueueClient;
  app: FastifyInstance;
  /** Every query the API built against PostgreSQL, as Kysely's operation tree (identifiers and values). */
  queries: string[];
  keys: { read: string; enqueue: string; admin: string };
  /** fetch with a key (or none). */
  call(path: string, init?: RequestInit & { key?: string | null }): Promise<Response>;
  close(): Promise<void>;
}

/**
 * The API as the service runs it (the same buildApp, real PostgreSQL and Redis, the service kit's
 * log shipper onto the `logs` queue), listening on a free port of 127.0.0.1, with one key per role.
 * Its database pool reports every query it builds, so a test can show that some input reached none.
 */
export async function startApiHarness(env: Record<string, string> = {}): Promise<ApiHarness> {
  const database = await createTestDatabase();
  const prefix = uniquePrefix();
  const queries: string[] = [];
  const db = database.db.withPlugin({
    transformQuery: ({ node }) => {
      queries.push(JSON.stringify(node));
      return node;
    },
    transformResult: async ({ result }) => result,
  });
  const redis = createRedisConnection(redisUrl, 'producer');
  const queues = createQueueClient({ connection: redis, prefix });
  const logger = createLogger({ name: 'api', level: 'warn' });
  const shipper = new LogShipper({ transport: queueLogTransport(queues), component: 'api', flushIntervalMs: 100 });
  shipper.start();
  const config = loadConfig({ DATABASE_URL: database.url, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, EXECUTION_BAR_SOURCE: 'synthetic' });
  const api = loadApiConfig({ API_PORT: '0', API_HOST: '127.0.0.1', ...env });
  const app = await buildApp({ service: { config, db, logger, queues, redis, logRecords: { push: (record) => shipper.pushRecord(record) } }, api });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const keys = {
    read: (await createApiKey(database.db, { name: 'reader', role: 'read' })).key,
    enqueue: (await createApiKey(database.db, { name: 'upstream', role: 'enqueue' })).key,
    admin: (await createApiKey(database.db, { name: 'operator', role: 'admin' })).key,
  };
  return {
    url,
    database,
    prefix,
    queues,
    app,
    queries,
    keys,
    call(path, init = {}) {
      const { key, headers, ...rest } = init;
      const auth: Record<string, string> = key === null || key === undefined ? {} : { authorization: `Bearer ${key}` };
      const body: Record<string, string> = typeof rest.body === 'string' ? { 'content-type': 'application/json' } : {};
      return fetch(`${url}${path}`, { ...rest, headers: { ...auth, ...body, ...(headers as Record<string, string> | undefined) } });
    },
    async close() {
      await app.close();
      await shipper.stop(5_000);
      await queues.close();
      await obliteratePrefix(redis, prefix);
      await redis.quit();
      await database.drop();
    },
  };
}

/** Polls `probe` until it returns a value other than undefined, or fails naming `what` after the deadline. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, deadlineMs = 30_000): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
