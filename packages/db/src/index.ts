export { createDb, type CreateDbOptions } from './connection/create-db.ts';
export { ensureDatabase, adminUrlFor } from './connection/ensure-database.ts';
export { databaseNameOf, redactUrl } from './connection/database-name-of.ts';
export { pingDatabase } from './connection/ping-database.ts';

export type * from './schema/column-types.ts';
export type { Database, TableName } from './schema/database.ts';
export type * from './schema/market-data.ts';
export type * from './schema/stock-info.ts';
export type * from './schema/feature-engineered-data.ts';
export type * from './schema/feature-engine-state.ts';
export type * from './schema/orders.ts';
export type * from './schema/fills.ts';
export type * from './schema/models.ts';
export type * from './schema/predictions.ts';
export type * from './schema/system-logs.ts';
export type * from './schema/trading-events.ts';
export type * from './schema/performance-logs.ts';
export type * from './schema/error-logs.ts';
export type * from './schema/user-action-logs.ts';
export type * from './schema/features-dashboard-summary.ts';
export type * from './schema/recent-system-activity.ts';

export { migrateToLatest, migrateTo, migrateDown, migrationStatus, MigrationError, type MigrationState } from './migrator/migrate.ts';
export { MIGRATION_FOLDER } from './migrator/create-migrator.ts';

export { bulkUpsert, type BulkUpsertOptions, type BulkUpsertResult, type BulkRow, type ColumnName } from './bulk/bulk-upsert.ts';
export { InvalidValueError } from './bulk/copy-text-encoder.ts';

export { recentFeaturesIndexCutoff, rollRecentFeaturesIndex, rollRecentFeaturesIndexIfDue } from './maintenance/roll-recent-features-index.ts';
export { RECENT_FEATURES_INDEX, RECENT_FEATURES_DAYS, recentFeaturesCutoff } from './maintenance/recent-features-index.ts';
export { refreshDashboardSummary, type RefreshDashboardSummaryOptions } from './maintenance/refresh-dashboard-summary.ts';

export {
  MAX_STORABLE_PRICE,
  MIN_STORABLE_PRICE,
  MAX_STORABLE_VOLUME,
  MAX_LOGGED_DURATION_MS,
  MAX_LOGGED_CPU_PERCENT,
  MAX_STORABLE_PREDICTION_VALUE,
  PREDICTION_VALUE_DECIMALS,
  isStorablePredictionValue,
  toStoragePrecision,
  type BarValues,
  type TimedBarValues,
} from './schema/column-limits.ts';
export { withSavepoint } from './transactions/with-savepoint.ts';

// Repositories: one module per table or table family, every function takes `db` or `trx` first.
export {
  upsertMarketData,
  copyNewMarketData,
  latestBarTimestamps,
  loadBars,
  loadBarColumns,
  firstChangedBar,
  storedBarsInRange,
  barsWrittenUnder,
  storedSpans,
  barAt,
  barsAfter,
  symbolHasBars,
  storedSources,
  latestCloses,
  type BarAtQuery,
  type MarketBarInput,
  type LoadBarsQuery,
  type MarketBarColumns,
  type LoadBarColumnsQuery,
  type ChangedBarsQuery,
  type StoredBarsQuery,
  type BarsWritten,
  type BarsWrittenQuery,
  type StoredSpan,
} from './repositories/market-data.repository.ts';
export {
  writeFeatureColumns,
  featureRowsExist,
  newestFeatureTimestamp,
  dashboardSummarySymbolCount,
  featureValueAt,
  type FeatureValueQuery,
  type FeatureColumnsBatch,
  type FeatureRowsRangeQuery,
  type NewestFeatureRowQuery,
  type WriteFeatureColumnsOptions,
  type WriteFeatureColumnsResult,
} from './repositories/feature-engineered-data.repository.ts';
export { FEATURE_COPY_COLUMNS, InvalidFeatureBatchError } from './bulk/feature-copy-encoder.ts';
export {
  loadFeatureEngineState,
  saveFeatureEngineState,
  deleteFeatureEngineState,
  lockFeatureEngineState,
  findFeaturesBehind,
  type FeatureEngineStateKey,
  type StoredFeatureEngineState,
  type FeatureEngineStateWrite,
  type FeaturesBehind,
  type FeaturesBehindQuery,
} from './repositories/feature-engine-state.repository.ts';
export {
  upsertStockInfo,
  stockInfoFreshness,
  markStockInfoChecked,
  deleteSyntheticStockInfo,
  type StockInfoInput,
  type StockInfoFreshness,
} from './repositories/stock-info.repository.ts';
export {
  insertSystemLogs,
  insertTradingEvents,
  insertPerformanceLogs,
  insertErrorLogs,
  insertUserActionLogs,
  claimLogBatch,
  type LogRecord,
} from './repositories/logs.repository.ts';

