import { createLogger } from '@mltrading/logging';
import { createQueueClient, createRedisConnection, logsPayloadSchema, type LogRecordInput, type QueueClient } from '@mltrading/queues';
import { obliteratePrefix, uniquePrefix } from '@mltrading/queues/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogShipper, queueLogTransport } from '../src/index.ts';
import { TcpProxy } from './support/tcp-proxy.ts';

const redisUrl = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = uniquePrefix();
let admin: Redis;
let inspect: QueueClient;

beforeAll(() => {
  admin = createRedisConnection(redisUrl.toString(), 'producer');
  inspect = createQueueClient({ connection: admin, prefix });
});

afterAll(async () => {
  await inspect.close();
  await obliteratePrefix(admin, prefix);
  await admin.quit();
});

async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('condition not met in time');
}

/** Every record of every job on the logs queue, in batch order. */
async function queuedRecords(): Promise<LogRecordInput[]> {
  const jobs = await inspect.queue('logs').getJobs(['waiting', 'active', 'completed', 'failed', 'delayed'], 0, -1, true);
  jobs.sort((a, b) => Number(a.id!.split('-').pop()) - Number(b.id!.split('-').pop()));
  return jobs.flatMap((job) => job.data.records as LogRecordInput[]);
}

function silent() {
  return createLogger({ name: 'diagnostics', level: 'fatal' });
}

