import { createDb, dashboardSummarySymbolCount, refreshDashboardSummary } from '@mltrading/db';
import { cliConfig } from '../cli-context.ts';

/** `mlt features refresh-dashboard`: REFRESH MATERIALIZED VIEW CONCURRENTLY mv_features_dashboard_summary, now. */
export async function featuresRefreshDashboard(): Promise<void> {
  const { databaseUrl } = cliConfig();
  const db = createDb(databaseUrl, { poolSize: 1 });
  try {
    const began = performance.now();
    await refreshDashboardSummary(db, { concurrently: true });
    const count = await dashboardSummarySymbolCount(db);
    console.log(`mv_features_dashboard_summary refreshed concurrently in ${Math.round(performance.now() - began)} ms: ${count} symbols`);
  } finally {
    await db.destroy();
  }
}
