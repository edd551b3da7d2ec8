import { createTestDatabase, type TestDatabase } from '@mltrading/db/testing';
import { createQueueClient, createRedisConnection, type QueueClient } from '@mltrading/queues';
import { obliteratePrefix, uniquePrefix } from '@mltrading/queues/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateApiKey, createApiKey, InvalidRequestError, listApiKeys, NotFoundError, revokeApiKey, roleAllows, submitJob } from '../src/index.ts';

let t: TestDatabase;
let connection: Redis;
let queues: QueueClient;
const prefix = uniquePrefix();

beforeAll(async () => {
  t = await createTestDatabase();
  connection = createRedisConnection(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'producer');
  queues = createQueueClient({ connection, prefix });
});

afterAll(async () => {
  await queues?.close();
  if (connection) {
    await obliteratePrefix(connection, prefix);
    await connection.quit();
  }
  await t?.drop();
});

describe('api keys', () => {
  it('creates a key shown once, stores only its hash, authenticates it until revoked', async () => {
    const created = await createApiKey(t.db, { name: 'upstream', role: 'enqueue', createdBy: 'test' });
    expect(created.key).toMatch(/^mlt_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const stored = await t.db.selectFrom('api_keys').selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(created.key.split('_').slice(2).join('_'));
    expect(JSON.stringify(await listApiKeys(t.db))).not.toContain('secret');

    expect(await authenticateApiKey(t.db, created.key)).toMatchObject({ ok: true, key: { keyId: created.keyId, role: 'enqueue' } });
    const forged = created.key.slice(0, -1) + (created.key.endsWith('A') ? 'B' : 'A');
    expect(await authenticateApiKey(t.db, forged)).toEqual({ ok: false, reason: 'unknown' });
    expect(await authenticateApiKey(t.db, "mlt_' OR 1=1 --")).toEqual({ ok: false, reason: 'malformed' });

    const revoked = await revokeApiKey(t.db, created.keyId);
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await authenticateApiKey(t.db, created.key)).toEqual({ ok: false, reason: 'revoked' });
    await expect(revokeApiKey(t.db, '0000000000000000')).rejects.toThrow(NotFoundError);
    await expect(createApiKey(t.db, { name: 'x', role: 'root' })).rejects.toThrow(InvalidRequestError);
    await expect(createApiKey(t.db, { name: ' ', role: 'read' })).rejects.toThrow(InvalidRequestError);
  });

  it('orders roles: admin allows everything, read only reading', () => {
    expect(roleAllows('admin', 'enqueue')).toBe(true);
    expect(roleAllows('enqueue', 'read')).toBe(true);
    expect(roleAllows('read', 'enqueue')).toBe(false);
    expect(roleAllows('enqueue', 'admin')).toBe(false);
  });
});

describe('submitJob', () => {
  it('says when an identical job already exists, with that job\'s correlation id', async () => {
    const payload = { symbols: ['SUBA'], source: 'synthetic', start: '2026-01-01T00:00:00Z', end: '2026-01-02T00:00:00Z' };
    const first = await submitJob(queues, 'ingest', { ...payload, correlationId: 'first-flow' });
    expect(first).toMatchObject({ duplicate: false, correlationId: 'first-flow', state: 'waiting' });
    const second = await submitJob(queues, 'ingest', { ...payload, correlationId: 'second-flow' });
    expect(second).toMatchObject({ duplicate: true, jobId: first.jobId, correlationId: 'first-flow' });
    const third = await submitJob(queues, 'ingest', payload);
    expect(third).toMatchObject({ duplicate: true, correlationId: 'first-flow' });
    await expect(submitJob(queues, 'ingest', { symbols: ['x;drop'] })).rejects.toThrow(InvalidRequestError);
  });
});