describe('log shipping', () => {
  it('keeps logging without blocking while Redis is unreachable, delivers the buffer when it returns, and counts drops exactly', async () => {
    const proxy = new TcpProxy(redisUrl.hostname, Number(redisUrl.port || 6379));
    await proxy.start();
    const connection = createRedisConnection(`redis://127.0.0.1:${proxy.port}`, 'producer');
    connection.on('error', () => {});
    const queues = createQueueClient({ connection, prefix });
    const shipper = new LogShipper({
      transport: queueLogTransport(queues),
      component: 'outage-test',
      capacity: 100,
      batchSize: 50,
      flushIntervalMs: 100,
      maxRetryDelayMs: 300,
      sendTimeoutMs: 2_000,
      diagnostics: silent(),
    });
    const sink: string[] = [];
    const logger = createLogger({ name: 'outage-test', destination: { write: (line: string) => void sink.push(line) }, tap: shipper.pushLine });
    shipper.start();
    let seq = 0;
    const log = (n: number) => {
      for (let i = 0; i < n; i++) logger.info({ seq: seq++ }, 'tick');
    };

    log(10);
    await waitFor(async () => ((await queuedRecords()).length === 10 ? true : undefined));

    await proxy.stop();
    // While Redis is gone: 30 records, which become the batch being retried…
    log(30);
    await waitFor(() => (shipper.stats().state === 'retrying' ? true : undefined));
    expect(shipper.stats().buffered).toBe(30);
    // …then 250 more into a buffer of 100: the oldest 150 of them are dropped. Logging never waits
    // for Redis: log() is synchronous, and every line is already written when it returns (no clock
    // is asserted; a busy machine would make any bound flaky).
    log(250);
    expect(sink).toHaveLength(290); // stdout (here: the destination) got every line
    expect(shipper.stats()).toMatchObject({ buffered: 130, dropped: 150, state: 'retrying' });

    await proxy.start();
    await waitFor(() => (shipper.stats().buffered === 0 ? true : undefined));
    const stats = await shipper.stop(5_000);
    expect(stats).toMatchObject({ buffered: 0, dropped: 150, shipped: 10 + 30 + 100 + 1 });

    const records = await queuedRecords();
    const notices = records.filter((r) => r.kind === 'system' && r.level === 'WARNING');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.metadata).toMatchObject({ droppedRecords: 150, droppedTotal: 150, bufferCapacity: 100 });
    const delivered = records.filter((r) => r.kind === 'system' && r.message === 'tick').map((r) => (r.metadata as { seq: number }).seq);
    // Oldest dropped: 0-39 arrived, 40-189 were dropped, the newest 100 (190-289) arrived, in order.
    expect(delivered).toEqual([...Array.from({ length: 40 }, (_, i) => i), ...Array.from({ length: 100 }, (_, i) => 190 + i)]);
    expect(delivered.length + 150).toBe(seq);

    await queues.close();
    await connection.quit();
    await proxy.stop();
  });

  it('a send whose reply was lost is retried under the same batch id and lands once', async () => {
    const connection = createRedisConnection(redisUrl.toString(), 'producer');
    const queues = createQueueClient({ connection, prefix });
    const real = queueLogTransport(queues);
    const ids: string[] = [];
    let first = true;
    const shipper = new LogShipper({
      component: 'dedupe-test',
      flushIntervalMs: 50,
      maxRetryDelayMs: 100,
      diagnostics: silent(),
      transport: {
        async send(batchId, records) {
          ids.push(batchId);
          await real.send(batchId, records);
          // The add reached Redis, but the caller sees a failure (e.g. a timeout on the reply).
          if (first) {
            first = false;
            throw new Error('reply lost');
          }
        },
      },
    });
    shipper.start();
    shipper.pushRecord({ kind: 'trading_event', timestamp: new Date().toISOString(), eventType: 'signal_generated', symbol: 'AAPL', correlationId: 'dedupe-1' });
    await waitFor(() => (shipper.stats().shipped === 1 ? true : undefined));
    await shipper.stop();
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
    const job = await inspect.queue('logs').getJob(ids[0]!);
    expect(job?.data.records).toHaveLength(1);
    expect(job?.data.correlationId).toBe(ids[0]);
    await queues.close();
    await connection.quit();
  });

  it('scrubs secrets from records pushed as objects before they are queued', async () => {
    const sent: LogRecordInput[][] = [];
    const shipper = new LogShipper({
      component: 'scrub-test',
      secrets: ['PK-live-0123456789'],
      diagnostics: silent(),
      transport: { send: async (_id, records) => void sent.push(records) },
    });
    shipper.pushRecord({
      kind: 'error',
      timestamp: new Date().toISOString(),
      errorType: 'Error',
      errorMessage: 'broker refused PK-live-0123456789 at https://u:hunter22@broker/x?token=abc123',
      metadata: { apiKey: 'whatever', nested: { note: 'PK-live-0123456789' } },
    });
    expect(await shipper.flush()).toBe(true);
    const text = JSON.stringify(sent);
    expect(text).not.toContain('PK-live-0123456789');
    expect(text).not.toContain('hunter22');
    expect(text).not.toContain('abc123');
    expect(text).not.toContain('whatever');
  });

  it('replaces a record that breaks the logs contract by a WARNING record, so the rest of its batch still lands', async () => {
    const connection = createRedisConnection(redisUrl.toString(), 'producer');
    const queues = createQueueClient({ connection, prefix });
    const shipper = new LogShipper({ component: 'refuse-test', diagnostics: silent(), transport: queueLogTransport(queues) });
    const at = new Date().toISOString();
    shipper.pushRecord({ kind: 'trading_event', timestamp: at, eventType: 'order_placed', symbol: 'AAPL', correlationId: 'refuse-1' });
    // A price the contract refuses (not finite) and an address the INET column would refuse.
    expect(() => shipper.pushRecord({ kind: 'trading_event', timestamp: at, eventType: 'order_filled', price: Number.POSITIVE_INFINITY, correlationId: 'refuse-1' })).not.toThrow();
    shipper.pushRecord({ kind: 'user_action', timestamp: at, actionType: 'login', ipAddress: 'not-an-ip', correlationId: 'refuse-1' });
    expect(await shipper.flush()).toBe(true);
    expect(shipper.stats()).toMatchObject({ refused: 2, shipped: 3, dropped: 0 });

    const [job] = await inspect.queue('logs').getJobs(['waiting'], 0, -1, true).then((jobs) => jobs.filter((j) => j.id!.startsWith('logs-refuse-test-')));
    // The batch is one the sink accepts, with the good record intact and each bad one explained.
    const payload = logsPayloadSchema.parse(job!.data);
    expect(payload.records.map((r) => r.kind)).toEqual(['trading_event', 'system', 'system']);
    const [, price, address] = payload.records;
    expect(price).toMatchObject({ level: 'WARNING', correlationId: 'refuse-1', module: 'log-shipper', metadata: { refusedRecord: { eventType: 'order_filled' } } });
    expect(price!.kind === 'system' && price!.message).toContain('price');
    expect(address!.kind === 'system' && address!.message).toContain('ipAddress');
    await queues.close();
    await connection.quit();
  });
});
