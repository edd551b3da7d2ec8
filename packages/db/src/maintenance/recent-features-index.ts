import { sql, type RawBuilder } from 'kysely';

export const RECENT_FEATURES_INDEX = 'idx_features_recent';
export const RECENT_FEATURES_DAYS = 90;

const DAY_MS = 86_400_000;

/**
 * The cutoff of the recent index: `days` before `now`, floored to UTC midnight so that rolling
 * twice on the same day yields the same literal and queries can reuse a day-granular cutoff.
 */
export function recentFeaturesCutoff(now: Date, days: number = RECENT_FEATURES_DAYS): Date {
  if (!Number.isFinite(days) || days <= 0) throw new Error(`days must be a positive number, got ${days}`);
  return new Date(Math.floor((now.getTime() - days * DAY_MS) / DAY_MS) * DAY_MS);
}

/**
 * `idx_features_recent`: the covering shape of the dashboard reads, restricted to the last
 * `days`. An index predicate must be immutable, so `timestamp >= NOW() - …` is refused; the cutoff
 * is a constant literal instead, moved forward by rollRecentFeaturesIndex. The migration and the
 * roll share this one definition so the rolled index cannot drift from the migrated one.
 */
export function recentFeaturesIndexDdl(name: string, cutoff: Date, concurrently: boolean): RawBuilder<unknown> {
  const literal = `'${cutoff.toISOString()}'::timestamptz`;
  return sql.raw(
    `CREATE INDEX ${concurrently ? 'CONCURRENTLY ' : ''}${name} ON feature_engineered_data ` +
      `(symbol, feature_version, timestamp DESC) INCLUDE (close, volume, returns, rsi_1d, price_ma_short) ` +
      `WHERE timestamp >= ${literal}`,
  );
}
