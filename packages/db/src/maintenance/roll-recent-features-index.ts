import { sql, type Kysely } from 'kysely';
import {
  recentFeaturesCutoff,
  recentFeaturesIndexDdl,
  RECENT_FEATURES_DAYS,
  RECENT_FEATURES_INDEX,
} from './recent-features-index.ts';
import type { Database } from '../schema/database.ts';

const STAGING_NAME = `${RECENT_FEATURES_INDEX}_next`;

/**
 * Moves the cutoff of `idx_features_recent` to `days` before `now` (UTC midnight) without
 * blocking writes: build the new index CONCURRENTLY, drop the old one CONCURRENTLY, rename.
 * CONCURRENTLY cannot run inside a transaction, so pass the pool-backed `db`, not a `trx`.
 * Readers always find an index under one of the two names. Returns the new cutoff.
 */
export async function rollRecentFeaturesIndex(
  db: Kysely<Database>,
  now: Date = new Date(),
  days: number = RECENT_FEATURES_DAYS,
): Promise<Date> {
  if (db.isTransaction) {
    throw new Error('rollRecentFeaturesIndex must run outside a transaction (CREATE INDEX CONCURRENTLY)');
  }
  const cutoff = recentFeaturesCutoff(now, days);
  // A failed concurrent build leaves an INVALID index behind; clear it before building again.
  await sql.raw(`DROP INDEX CONCURRENTLY IF EXISTS ${STAGING_NAME}`).execute(db);
  await recentFeaturesIndexDdl(STAGING_NAME, cutoff, true).execute(db);
  await sql.raw(`DROP INDEX CONCURRENTLY IF EXISTS ${RECENT_FEATURES_INDEX}`).execute(db);
  await sql.raw(`ALTER INDEX ${STAGING_NAME} RENAME TO ${RECENT_FEATURES_INDEX}`).execute(db);
  return cutoff;
}

/** The cutoff literal in the current `idx_features_recent` predicate, or null when the index is missing. */
export async function recentFeaturesIndexCutoff(db: Kysely<Database>): Promise<Date | null> {
  const { rows } = await sql<{ predicate: string }>`
    SELECT pg_get_expr(i.indpred, i.indrelid) AS predicate
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    WHERE c.relname = ${RECENT_FEATURES_INDEX}`.execute(db);
  const literal = /'([^']+)'/.exec(rows[0]?.predicate ?? '')?.[1];
  return literal === undefined ? null : new Date(literal);
}

/**
 * Rolls the recent index when its cutoff is behind today's (a scheduled job calls this often; the
 * day-granular cutoff makes at most one rebuild a day). Returns the new cutoff, or null if none was due.
 */
export async function rollRecentFeaturesIndexIfDue(
  db: Kysely<Database>,
  now: Date = new Date(),
  days: number = RECENT_FEATURES_DAYS,
): Promise<Date | null> {
  const current = await recentFeaturesIndexCutoff(db);
  if (current !== null && current.getTime() >= recentFeaturesCutoff(now, days).getTime()) return null;
  return rollRecentFeaturesIndex(db, now, days);
}
