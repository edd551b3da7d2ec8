import type { ErrorLogsTable } from './error-logs.ts';
import type { FeatureEngineStateTable } from './feature-engine-state.ts';
import type { FeatureEngineeredDataTable } from './feature-engineered-data.ts';
import type { FeaturesDashboardSummaryView } from './features-dashboard-summary.ts';
import type { FillsTable } from './fills.ts';
import type { MarketDataTable } from './market-data.ts';
import type { ModelsTable } from './models.ts';
import type { OrdersTable } from './orders.ts';
import type { PerformanceLogsTable } from './performance-logs.ts';
import type { PredictionsTable } from './predictions.ts';
import type { RecentSystemActivityView } from './recent-system-activity.ts';
import type { StockInfoTable } from './stock-info.ts';
import type { SystemLogsTable } from './system-logs.ts';
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
  system_logs: SystemLogsTable;
  trading_events: TradingEventsTable;
  performance_logs: PerformanceLogsTable;
  error_logs: ErrorLogsTable;
  user_action_logs: UserActionLogsTable;
  mv_features_dashboard_summary: FeaturesDashboardSummaryView;
  recent_system_activity: RecentSystemActivityView;
}

/** The writable tables (the seed's twelve plus feature_engine_state; the two views excluded). */
export type TableName = Exclude<keyof Database, 'mv_features_dashboard_summary' | 'recent_system_activity'>;
