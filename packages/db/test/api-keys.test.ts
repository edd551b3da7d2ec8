import { createTestDatabase, type TestDatabase } from '@mltrading/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findApiKey, insertApiKey, listApiKeys, revokeApiKey } from '../src/index.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

const hash = (c: string) => c.repeat(64);

describe('api_keys repository', () => {
  it('stores, finds, lists and revokes keys; revocation keeps its first time', async () => {
    const a = await insertApiKey(t.db, { keyId: 'k1', name: 'upstream', role: 'enqueue', secretSha256: hash('a'), createdBy: 'ops' });
    await insertApiKey(t.db, { keyId: 'k2', name: 'viewer', role: 'read', secretSha256: hash('b') });
    expect(a).toMatchObject({ key_id: 'k1', role: 'enqueue', revoked_at: null, created_by: 'ops' });
    expect((await findApiKey(t.db, 'k1'))?.secret_sha256).toBe(hash('a'));
    expect(await findApiKey(t.db, 'nope')).toBeUndefined();

    const revoked = await revokeApiKey(t.db, 'k1');
    expect(revoked?.revoked_at).toBeInstanceOf(Date);
    await sql`SELECT pg_sleep(0.01)`.execute(t.db);
    const again = await revokeApiKey(t.db, 'k1');
    expect(again?.revoked_at?.getTime()).toBe(revoked?.revoked_at?.getTime());
    expect(await revokeApiKey(t.db, 'nope')).toBeUndefined();

    expect((await listApiKeys(t.db)).map((k) => k.key_id).sort()).toEqual(['k1', 'k2']);
    expect((await listApiKeys(t.db, { activeOnly: true })).map((k) => k.key_id)).toEqual(['k2']);
  });

  it('refuses an unknown role, a secret hash that is not hex SHA-256, and a duplicate key id', async () => {
    await expect(insertApiKey(t.db, { keyId: 'k3', name: 'x', role: 'root' as never, secretSha256: hash('c') })).rejects.toThrow(/api_keys_role_valid/);
    await expect(insertApiKey(t.db, { keyId: 'k4', name: 'x', role: 'read', secretSha256: 'plaintext' })).rejects.toThrow(/api_keys_secret_hex/);
    await expect(insertApiKey(t.db, { keyId: 'k2', name: 'x', role: 'read', secretSha256: hash('d') })).rejects.toThrow(/unique/);
  });
});
