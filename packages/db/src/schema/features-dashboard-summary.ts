
/** Materialized view `mv_features_dashboard_summary` (read-only; refresh with refreshDashboardSummary). */
export interface FeaturesDashboardSummaryView {
  symbol: string;
  latest_timestamp: Date;
  total_records: number;
  latest_version: string | null;
  rsi_coverage: number;
  ma_coverage: number;
}
