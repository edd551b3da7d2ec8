import { createRedisConnection } from '@mltrading/queues';
import { obliteratePrefix, uniquePrefix } from '@mltrading/queues/testing';
import { Queue } from 'bullmq';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { startScheduledQueue, type ScheduledQueue } from '../src/index.ts';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = uniquePrefix();
const admin = createRedisConnection(redisUrl, 'producer');
const context = { config: { redisUrl, queuePrefix: prefix }, logger: pino({ level: 'silent' }) };

afterAll(async () => {
  await obliteratePrefix(admin, prefix);
  await admin.quit();
});

describe('startScheduledQueue', () => {
  it('keeps one schedule for any number of replicas, runs each job once, and stops cleanly', async () => {
    const runs: { replica: number; jobId: string | undefined; data: unknown }[] = [];
    const start = (replica: number) =>
      startScheduledQueue<{ reason: string }>(context, {
        queueName: 'test-maintenance',
        schedulerId: 'test-every-200ms',
        everyMs: 200,
        jobName: 'tick',
        data: { reason: 'schedule' },
        async process(job) {
          runs.push({ replica, jobId: job.id, data: job.data });
          return { replica };
        },
      });
    const replicas: ScheduledQueue[] = [await start(1), await start(2)];
    const queue = new Queue('test-maintenance', { connection: admin, prefix });
    try {
      expect((await queue.getJobSchedulers()).map((s) => s.key)).toEqual(['test-every-200ms']);
      // The first run is due at once (BullMQ's `every`), the next ones every 200 ms.
      await expect.poll(() => runs.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(4);
      expect(runs[0]!.data).toEqual({ reason: 'schedule' });
      // Each scheduled job ran on one replica only.
      expect(new Set(runs.map((r) => r.jobId)).size).toBe(runs.length);
    } finally {
      for (const replica of replicas) await replica.stop();
    }
    const stoppedAt = runs.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(runs.length).toBe(stoppedAt);
    expect(replicas.every((r) => r.worker.isRunning() === false)).toBe(true);
    await queue.close();
  });
});
