import type { Generated } from 'kysely';
import type { DefaultTimestamp, Json } from './column-types.ts';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

export interface SystemLogsTable {
  id: Generated<number>;
  timestamp: DefaultTimestamp;
  level: LogLevel;
  logger_name: string;
  correlation_id: string | null;
  message: string;
  module: string | null;
  function_name: string | null;
  line_number: number | null;
  thread_name: string | null;
  process_id: number | null;
  metadata: Json;
  created_at: DefaultTimestamp;
}
