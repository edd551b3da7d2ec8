import { dashboardSummarySymbolCount, refreshDashboardSummary, type Database } from '@mltrading/db';
import type { Kysely } from 'kysely';

/** REFRESH MATERIALIZED VIEW CONCURRENTLY mv_features_dashboard_summary, now; how long it took and how many symbols it holds. */
export async function refreshDashboard(db: Kysely<Database>): Promise<{ ms: number; symbols: number }> {
  const began = performance.now();
  await refreshDashboardSummary(db, { concurrently: true });
  const ms = Math.round(performance.now() - began);
  return { ms, symbols: await dashboardSummarySymbolCount(db) };
}
