import { spawnService, type ServiceProcess } from '@mltrading/service-kit';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiHarness, waitFor, type ApiHarness } from './support/api-harness.ts';

// The pipeline's own processes around the API: ingestion takes the job the API enqueues, log-sink
// writes the API's user actions (and everyone's logs) from the logs queue.
const serviceMain = (name: string) => fileURLToPath(new URL(`../../${name}/src/main.ts`, import.meta.url));

let h: ApiHarness;
const services: ServiceProcess[] = [];
beforeAll(async () => {
  h = await startApiHarness();
  const env = { DATABASE_URL: h.database.url, QUEUE_PREFIX: h.prefix, HEALTH_PORT: '0', LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_MS: '10000' };
  services.push(await spawnService(serviceMain('log-sink'), { ...env, SERVICE_NAME: 'log-sink' }, () => {}, 60_000));
  services.push(await spawnService(serviceMain('ingestion'), { ...env, SERVICE_NAME: 'ingestion' }, () => {}, 60_000));
});
afterAll(async () => {
  for (const service of services) await service.stop();
  await h?.close();
});

const body = JSON.stringify({ symbols: ['flowa'], source: 'synthetic', interval: '1h', start: '2026-03-02T00:00:00Z', end: '2026-03-06T00:00:00Z' });

describe('enqueue → job → flow', () => {
  it('answers job id and correlation id, shows the job, reports an identical job, and the flow reads back by its correlation id', async () => {
    const created = await h.call('/v1/jobs/ingest', { method: 'POST', body, key: h.keys.enqueue, headers: { 'user-agent': 'flow-test/1.0', 'x-session-id': 'sess-1' } });
    expect(created.status).toBe(201);
    const job = (await created.json()) as { jobId: string; correlationId: string; duplicate: boolean; queue: string };
    expect(job).toMatchObject({ queue: 'ingest', duplicate: false });
    expect(job.jobId).toMatch(/^ingest-synthetic-1h-/);
    expect(created.headers.get('x-correlation-id')).toBe(job.correlationId);

    const seen = await h.call(`/v1/jobs/ingest/${job.jobId}`, { key: h.keys.read });
    expect(seen.status).toBe(200);
    expect(await seen.json()).toMatchObject({ jobId: job.jobId, correlationId: job.correlationId });
    const done = await waitFor('the ingest job to complete', async () => {
      const state = (await (await h.call(`/v1/jobs/ingest/${job.jobId}`, { key: h.keys.read })).json()) as { state: string; failedReason: string | null };
      expect(state.failedReason).toBeNull();
      return state.state === 'completed' ? state : undefined;
    }, 60_000);
    expect(done).toMatchObject({ state: 'completed', attemptsMade: 1 });

    const again = await h.call('/v1/jobs/ingest', { method: 'POST', body, key: h.keys.enqueue });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ jobId: job.jobId, duplicate: true, correlationId: job.correlationId });

    const flow = await waitFor('the flow with its market data and the API call', async () => {
      const response = await h.call(`/v1/flows/${job.correlationId}`, { key: h.keys.read });
      if (response.status !== 200) return undefined;
      const trace = (await response.json()) as { rowsByTable: Record<string, number>; events: { source: string }[] };
      return trace.rowsByTable.market_data! > 0 && trace.rowsByTable.user_action_logs! > 0 ? trace : undefined;
    }, 60_000);
    const stored = await h.database.db.selectFrom('market_data').select((eb) => eb.fn.countAll<number>().as('n')).where('symbol', '=', 'FLOWA').executeTakeFirstOrThrow();
    expect(stored.n).toBeGreaterThan(0);
    expect(flow.rowsByTable.market_data).toBe(stored.n);
    expect(flow.events.some((event) => event.source === 'user_action_logs')).toBe(true);

    // The API call itself, as the log pipeline wrote it.
    const action = await h.database.db
      .selectFrom('user_action_logs')
      .selectAll()
      .where('correlation_id', '=', job.correlationId)
      .where('request_method', '=', 'POST')
      .where('response_status', '=', 201)
      .executeTakeFirstOrThrow();
    expect(action).toMatchObject({
      action_type: 'api_call',
      user_id: h.keys.enqueue.split('_')[1],
      session_id: 'sess-1',
      ip_address: '127.0.0.1',
      user_agent: 'flow-test/1.0',
      request_path: '/v1/jobs/ingest',
    });
    expect(action.duration_ms).toBeGreaterThanOrEqual(0);
    expect(action.metadata).toMatchObject({ route: '/v1/jobs/ingest', keyName: 'upstream', role: 'enqueue' });
  });

  it('an unknown flow is a 404; a refused payload is a 400 naming the problem, with nothing queued', async () => {
    expect((await h.call('/v1/flows/no-such-flow', { key: h.keys.read })).status).toBe(404);
    const before = await h.queues.queue('ingest').getJobCounts();
    const refused = await h.call('/v1/jobs/ingest', { method: 'POST', key: h.keys.enqueue, body: JSON.stringify({ symbols: ['OK', 'bad symbol'], start: '2026-03-06T00:00:00Z', end: '2026-03-02T00:00:00Z' }) });
    expect(refused.status).toBe(400);
    const message = ((await refused.json()) as { message: string }).message;
    expect(message).toMatch(/symbols\.1/);
    expect(message).toMatch(/must be before end/);
    const csv = await h.call('/v1/jobs/ingest', { method: 'POST', key: h.keys.enqueue, body: JSON.stringify({ symbols: ['OK'], source: 'csv', csvPath: '/etc/passwd' }) });
    expect(csv.status).toBe(400);
    expect(await h.queues.queue('ingest').getJobCounts()).toEqual(before);
  });

  it('backfill splits a universe into ingest jobs under one correlation id', async () => {
    const response = await h.call('/v1/jobs/backfill', {
      method: 'POST',
      key: h.keys.enqueue,
      body: JSON.stringify({ symbols: ['BFA', 'BFB', 'BFC'], batch: 2, source: 'synthetic', start: '2026-03-02T00:00:00Z', end: '2026-03-03T00:00:00Z' }),
    });
    expect(response.status).toBe(201);
    const result = (await response.json()) as { correlationId: string; jobs: { jobId: string; correlationId: string }[] };
    expect(result.jobs).toHaveLength(2);
    expect(result.jobs.every((j) => j.correlationId === result.correlationId)).toBe(true);
  });
});
