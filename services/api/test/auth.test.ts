import { createApiKey, revokeApiKey } from '@mltrading/operations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiHarness, type ApiHarness } from './support/api-harness.ts';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness({ API_RATE_LIMIT_MAX: '10', API_RATE_LIMIT_WINDOW_MS: '600000' });
});
afterAll(async () => h?.close());

const ingest = JSON.stringify({ symbols: ['AUTHA'], source: 'synthetic', start: '2026-01-01T00:00:00Z', end: '2026-01-02T00:00:00Z' });

describe('authentication and roles', () => {
  it('refuses a request without a key (401, nothing enqueued)', async () => {
    const response = await h.call('/v1/jobs/ingest', { method: 'POST', body: ingest });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await response.json()).message).toMatch(/API key is required/);
    expect(await h.queues.queue('ingest').count()).toBe(0);
  });

  it('refuses a malformed or forged key (401)', async () => {
    expect((await h.call('/v1/symbols', { key: 'not-a-key' })).status).toBe(401);
    const forged = h.keys.read.slice(0, -2) + (h.keys.read.endsWith('AA') ? 'BB' : 'AA');
    expect((await h.call('/v1/symbols', { key: forged })).status).toBe(401);
  });

  it('refuses a role too low (403): read cannot enqueue, enqueue cannot open bull-board', async () => {
    const read = await h.call('/v1/jobs/ingest', { method: 'POST', body: ingest, key: h.keys.read });
    expect(read.status).toBe(403);
    expect((await read.json()).message).toBe('this endpoint needs role enqueue (the key has role read)');
    expect(await h.queues.queue('ingest').count()).toBe(0);
    expect((await h.call('/admin/queues', { key: h.keys.enqueue })).status).toBe(403);
    expect((await h.call('/v1/symbols', { key: h.keys.read })).status).toBe(200);
  });

  it('refuses a revoked key from its next request on (401 saying so)', async () => {
    const created = await createApiKey(h.database.db, { name: 'soon revoked', role: 'admin' });
    expect((await h.call('/v1/queues', { key: created.key })).status).toBe(200);
    await revokeApiKey(h.database.db, created.keyId);
    const refused = await h.call('/v1/queues', { key: created.key });
    expect(refused.status).toBe(401);
    expect((await refused.json()).message).toBe('this API key has been revoked');
  });

  it('takes the key as X-API-Key or as the Basic password (bull-board in a browser asks with a Basic challenge)', async () => {
    expect((await h.call('/v1/symbols', { headers: { 'x-api-key': h.keys.read } })).status).toBe(200);
    const challenged = await h.call('/admin/queues');
    expect(challenged.status).toBe(401);
    expect(challenged.headers.get('www-authenticate')).toMatch(/^Basic/);
    const basic = Buffer.from(`admin:${h.keys.admin}`).toString('base64');
    const board = await h.call('/admin/queues', { headers: { authorization: `Basic ${basic}` } });
    expect(board.status).toBe(200);
    expect(await board.text()).toContain('<div id="root"');
  });

  it('answers 429 once a key used up its window, and other keys still pass', async () => {
    const limited = await createApiKey(h.database.db, { name: 'busy', role: 'read' });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await h.call('/v1/stats/database', { key: limited.key })).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses.slice(10)).toEqual([429, 429]);
    const last = await h.call('/v1/stats/database', { key: limited.key });
    expect(last.status).toBe(429);
    expect(last.headers.get('retry-after')).not.toBeNull();
    expect((await last.json()).message).toMatch(/rate limit of 10 requests per 600 s for this API key/);
    expect((await h.call('/v1/stats/database', { key: h.keys.admin })).status).toBe(200);
  });
});
