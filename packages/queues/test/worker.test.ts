import { Writable } from 'node:stream';
import { Queue, type Job, type Worker } from 'bullmq';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createLogger, currentCorrelation, currentCorrelationId } from '@mltrading/logging';
import {
  InvalidPayloadError,
  QUEUE_NAMES,
  createQueueClient,
  createWorker,
  type PayloadOf,
} from '../src/index.ts';
import { redisFixture } from './redis-fixture.ts';

const fixture = redisFixture();
const client = createQueueClient({ connection: fixture.producer, prefix: fixture.prefix });
const workers: Worker[] = [];

function captureLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString().split('\n').filter((line) => line !== ''));
      callback();
    },
  });
  return { logger: createLogger({ name: 'worker-test', destination: stream }), lines };
}

function waitFor<T>(worker: Worker, event: 'completed' | 'failed', timeoutMs = 5_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} event within ${timeoutMs} ms`)), timeoutMs);
    worker.once(event, (job: unknown) => {
      clearTimeout(timer);
      resolve(job as T);
    });
  });
}

function track<W extends Worker>(worker: W): W {
  workers.push(worker as unknown as Worker);
  return worker;
}

afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.close()));
  // Successor jobs left by one test must not be picked up by the next test's worker.
  await Promise.all(QUEUE_NAMES.map((name) => client.queue(name).obliterate({ force: true })));
});

afterAll(async () => {
  await client.close();
  await fixture.teardown();
});

describe('createWorker', () => {
  it('fails a job with invalid data exactly once, with the reason, and never retries it', async () => {
    const raw = new Queue('ingest', { connection: fixture.producer, prefix: fixture.prefix });
    const { logger, lines } = captureLogger();
    const seenByHook: InvalidPayloadError[] = [];
    let handled = 0;
    try {
      const job = await raw.add(
        'ingest',
        { symbols: ['AAPL; DROP TABLE'], interval: 'weekly', correlationId: 'bad-flow-1' },
        { attempts: 3, backoff: { type: 'fixed', delay: 10 } },
      );
      const worker = track(
        createWorker(
          'ingest',
          async () => {
            handled += 1;
          },
          {
            connection: fixture.worker,
            prefix: fixture.prefix,
            logger,
            onInvalidPayload: (error) => {
              seenByHook.push(error);
            },
          },
        ),
      );
      const failed = await waitFor<Job>(worker, 'failed');
      expect(failed.id).toBe(job.id);

      // Give BullMQ time to retry if it were going to (backoff is 10 ms).
      await new Promise((resolve) => setTimeout(resolve, 300));
      const stored = await raw.getJob(job.id!);
      expect(await stored?.getState()).toBe('failed');
      expect(stored?.attemptsMade).toBe(1);
      expect(stored?.failedReason).toMatch(/Invalid payload for queue "ingest"/);
      expect(stored?.failedReason).toMatch(/symbols\.0: "AAPL; DROP TABLE" is not a valid symbol/);
      expect(stored?.failedReason).toMatch(/interval: "weekly" is not a supported interval/);
      expect(handled).toBe(0);
      expect(seenByHook).toHaveLength(1);
      expect(seenByHook[0]?.issues.map((issue) => issue.path)).toEqual(['symbols.0', 'interval']);

      const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((r) => r.msg === 'invalid job payload: failing without retry');
      expect(logged?.correlationId).toBe('bad-flow-1');
      expect(logged?.queue).toBe('ingest');
    } finally {
      await raw.close();
    }
  });

  it('runs a valid job inside its correlation context with the parsed payload', async () => {
    const seen: Array<{ payload: PayloadOf<'features'>; correlationId: string | undefined; traceparent: string | undefined }> = [];
    const worker = track(
      createWorker(
        'features',
        async (payload) => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          seen.push({ payload, correlationId: currentCorrelationId(), traceparent: currentCorrelation()?.traceContext?.traceparent });
          return 'done';
        },
        { connection: fixture.worker, prefix: fixture.prefix, concurrency: 2 },
      ),
    );
    const completed = waitFor<Job>(worker, 'completed');
    const result = await client.enqueue('features', {
      symbol: 'msft',
      interval: '1h',
      source: 'synthetic',
      start: '2024-03-01T00:00:00Z',
      end: '2024-03-02T00:00:00Z',
      correlationId: 'flow-features-1',
      traceContext: { traceparent: '00-trace-span-01' },
    });
    const job = await completed;
    expect(job.id).toBe(result.jobId);
    expect(job.returnvalue).toBe('done');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.correlationId).toBe('flow-features-1');
    expect(seen[0]?.traceparent).toBe('00-trace-span-01');
    expect(seen[0]?.payload.symbol).toBe('MSFT');
  });

  it('gives a job created without a correlation id (a job scheduler run) one derived from its job id, stable across retries', async () => {
    const seen: Array<string | undefined> = [];
    const worker = track(
      createWorker(
        'features',
        async () => {
          seen.push(currentCorrelationId());
          if (seen.length === 1) throw new Error('first attempt fails');
          return 'done';
        },
        { connection: fixture.worker, prefix: fixture.prefix },
      ),
    );
    const completed = waitFor<Job>(worker, 'completed');
    // Added as a job scheduler adds it: straight to BullMQ, without a correlation id.
    const job = await client.queue('features').add(
      'features',
      { symbol: 'IBM', interval: '1h', source: 'synthetic', start: '2024-03-01T00:00:00Z', end: '2024-03-02T00:00:00Z' } as PayloadOf<'features'>,
      { jobId: 'repeat-like-7', attempts: 2, backoff: { type: 'fixed', delay: 10 } },
    );
    await completed;
    expect(seen).toEqual([`job-${job.id}`, `job-${job.id}`]);
  });

  it('lets successors enqueued from a handler inherit the correlation id', async () => {
    const worker = track(
      createWorker(
        'predict',
        async (payload) => {
          await client.enqueue('execute', { predictionIds: [`pred-${payload.symbol}`] });
        },
        { connection: fixture.worker, prefix: fixture.prefix },
      ),
    );
    const completed = waitFor<Job>(worker, 'completed');
    const origin = await client.enqueue('predict', {
      symbol: 'NVDA',
      interval: '1d',
      source: 'yahoo',
      timestamps: ['2024-05-01T00:00:00Z'],
    });
    await completed;
    const [successor] = await client.queue('execute').getWaiting();
    expect(successor?.data.predictionIds).toEqual(['pred-NVDA']);
    expect(successor?.data.correlationId).toBe(origin.correlationId);
  });

  it('retries a handler failure per the contract (errors are not swallowed)', async () => {
    let calls = 0;
    const worker = track(
      createWorker(
        'execute',
        async () => {
          calls += 1;
          if (calls === 1) throw new Error('broker timeout');
          return 'filled';
        },
        { connection: fixture.worker, prefix: fixture.prefix },
      ),
    );
    const completed = waitFor<Job>(worker, 'completed', 10_000);
    const result = await client.enqueue('execute', { predictionIds: ['retry-me'] }, { backoff: { type: 'fixed', delay: 50 } });
    const job = await completed;
    expect(job.id).toBe(result.jobId);
    expect(calls).toBe(2);
    expect(job.attemptsMade).toBe(2);
  });

  it('applies stall defaults and lets callers override them', () => {
    const defaults = track(createWorker('logs', async () => undefined, { connection: fixture.worker, prefix: fixture.prefix, autorun: false }));
    expect(defaults.opts.stalledInterval).toBe(15_000);
    expect(defaults.opts.maxStalledCount).toBe(2);
    const custom = track(
      createWorker('logs', async () => undefined, {
        connection: fixture.worker,
        prefix: fixture.prefix,
        autorun: false,
        stalledInterval: 5_000,
        maxStalledCount: 0,
      }),
    );
    expect(custom.opts.stalledInterval).toBe(5_000);
    expect(custom.opts.maxStalledCount).toBe(0);
  });
});
