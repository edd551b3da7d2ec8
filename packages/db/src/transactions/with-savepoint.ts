import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';

/**
 * Runs `work` inside a savepoint of the caller's transaction. When it throws, `undo(error)` decides:
 * true rolls back to the savepoint (the transaction goes on without what `work` did) and the error
 * is returned; false leaves the error to abort the whole transaction.
 */
export async function withSavepoint<T>(
  trx: Kysely<Database>,
  name: string,
  work: () => Promise<T>,
  undo: (error: unknown) => boolean,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`savepoint name must be a lower-case identifier, got "${name}"`);
  await sql`SAVEPOINT ${sql.raw(name)}`.execute(trx);
  try {
    const value = await work();
    await sql`RELEASE SAVEPOINT ${sql.raw(name)}`.execute(trx);
    return { ok: true, value };
  } catch (error) {
    if (!undo(error)) throw error;
    await sql`ROLLBACK TO SAVEPOINT ${sql.raw(name)}`.execute(trx);
    return { ok: false, error };
  }
}
