import { sql, type Kysely } from 'kysely';

// uuid-ossp is in the seed (uuid_generate_v4() for ids made in SQL); set_updated_at() backs the
// updated_at triggers of stock_info, feature_engineered_data, orders and models.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS "uuid-ossp"`.execute(db);
  await sql`
    CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      NEW.updated_at := NOW();
      RETURN NEW;
    END;
    $$`.execute(db);
}

// The extension stays: it may predate this migration or be used by objects outside it, and an
// installed uuid-ossp is harmless.
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP FUNCTION IF EXISTS set_updated_at()`.execute(db);
}
