import type { ApiKeysTable } from './api-keys.ts';
import type { BacktestEquityTable } from './backtest-equity.ts';
import type { BacktestFillsTable } from './backtest-fills.ts';
import type { BacktestOrdersTable } from './backtest-orders.ts';
import type { BacktestRunsTable } from './backtest-runs.ts';
import type { ErrorLogsTable } from './error-logs.ts';
import type { FeatureEngineStateTable } from './feature-engine-state.ts';
import type { FeatureEngineeredDataTable } from './feature-engineered-data.ts';
import type { FeaturesDashboardSummaryView } from './features-dashboard-summary.ts';
import type { FillsTable } from './fills.ts';
import type { MarketDataTable } from './market-data.ts';
import type { ModelArtifactsTable } from './model-artifacts.ts';
import type { ModelsTable } from './models.ts';
import type { OrdersTable } from './orders.ts';
import type { PerformanceLogsTable } from './performance-logs.ts';
import type { PredictionsTable } from './predictions.ts';
import type { RecentSystemActivityView } from './recent-system-activity.ts';
import type { StockInfoTable } from './stock-info.ts';
import type { SystemLogsTable } from './system-logs.ts';
import type { TradingControlsTable } from './trading-controls.ts';
import type { TradingEventsTable } from './trading-events.ts';
import type { UserActionLogsTable } from './user-action-logs.ts';

/** Every table and view of the mltrading database, as Kysely sees them. */
export interface Database {
  market_data: MarketDataTable;
  stock_info: StockInfoTable;
  feature_engineered_data: FeatureEngineeredDataTable;
  feature_engine_state: FeatureEngineStateTable;
  orders: OrdersTable;
  fills: FillsTable;
  models: ModelsTable;
  predictions: PredictionsTable;
  model_artifacts: ModelArtifactsTable;
  trading_controls: TradingControlsTable;
  backtest_runs: BacktestRunsTable;
  backtest_orders: BacktestOrdersTable;
  backtest_fills: BacktestFillsTable;
  backtest_equity: BacktestEquityTable;
  system_logs: SystemLogsTable;
  trading_events: TradingEventsTable;
  performance_logs: PerformanceLogsTable;
  error_logs: ErrorLogsTable;
  user_action_logs: UserActionLogsTable;
  api_keys: ApiKeysTable;
  mv_features_dashboard_summary: FeaturesDashboardSummaryView;
  recent_system_activity: RecentSystemActivityView;
}

/** The writable tables (the seed's twelve plus the project's own; the two views excluded). */
export type TableName = Exclude<keyof Database, 'mv_features_dashboard_summary' | 'recent_system_activity'>;