// Reports: read-only views across tables.
export { databaseStats, type DatabaseStats, type TableSize, type IndexUsage, type LogLevelCount } from './reports/database-stats.ts';
export { traceFlow, type FlowTrace, type FlowStage, type FlowEvent } from './reports/flow-trace.ts';
export { flowSummary } from './reports/flow-summary.ts';
export { applyRetention, RETENTION_POLICY, type RetentionRule, type RetentionOptions, type RetentionResult } from './maintenance/retention.ts';
export { schemaState } from './reports/schema-state.ts';

export type * from './schema/model-artifacts.ts';
export type * from './schema/trading-controls.ts';
export type * from './schema/backtest-runs.ts';
export type * from './schema/backtest-orders.ts';
export type * from './schema/backtest-fills.ts';
export type * from './schema/backtest-equity.ts';
export { ModelNotFoundError, ModelExistsError, ModelStatusError } from './errors/model-errors.ts';
export { ArtifactNotFoundError, ArtifactCorruptError, InvalidArtifactReferenceError } from './errors/artifact-errors.ts';
export {
  OrderNotFoundError,
  OrderTransitionConflictError,
  IllegalOrderTransitionError,
  OverfillError,
  OrderFillStateError,
  FillConflictError,
  InvalidTradingValueError,
} from './errors/order-errors.ts';
export { BacktestRunNotFoundError, BacktestRunFinishedError } from './errors/backtest-errors.ts';
export {
  registerModel,
  getModel,
  activeModels,
  listModels,
  promoteModel,
  retireModel,
  type RegisterModelInput,
  type ActiveModelsQuery,
  type ListModelsQuery,
  type PromotionResult,
} from './repositories/models.repository.ts';
export {
  storeArtifact,
  loadArtifact,
  artifactUri,
  parseArtifactReference,
  sha256Of,
  ARTIFACT_URI_PREFIX,
  type StoredArtifact,
  type LoadedArtifact,
} from './repositories/model-artifacts.repository.ts';
export {
  upsertPredictions,
  predictionsByIds,
  featureRowsWithoutPrediction,
  undecidedPredictionIds,
  type UndecidedPredictionsQuery,
  type PredictionInput,
  type FeatureRowsWithoutPredictionQuery,
  type FeatureRowRef,
} from './repositories/predictions.repository.ts';
export { loadFeatureColumns, type FeatureColumnsQuery, type FeatureColumns } from './repositories/feature-columns.repository.ts';
export {
  insertOrderIfAbsent,
  transitionOrder,
  getOrder,
  ordersInFlight,
  orderTimesSince,
  openOrderQuantities,
  listOrders,
  type ListOrdersQuery,
  ORDER_TRANSITIONS,
  IN_FLIGHT_STATUSES,
  type OrderInput,
  type InsertOrderResult,
  type OrderTransition,
  type TransitionResult,
  type OrdersInFlightQuery,
} from './repositories/orders.repository.ts';
export {
  recordFill,
  fillsOfOrder,
  positionsFromFills,
  fillsWithSide,
  type FillWithSide,
  type FillInput,
  type RecordFillResult,
  type PositionsQuery,
  type PositionFromFills,
} from './repositories/fills.repository.ts';
export { recordSignalSkipped, signalSkippedEvents, type SignalSkippedInput } from './repositories/trading-events.repository.ts';
export { setTradingHalted, isTradingHalted, tradingControls, GLOBAL_SCOPE, type SetTradingHaltedInput } from './repositories/trading-controls.repository.ts';
export {
  createBacktestRun,
  finishBacktestRun,
  getBacktestRun,
  listBacktestRuns,
  insertBacktestOrders,
  insertBacktestFills,
  insertBacktestEquity,
  loadBacktestOrders,
  loadBacktestFills,
  loadBacktestEquity,
  type CreateBacktestRunInput,
  type FinishBacktestRunInput,
  type ListBacktestRunsQuery,
} from './repositories/backtest-results.repository.ts';
export { API_KEY_ROLES, type ApiKeyRole, type ApiKeysTable, type ApiKeyRow, type NewApiKeyRow } from './schema/api-keys.ts';
export { insertApiKey, findApiKey, listApiKeys, revokeApiKey, type InsertApiKeyInput } from './repositories/api-keys.repository.ts';
export type { PageQuery } from './repositories/page-query.ts';
export { ordersPage, type OrdersPageQuery } from './repositories/orders.repository.ts';
export { fillsPage, type FillsPageQuery } from './repositories/fills.repository.ts';
export { predictionsPage, type PredictionsPageQuery } from './repositories/predictions.repository.ts';
export { stockInfoPage, type StockInfoPageQuery } from './repositories/stock-info.repository.ts';
export {
  featureRowsPage,
  isReadableFeatureColumn,
  FEATURE_ROW_BAR_COLUMNS,
  type FeatureRowsPageQuery,
  type FeatureRowValues,
} from './repositories/feature-engineered-data.repository.ts';
export { symbolSummaryPage, type SymbolSummary } from './repositories/features-dashboard-summary.repository.ts';
export { recentActivityPage, type RecentActivityQuery } from './repositories/recent-system-activity.repository.ts';
