import type { Generated } from 'kysely';
import type { DefaultTimestamp, Json } from './column-types.ts';

export interface ErrorLogsTable {
  id: Generated<number>;
  timestamp: DefaultTimestamp;
  error_type: string;
  error_message: string;
  stack_trace: string | null;
  component: string | null;
  correlation_id: string | null;
  user_id: string | null;
  request_path: string | null;
  metadata: Json;
  created_at: DefaultTimestamp;
}
