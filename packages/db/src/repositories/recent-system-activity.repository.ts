import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { ActivityType, RecentSystemActivityView } from '../schema/recent-system-activity.ts';

export interface RecentActivityQuery {
  limit: number;
  offset?: number;
  activityType?: ActivityType;
  correlationId?: string;
}

/** The view `recent_system_activity` (the last 24 hours of the log tables), newest first, one page. */
export function recentActivityPage(db: Kysely<Database>, query: RecentActivityQuery): Promise<RecentSystemActivityView[]> {
  let q = db.selectFrom('recent_system_activity').selectAll();
  if (query.activityType !== undefined) q = q.where('activity_type', '=', query.activityType);
  if (query.correlationId !== undefined) q = q.where('correlation_id', '=', query.correlationId);
  return q.orderBy('timestamp', 'desc').orderBy('id', 'desc').limit(query.limit).offset(query.offset ?? 0).execute();
}
