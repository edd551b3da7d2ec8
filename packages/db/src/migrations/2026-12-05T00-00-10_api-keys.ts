import { sql, type Kysely } from 'kysely';

// API keys of the HTTP API (services/api). Frozen once landed: it imports nothing but kysely.
//
// Only a SHA-256 of the key's secret is stored: the secret is 32 random bytes, so a fast hash is
// enough (no dictionary to guess from) and a stolen table gives no usable key. `key_id` is the
// public part printed inside the key (`mlt_<key_id>_<secret>`): the lookup goes by it, and
// operators can name a key in `mlt api-keys revoke` without holding its secret. Revocation keeps
// the row (who had access, until when).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE api_keys (
      id SERIAL PRIMARY KEY,
      key_id VARCHAR(24) NOT NULL UNIQUE,
      name VARCHAR(100) NOT NULL,
      role VARCHAR(10) NOT NULL,
      secret_sha256 CHAR(64) NOT NULL,
      created_by VARCHAR(100),
      created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
      revoked_at TIMESTAMPTZ,
      CONSTRAINT api_keys_role_valid CHECK (role IN ('read', 'enqueue', 'admin')),
      CONSTRAINT api_keys_secret_hex CHECK (secret_sha256 ~ '^[0-9a-f]{64}$')
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE api_keys`.execute(db);
}
