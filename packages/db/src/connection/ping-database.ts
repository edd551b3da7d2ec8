import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';

/** One round trip to the server: resolves when PostgreSQL answers (readiness checks), rejects otherwise. */
export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}
