/** Where bars come from; `source` of market_data and of every market payload. */
export const SOURCES = ['yahoo', 'alpaca', 'polygon', 'synthetic', 'csv'] as const;
export type Source = (typeof SOURCES)[number];

/** Sources a scheduled ingest can fetch by itself (a CSV import needs a file). */
export const SCHEDULABLE_SOURCES = ['yahoo', 'alpaca', 'polygon', 'synthetic'] as const satisfies readonly Source[];
export type SchedulableSource = (typeof SCHEDULABLE_SOURCES)[number];
