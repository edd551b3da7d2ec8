import { FEATURES_V3 } from '@mltrading/features';
import type { FeatureRowInput } from '../../src/testing/index.ts';

const HOUR_MS = 3_600_000;

/** A complete feature row with deterministic values (every feature filled). */
export function featureRow(symbol: string, timestamp: Date, seed = 1): FeatureRowInput {
  const row: Record<string, unknown> = {
    symbol,
    timestamp,
    open: 100 + seed,
    high: 101 + seed,
    low: 99 + seed,
    close: 100.5 + seed,
    volume: 1_000 * seed,
  };
  FEATURES_V3.forEach((f, i) => {
    if (f.sqlType === 'date') row[f.name] = timestamp.toISOString().slice(0, 10);
    else if (f.sqlType === 'smallint') row[f.name] = (seed + i) % 2;
    else row[f.name] = seed * 0.001 + i;
  });
  return row as FeatureRowInput;
}

/** `count` hourly rows per symbol ending at `end`, oldest first. */
export function hourlyFeatureRows(symbols: readonly string[], count: number, end: Date): FeatureRowInput[] {
  const rows: FeatureRowInput[] = [];
  for (const symbol of symbols) {
    for (let i = count - 1; i >= 0; i--) rows.push(featureRow(symbol, new Date(end.getTime() - i * HOUR_MS), i));
  }
  return rows;
}
