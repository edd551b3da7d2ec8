import { FEATURE_NAMES, FEATURE_VERSION, type DateFeatureName, type NumericFeatureName } from '@mltrading/features';
import type { Kysely } from 'kysely';
import { bulkUpsert, type BulkUpsertResult } from '../bulk/bulk-upsert.ts';
import type { Database } from '../schema/database.ts';

/** One computed feature row; absent features are stored as NULL. */
export type FeatureRowInput = {
  symbol: string;
  timestamp: Date;
  /** Defaults to 'yahoo'. */
  source?: string;
  /** Defaults to the catalog's FEATURE_VERSION. */
  feature_version?: string;
  correlation_id?: string | null;
  open?: number | null;
  high?: number | null;
  low?: number | null;
  close?: number | null;
  volume?: number | null;
} & { [K in NumericFeatureName]?: number | null } & { [K in DateFeatureName]?: string | null };

export const FEATURE_ROW_KEY = ['symbol', 'timestamp', 'source', 'feature_version'] as const;

const FEATURE_ROW_VALUES = ['open', 'high', 'low', 'close', 'volume', ...FEATURE_NAMES] as const;

/** Every written column of feature_engineered_data, the feature part taken from the catalog. */
export const FEATURE_ROW_COLUMNS = [...FEATURE_ROW_KEY, 'correlation_id', ...FEATURE_ROW_VALUES] as const;

/** Writes feature rows keyed by (symbol, timestamp, source, feature_version). */
export function upsertFeatureRows(db: Kysely<Database>, rows: readonly FeatureRowInput[]): Promise<BulkUpsertResult> {
  return bulkUpsert(db, {
    table: 'feature_engineered_data',
    columns: FEATURE_ROW_COLUMNS,
    conflictColumns: FEATURE_ROW_KEY,
    // A recomputation under a new correlation id with the same values changes nothing; when values
    // do change, correlation_id is rewritten with them and names the flow that wrote them.
    compareColumns: FEATURE_ROW_VALUES,
    defaults: { source: 'yahoo', feature_version: FEATURE_VERSION },
    rows,
  });
}
