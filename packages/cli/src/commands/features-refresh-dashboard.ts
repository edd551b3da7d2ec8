import { createDb } from '@mltrading/db';
import { refreshDashboard } from '@mltrading/operations';
import { cliConfig } from '../cli-context.ts';

/** `mlt features refresh-dashboard`: REFRESH MATERIALIZED VIEW CONCURRENTLY mv_features_dashboard_summary, now. */
export async function featuresRefreshDashboard(): Promise<void> {
  const { databaseUrl } = cliConfig();
  const db = createDb(databaseUrl, { poolSize: 1 });
  try {
    const { ms, symbols } = await refreshDashboard(db);
    console.log(`mv_features_dashboard_summary refreshed concurrently in ${ms} ms: ${symbols} symbols`);
  } finally {
    await db.destroy();
  }
}
