import type { JsonValue } from './column-types.ts';

export type ActivityType = 'system_log' | 'trading_event' | 'performance_log' | 'error_log';

/** View `recent_system_activity`: the last 24 hours of the four activity tables, newest first. */
export interface RecentSystemActivityView {
  activity_type: ActivityType;
  id: number;
  timestamp: Date;
  level: string;
  component: string | null;
  summary: string;
  correlation_id: string | null;
  metadata: JsonValue | null;
}
