const HOUR = 60 * 60;
const DAY = 24 * HOUR;

/**
 * Failed jobs stay a week so an engineer can inspect them (and their invalid payloads); completed
 * ones only as long as deduplication by job id is useful, because Redis memory is not an archive —
 * PostgreSQL is the record.
 */
export const RETENTION = {
  completedShort: { age: HOUR, count: 10_000 },
  completedDay: { age: DAY, count: 10_000 },
  failedWeek: { age: 7 * DAY, count: 10_000 },
} as const;
