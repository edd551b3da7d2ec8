import { authenticateApiKey } from '@mltrading/operations';
import { createDb } from '@mltrading/db';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cliHarness } from './support/cli-harness.ts';

const cli = cliHarness('apikeys');
const db = createDb(cli.databaseUrl, { poolSize: 1 });

beforeAll(() => {
  expect(cli.run('db', 'migrate').code).toBe(0);
});
afterAll(async () => {
  await db.destroy();
  await cli.cleanUp();
});

it('api-keys create prints the key once, list never shows it, revoke refuses it afterwards', async () => {
  const created = cli.run('api-keys', 'create', '--name', 'upstream', '--role', 'enqueue');
  expect(created.code, created.stderr).toBe(0);
  const key = created.stdout.trim();
  expect(key).toMatch(/^mlt_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
  const keyId = key.split('_')[1]!;
  expect(created.stderr).toContain(`created api key ${keyId} 'upstream' (role enqueue)`);
  expect(await authenticateApiKey(db, key)).toMatchObject({ ok: true, key: { role: 'enqueue' } });

  const listed = cli.run('api-keys', 'list');
  expect(listed.stdout).toMatch(new RegExp(`${keyId}\\s+upstream\\s+enqueue`));
  expect(listed.stdout).not.toContain(key.slice(22));

  expect(cli.run('api-keys', 'create', '--name', 'x', '--role', 'root').stderr).toContain("unknown role 'root'");
  const revoked = cli.run('api-keys', 'revoke', keyId);
  expect(revoked.code, revoked.stderr).toBe(0);
  expect(revoked.stdout).toContain(`revoked api key ${keyId}`);
  expect(await authenticateApiKey(db, key)).toEqual({ ok: false, reason: 'revoked' });
  expect(cli.run('api-keys', 'list', '--active').stdout.trim()).toBe('(no rows)');
  expect(cli.run('api-keys', 'revoke', 'ffffffffffffffff').code).toBe(1);
});
