import type { Generated, Insertable, Selectable } from 'kysely';
import type { DefaultTimestamp, Timestamp } from './column-types.ts';

/** Roles of the HTTP API, each allowing what the one before it allows. */
export const API_KEY_ROLES = ['read', 'enqueue', 'admin'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

/** A key of the HTTP API; only the SHA-256 of its secret is stored. */
export interface ApiKeysTable {
  id: Generated<number>;
  key_id: string;
  name: string;
  role: ApiKeyRole;
  secret_sha256: string;
  created_by: string | null;
  created_at: DefaultTimestamp;
  revoked_at: Timestamp | null;
}

export type ApiKeyRow = Selectable<ApiKeysTable>;
export type NewApiKeyRow = Insertable<ApiKeysTable>;
