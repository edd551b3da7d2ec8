import { createTestDatabase, type TestDatabase } from '@mltrading/db/testing';
import { createApiKey } from '@mltrading/operations';
import { createRedisConnection } from '@mltrading/queues';
import { obliteratePrefix, uniquePrefix } from '@mltrading/queues/testing';
import { spawnService, type ServiceProcess } from '@mltrading/service-kit';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = uniquePrefix();
let database: TestDatabase;
let service: ServiceProcess | undefined;
let apiPort = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  service = await spawnService(
    main,
    { DATABASE_URL: database.url, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, HEALTH_PORT: '0', API_PORT: '0', API_HOST: '127.0.0.1', LOG_LEVEL: 'info', SERVICE_NAME: 'api' },
    (line) => {
      if (line.includes('"api listening"')) apiPort = JSON.parse(line).apiPort;
    },
    60_000,
  );
});
afterAll(async () => {
  await service?.stop();
  const redis = createRedisConnection(redisUrl, 'worker');
  await obliteratePrefix(redis, prefix);
  await redis.quit();
  await database?.drop();
});

describe('the api service process', () => {
  it('starts like every service: health on HEALTH_PORT, the API on API_PORT, metrics; SIGTERM ends it with code 0', async () => {
    expect(apiPort).toBeGreaterThan(0);
    const health = await fetch(`http://127.0.0.1:${service!.healthPort}/readyz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', service: 'api' });

    const { key } = await createApiKey(database.db, { name: 'process test', role: 'read' });
    const queues = await fetch(`http://127.0.0.1:${apiPort}/v1/queues`, { headers: { authorization: `Bearer ${key}` } });
    expect(queues.status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${apiPort}/metrics`)).text();
    expect(metrics).toMatch(/mlt_api_request_duration_seconds_count\{method="GET",route="\/v1\/queues",status="200"\} 1/);

    expect(await service!.stop()).toBe(0);
    await expect(fetch(`http://127.0.0.1:${apiPort}/metrics`)).rejects.toThrow();
  });
});
