import { applyRetention, createDb } from '@mltrading/db';
import { cliConfig } from '../cli-context.ts';
import { formatTable } from '../print-table.ts';

/**
 * `mlt db retention [--dry-run]`: applies the seed's retention policy (the same code the log sink's
 * hourly scheduler runs), or with --dry-run only counts what it would remove. Deletes run in
 * batches of --batch-size rows, each its own short transaction.
 */
export async function dbRetention(options: { dryRun?: boolean; batchSize?: number }): Promise<void> {
  const { databaseUrl } = cliConfig();
  const db = createDb(databaseUrl, { poolSize: 2 });
  try {
    const { batchSize } = options;
    const results = await applyRetention(db, { dryRun: options.dryRun ?? false, ...(batchSize === undefined ? {} : { batchSize }) });
    console.log(
      formatTable(
        results.map((r) => ({
          table: r.table,
          keep: r.keep ?? 'forever',
          cutoff: r.cutoff ?? '',
          [options.dryRun ? 'would_remove' : 'removed']: r.rows,
          ...(options.dryRun ? {} : { batches: r.batches }),
        })),
      ),
    );
    if (options.dryRun) console.log('\ndry run: nothing was deleted');
  } finally {
    await db.destroy();
  }
}
