import { loadBarColumns, type Database } from '@mltrading/db';
import { computeFeatures, featureRow, FEATURE_NAMES, FEATURE_VERSION } from '@mltrading/features';
import type { Kysely } from 'kysely';

/** |a − b| ≤ rel·max(|a|, |b|): the 1e-9 relative accuracy FEATURES.md asks for. */
export function relativelyClose(a: number, b: number, rel = 1e-9): boolean {
  return a === b || Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));
}

export async function storedFeatureRows(db: Kysely<Database>, symbol: string, source = 'synthetic') {
  return db
    .selectFrom('feature_engineered_data')
    .select(['timestamp', 'feature_version', 'correlation_id', 'close', ...FEATURE_NAMES])
    .where('symbol', '=', symbol)
    .where('source', '=', source)
    .orderBy('timestamp')
    .execute();
}

/**
 * Every stored row of the symbol against the pure engine run once over all its stored bars.
 * Returns a list of disagreements (empty when equal to `rel`; rel 0 means bit-identical).
 */
export async function mismatchesAgainstFullRecompute(db: Kysely<Database>, symbol: string, rel: number, source = 'synthetic'): Promise<string[]> {
  const bars = await loadBarColumns(db, { symbol, source });
  const { columns } = computeFeatures(bars);
  const rows = await storedFeatureRows(db, symbol, source);
  const problems: string[] = [];
  if (rows.length !== bars.timestamp.length) problems.push(`${rows.length} rows for ${bars.timestamp.length} bars`);
  for (let i = 0; i < Math.min(rows.length, bars.timestamp.length) && problems.length < 10; i++) {
    const row = rows[i]! as Record<string, unknown>;
    if ((row['timestamp'] as Date).getTime() !== bars.timestamp[i]) problems.push(`row ${i}: timestamp`);
    if (row['feature_version'] !== FEATURE_VERSION) problems.push(`row ${i}: feature_version ${String(row['feature_version'])}`);
    const expected = featureRow(columns, i) as Record<string, unknown>;
    for (const name of FEATURE_NAMES) {
      const a = row[name];
      const b = expected[name];
      const same = a === b || (typeof a === 'number' && typeof b === 'number' && relativelyClose(a, b, rel));
      if (!same) problems.push(`row ${i} ${name}: stored ${String(a)}, recomputed ${String(b)}`);
    }
  }
  return problems;
}
