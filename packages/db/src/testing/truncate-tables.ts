import { sql, type Kysely } from 'kysely';
import type { Database, TableName } from '../schema/database.ts';

/**
 * Empties tables between the tests of one file (one statement, so foreign keys between them hold).
 * Test-only: the names are the schema's own table names, never input.
 */
export async function truncateTables(db: Kysely<Database>, tables: readonly TableName[]): Promise<void> {
  if (tables.length === 0) return;
  await sql`truncate ${sql.join(tables.map((table) => sql.table(table)))}`.execute(db);
}
