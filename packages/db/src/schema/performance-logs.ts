import type { Generated } from 'kysely';
import type { DefaultTimestamp, Json } from './column-types.ts';

export interface PerformanceLogsTable {
  id: Generated<number>;
  timestamp: DefaultTimestamp;
  operation_name: string;
  duration_ms: number;
  status: string;
  component: string | null;
  correlation_id: string | null;
  memory_usage_mb: number | null;
  cpu_usage_percent: number | null;
  metadata: Json;
  created_at: DefaultTimestamp;
}
