import { createDb, databaseStats } from '@mltrading/db';
import { cliConfig } from '../cli-context.ts';
import { formatTable } from '../print-table.ts';

/** Prints the seed's monitoring figures: database size, table sizes, index usage, log levels. */
export async function dbStats(): Promise<void> {
  const { databaseUrl } = cliConfig();
  const db = createDb(databaseUrl, { poolSize: 2 });
  try {
    const stats = await databaseStats(db);
    console.log(`Database size: ${stats.databaseSize}\n`);
    console.log(`Table sizes:\n${formatTable(stats.tableSizes)}\n`);
    console.log(`Index usage on feature_engineered_data:\n${formatTable(stats.featureIndexUsage)}\n`);
    console.log(`System log records in the last 24 hours, by level:\n${formatTable(stats.logCountsLast24h)}`);
  } finally {
    await db.destroy();
  }
}
