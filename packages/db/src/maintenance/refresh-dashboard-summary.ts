import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';

export interface RefreshDashboardSummaryOptions {
  /** CONCURRENTLY keeps the view readable during the refresh (uses its unique index on symbol). */
  concurrently?: boolean;
}

/** Recomputes `mv_features_dashboard_summary` (the seed refreshes it hourly). */
export async function refreshDashboardSummary(
  db: Kysely<Database>,
  { concurrently = true }: RefreshDashboardSummaryOptions = {},
): Promise<void> {
  await sql
    .raw(`REFRESH MATERIALIZED VIEW ${concurrently ? 'CONCURRENTLY ' : ''}mv_features_dashboard_summary`)
    .execute(db);
}
