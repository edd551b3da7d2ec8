import type { Generated } from 'kysely';
import type { DefaultTimestamp, Json } from './column-types.ts';

export interface UserActionLogsTable {
  id: Generated<number>;
  timestamp: DefaultTimestamp;
  action_type: string;
  user_id: string | null;
  session_id: string | null;
  /** INET, read and written as its text form. */
  ip_address: string | null;
  user_agent: string | null;
  request_path: string | null;
  request_method: string | null;
  response_status: number | null;
  duration_ms: number | null;
  correlation_id: string | null;
  metadata: Json;
  created_at: DefaultTimestamp;
}
