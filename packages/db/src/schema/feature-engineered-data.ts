import type { DateFeatureName, NumericFeatureName } from '@mltrading/features';
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { DefaultTimestamp, Timestamp } from './column-types.ts';

/** The 106 feature columns, derived from the catalog so a name cannot drift from the DDL. */
export type FeatureValues = { [K in NumericFeatureName]: number | null } & {
  [K in DateFeatureName]: ColumnType<string | null, string | null | undefined, string | null>;
};

export interface FeatureEngineeredDataTable extends FeatureValues {
  id: Generated<number>;
  symbol: string;
  timestamp: Timestamp;
  source: Generated<string>;
  open: number | null;
  high: number | null;
  low: number | null;
  close: number | null;
  volume: number | null;
  feature_version: Generated<string>;
  correlation_id: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export type FeatureRow = Selectable<FeatureEngineeredDataTable>;
