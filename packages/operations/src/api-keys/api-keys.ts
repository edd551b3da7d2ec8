import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { API_KEY_ROLES, findApiKey, insertApiKey, listApiKeys as listKeyRows, revokeApiKey as revokeKeyRow, type ApiKeyRole, type ApiKeyRow, type Database } from '@mltrading/db';
import type { Kysely } from 'kysely';
import { InvalidRequestError } from '../errors/invalid-request-error.ts';
import { NotFoundError } from '../errors/not-found-error.ts';

// `mlt_<key id>_<secret>`: the key id is public (listed, used to revoke, the rate-limit bucket),
// the secret is 32 random bytes shown once and stored only as its SHA-256.
const KEY_PATTERN = /^mlt_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** What a key may do; each role allows what the ones before it allow. */
export function roleAllows(role: ApiKeyRole, needed: ApiKeyRole): boolean {
  return API_KEY_ROLES.indexOf(role) >= API_KEY_ROLES.indexOf(needed);
}

export function isApiKeyRole(value: string): value is ApiKeyRole {
  return (API_KEY_ROLES as readonly string[]).includes(value);
}

/** A key as operators see it: never its secret or the secret's hash. */
export interface ApiKeyInfo {
  keyId: string;
  name: string;
  role: ApiKeyRole;
  createdBy: string | null;
  createdAt: Date;
  revokedAt: Date | null;
}

export interface CreateApiKeyRequest {
  name: string;
  role: string;
  createdBy?: string;
}

const info = (row: ApiKeyRow): ApiKeyInfo => ({
  keyId: row.key_id,
  name: row.name,
  role: row.role,
  createdBy: row.created_by,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
});

const sha256 = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** Creates a key; `key` is the only place its secret ever appears (print it once). */
export async function createApiKey(db: Kysely<Database>, request: CreateApiKeyRequest): Promise<ApiKeyInfo & { key: string }> {
  const name = request.name.trim();
  if (name === '' || name.length > 100) throw new InvalidRequestError('api key name must be 1-100 characters');
  if (!isApiKeyRole(request.role)) throw new InvalidRequestError(`unknown role '${request.role}' (known: ${API_KEY_ROLES.join(', ')})`);
  const keyId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const row = await insertApiKey(db, { keyId, name, role: request.role, secretSha256: sha256(secret), createdBy: request.createdBy?.slice(0, 100) ?? null });
  return { ...info(row), key: `mlt_${keyId}_${secret}` };
}

export async function listApiKeys(db: Kysely<Database>, options: { activeOnly?: boolean } = {}): Promise<ApiKeyInfo[]> {
  return (await listKeyRows(db, options)).map(info);
}

/** Revokes by key id (the public part); NotFoundError when no key has it. Revoking twice is harmless. */
export async function revokeApiKey(db: Kysely<Database>, keyId: string): Promise<ApiKeyInfo> {
  const row = /^[0-9a-f]{16}$/.test(keyId) ? await revokeKeyRow(db, keyId) : undefined;
  if (row === undefined) throw new NotFoundError(`no api key with id ${keyId}`);
  return info(row);
}

export type ApiKeyCheck =
  | { ok: true; key: ApiKeyInfo }
  | { ok: false; reason: 'malformed' | 'unknown' | 'revoked' };

/**
 * Checks a presented key: its id is looked up (one index probe), its secret's hash compared in
 * constant time. A malformed key is refused before any query.
 */
export async function authenticateApiKey(db: Kysely<Database>, presented: string): Promise<ApiKeyCheck> {
  const match = KEY_PATTERN.exec(presented);
  if (match === null) return { ok: false, reason: 'malformed' };
  const row = await findApiKey(db, match[1]!);
  if (row === undefined) return { ok: false, reason: 'unknown' };
  const given = Buffer.from(sha256(match[2]!), 'hex');
  if (!timingSafeEqual(given, Buffer.from(row.secret_sha256, 'hex'))) return { ok: false, reason: 'unknown' };
  if (row.revoked_at !== null) return { ok: false, reason: 'revoked' };
  return { ok: true, key: info(row) };
}
