import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runWithCorrelation } from '@mltrading/logging';
import { InvalidPayloadError, QUEUE_NAMES, createQueueClient, type PayloadInput, type QueueClient } from '../src/index.ts';
import { redisFixture } from './redis-fixture.ts';

const fixture = redisFixture();
const client: QueueClient = createQueueClient({ connection: fixture.producer, prefix: fixture.prefix });

afterEach(async () => {
  // Empty every queue between tests so counts start at zero.
  await Promise.all(QUEUE_NAMES.map((name) => client.queue(name).obliterate({ force: true })));
});

afterAll(async () => {
  await client.close();
  await fixture.teardown();
});

async function totalJobs(): Promise<number> {
  const counts = await Promise.all(
    QUEUE_NAMES.map((name) => client.queue(name).getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed')),
  );
  return counts.flatMap((count) => Object.values(count)).reduce((sum, n) => sum + n, 0);
}

describe('createQueueClient.enqueue', () => {
  it('adds a validated job with the contract id and default options', async () => {
    const result = await client.enqueue('features', {
      symbol: 'aapl',
      interval: '1d',
      source: 'yahoo',
      start: '2024-01-02T00:00:00Z',
      end: '2024-02-02T00:00:00Z',
    });
    expect(result.queue).toBe('features');
    expect(result.jobId).toBe('features-yahoo-1d-AAPL-20240102T000000Z-20240202T000000Z');

    const job = await client.queue('features').getJob(result.jobId);
    expect(job?.data.symbol).toBe('AAPL');
    expect(job?.data.correlationId).toBe(result.correlationId);
    expect(job?.opts.attempts).toBe(5);
    expect(job?.opts.backoff).toEqual({ type: 'exponential', delay: 2000 });
    expect(job?.opts.removeOnComplete).toEqual({ age: 3600, count: 10000 });
  });

  it('refuses an invalid payload with a readable reason and adds nothing', async () => {
    const attempt = client.enqueue('ingest', { symbols: ['AAPL; DROP TABLE'], interval: '2h' as '1h' });
    await expect(attempt).rejects.toBeInstanceOf(InvalidPayloadError);
    await expect(attempt).rejects.toThrow(
      /Invalid payload for queue "ingest": symbols\.0: "AAPL; DROP TABLE" is not a valid symbol.*; interval: "2h" is not a supported interval/,
    );
    expect(await totalJobs()).toBe(0);
  });

  it('refuses inherited property names as queues and non-object payloads, with a clear reason', async () => {
    for (const name of ['__proto__', 'toString', 'constructor', 'hasOwnProperty']) {
      await expect(client.enqueue(name as 'ingest', { symbols: ['AAPL'] }), name).rejects.toThrow(`Unknown queue "${name}" (known: ingest,`);
      expect(() => client.queue(name as 'ingest'), name).toThrow(`Unknown queue "${name}"`);
    }
    await expect(client.enqueue('ingest', null as never)).rejects.toThrow('Invalid payload for queue "ingest": must be a JSON object, got null');
    await expect(client.enqueue('ingest', [] as never)).rejects.toThrow('must be a JSON object, got an array');
    await expect(client.enqueueBulk('execute', [{ predictionIds: ['p1'] }, null as never])).rejects.toThrow(
      'Invalid payload for queue "execute" (item 1): must be a JSON object, got null',
    );
    expect(await totalJobs()).toBe(0);
  });

  it('enqueueBulk adds nothing when one input is invalid', async () => {
    const attempt = client.enqueueBulk('execute', [{ predictionIds: ['p1'] }, { predictionIds: [] }]);
    await expect(attempt).rejects.toThrow(/\(item 1\): predictionIds: must contain at least one prediction id/);
    expect(await totalJobs()).toBe(0);

    const results = await client.enqueueBulk('execute', [{ predictionIds: ['p1'] }, { predictionIds: ['p2', 'p3'] }]);
    expect(results.map((r) => r.jobId)).toHaveLength(2);
    expect(await client.queue('execute').getWaitingCount()).toBe(2);
  });

  it('deduplicates: the same payload enqueued twice yields one job', async () => {
    const input: PayloadInput<'ingest'> = { symbols: ['MSFT', 'AAPL'], source: 'synthetic', start: '2024-01-01T00:00:00Z', end: '2024-01-31T00:00:00Z' };
    const first = await client.enqueue('ingest', input);
    const second = await client.enqueue('ingest', { ...input, symbols: ['aapl', 'msft'] });
    expect(second.jobId).toBe(first.jobId);
    expect(await client.queue('ingest').getWaitingCount()).toBe(1);
  });

  it('gives log batches distinct BullMQ ids', async () => {
    const batch: PayloadInput<'logs'> = { records: [{ kind: 'system', timestamp: '2024-01-01T00:00:00Z', level: 'INFO', loggerName: 'x', message: 'm' }] };
    const a = await client.enqueue('logs', batch);
    const b = await client.enqueue('logs', batch);
    expect(a.jobId).not.toBe(b.jobId);
    expect(await client.queue('logs').getWaitingCount()).toBe(2);
  });

  it('refuses a caller-supplied job id BullMQ would reject', async () => {
    await expect(client.enqueue('execute', { predictionIds: ['p'] }, { jobId: 'a:b' })).rejects.toThrow(/must not contain ":"/);
    await expect(client.enqueue('execute', { predictionIds: ['p'] }, { jobId: '123' })).rejects.toThrow(/must not be an integer/);
    expect(await totalJobs()).toBe(0);
  });
});

describe('correlation ids', () => {
  it('are generated when absent', async () => {
    const result = await client.enqueue('execute', { predictionIds: ['gen'] });
    expect(result.correlationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('are kept when given', async () => {
    const result = await client.enqueue('execute', { predictionIds: ['kept'], correlationId: 'upstream-req-77' });
    expect(result.correlationId).toBe('upstream-req-77');
    expect((await client.queue('execute').getJob(result.jobId))?.data.correlationId).toBe('upstream-req-77');
  });

  it('are inherited inside runWithCorrelation, with its trace context', async () => {
    const result = await runWithCorrelation({ correlationId: 'flow-1', traceContext: { traceparent: '00-aa-bb-01' } }, () =>
      client.enqueue('execute', { predictionIds: ['inherited'] }),
    );
    expect(result.correlationId).toBe('flow-1');
    const job = await client.queue('execute').getJob(result.jobId);
    expect(job?.data.traceContext).toEqual({ traceparent: '00-aa-bb-01' });
  });

  it('take trace context from the getTraceContext hook', async () => {
    const traced = createQueueClient({
      connection: fixture.producer,
      prefix: fixture.prefix,
      getTraceContext: () => ({ traceparent: '00-hook-span-01' }),
    });
    try {
      const result = await traced.enqueue('execute', { predictionIds: ['hooked'] });
      expect((await traced.queue('execute').getJob(result.jobId))?.data.traceContext).toEqual({ traceparent: '00-hook-span-01' });
    } finally {
      await traced.close();
    }
  });
});

