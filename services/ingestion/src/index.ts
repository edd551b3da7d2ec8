// The package entry named in package.json: the service's workers and task, and the sources and
// validation for callers that fetch or check bars without running the service.
export { workers } from './workers.ts';
export { universeIngestSchedule, UNIVERSE_SCHEDULER_ID } from './ingest/schedule-universe-ingest.ts';
export { createSources, type SourceRequest } from './sources/create-source.ts';
export type { BarRequest, MarketDataSource, RawBar, StockInfo } from './sources/market-data-source.ts';
export { SourceError, type SourceErrorKind } from './sources/source-error.ts';
export { createCsvSource, parseCsvBars, readCsvBars } from './sources/csv/index.ts';
export { validateBars, BAR_REJECTION_REASONS, type BarRejectionReason, type ValidBar } from './validation/validate-bars.ts';
