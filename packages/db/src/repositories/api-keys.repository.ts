import { sql, type Kysely } from 'kysely';
import type { ApiKeyRole, ApiKeyRow } from '../schema/api-keys.ts';
import type { Database } from '../schema/database.ts';

export interface InsertApiKeyInput {
  keyId: string;
  name: string;
  role: ApiKeyRole;
  /** Hex SHA-256 of the key's secret; the secret itself never reaches the database. */
  secretSha256: string;
  createdBy?: string | null;
}

/** Stores a new key; a `key_id` already taken fails on the unique constraint. */
export function insertApiKey(db: Kysely<Database>, input: InsertApiKeyInput): Promise<ApiKeyRow> {
  return db
    .insertInto('api_keys')
    .values({ key_id: input.keyId, name: input.name, role: input.role, secret_sha256: input.secretSha256, created_by: input.createdBy ?? null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The key with this public id, revoked or not (the caller decides what a revoked key means). */
export function findApiKey(db: Kysely<Database>, keyId: string): Promise<ApiKeyRow | undefined> {
  return db.selectFrom('api_keys').selectAll().where('key_id', '=', keyId).executeTakeFirst();
}

/** Every key, newest first; revoked ones too unless `activeOnly`. */
export function listApiKeys(db: Kysely<Database>, options: { activeOnly?: boolean } = {}): Promise<ApiKeyRow[]> {
  let query = db.selectFrom('api_keys').selectAll();
  if (options.activeOnly === true) query = query.where('revoked_at', 'is', null);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

/**
 * Marks the key revoked (now); a key revoked before keeps its first revocation time. Undefined when
 * no key has this id.
 */
export function revokeApiKey(db: Kysely<Database>, keyId: string): Promise<ApiKeyRow | undefined> {
  return db
    .updateTable('api_keys')
    .set({ revoked_at: sql<Date>`COALESCE(revoked_at, NOW())` })
    .where('key_id', '=', keyId)
    .returningAll()
    .executeTakeFirst();
}
