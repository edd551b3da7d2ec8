import { sql, type Kysely } from 'kysely';
import {
  recentFeaturesCutoff,
  recentFeaturesIndexDdl,
  RECENT_FEATURES_DAYS,
  RECENT_FEATURES_INDEX,
} from './recent-features-index.ts';

const STAGING_NAME = `${RECENT_FEATURES_INDEX}_next`;

/**
 * Moves the cutoff of `idx_features_recent` to `days` before `now` (UTC midnight) without
 * blocking writes: build the new index CONCURRENTLY, drop the old one CONCURRENTLY, rename.
 * CONCURRENTLY cannot run inside a transaction, so pass the pool-backed `db`, not a `trx`.
 * Readers always find an index under one of the two names. Returns the new cutoff.
 */
export async function rollRecentFeaturesIndex(
  db: Kysely<any>,
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
