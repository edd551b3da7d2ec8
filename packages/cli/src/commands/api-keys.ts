import { createDb, type Database } from '@mltrading/db';
import { createApiKey, listApiKeys, revokeApiKey } from '@mltrading/operations';
import type { Kysely } from 'kysely';
import { userInfo } from 'node:os';
import { cliConfig, refusing } from '../cli-context.ts';
import { formatTable } from '../print-table.ts';

async function withDb(work: (db: Kysely<Database>) => Promise<void>): Promise<void> {
  const db = createDb(cliConfig().databaseUrl, { poolSize: 1, applicationName: 'mlt' });
  try {
    await work(db);
  } finally {
    await db.destroy();
  }
}

/**
 * `mlt api-keys create --name <name> --role read|enqueue|admin`: prints the key once (only its hash
 * is stored, so it cannot be shown again), on a line of its own for scripts.
 */
export function apiKeysCreate(options: { name: string; role: string }): Promise<void> {
  return withDb(async (db) => {
    const created = await refusing(() => createApiKey(db, { name: options.name, role: options.role, createdBy: `mlt:${userInfo().username}` }));
    console.error(`created api key ${created.keyId} '${created.name}' (role ${created.role}); it is shown once, store it now:`);
    console.log(created.key);
  });
}

/** `mlt api-keys list [--active]`: ids, names, roles, creation and revocation; never a secret. */
export function apiKeysList(options: { active?: boolean }): Promise<void> {
  return withDb(async (db) => {
    console.log(formatTable(await listApiKeys(db, { activeOnly: options.active === true })));
  });
}

/** `mlt api-keys revoke <key_id>`: the key is refused from the next request on. */
export function apiKeysRevoke(keyId: string): Promise<void> {
  return withDb(async (db) => {
    const revoked = await refusing(() => revokeApiKey(db, keyId));
    console.log(`revoked api key ${revoked.keyId} '${revoked.name}' at ${revoked.revokedAt?.toISOString()}`);
  });
}
