import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/index.ts';

/**
 * Resolves once `count` sessions of this database wait on a lock (pg_stat_activity), so a test can
 * tell that a second transaction really is blocked by the first. Polls with a generous deadline.
 */
export async function waitForLockWaiters(db: Kysely<Database>, count: number, step: string, deadlineMs = 30_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(db);
    if ((rows[0]?.n ?? 0) >= count) return;
    if (Date.now() > until) throw new Error(`${step}: no session waited on a lock within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A transaction held open until `release()` is called; `done` settles with its result. */
export function heldTransaction<R>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<R>) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let started!: (value: R) => void;
  let failed!: (error: unknown) => void;
  const worked = new Promise<R>((resolve, reject) => {
    started = resolve;
    failed = reject;
  });
  const done = db.transaction().execute(async (trx) => {
    try {
      const result = await work(trx);
      started(result);
      await gate;
      return result;
    } catch (error) {
      // A failing first step must fail the test at once, not leave it waiting on `worked`.
      failed(error);
      throw error;
    }
  });
  // `done` is awaited by the test only after release; keep an early failure from going unhandled.
  done.catch(() => undefined);
  return { worked, done, release };
}
