export {
  loadConfig,
  loadFeatureEngineeringConfig,
  loadIngestionConfig,
  loadLogSinkConfig,
  loadOrderExecutionConfig,
  loadPredictionConfig,
  type FeatureEngineeringConfig,
  type IngestionConfig,
  type LogSinkConfig,
  type OrderExecutionConfig,
  type PredictionConfig,
} from './load-config.ts';
export { ConfigError, type ConfigIssue } from './config-error.ts';
export { secretValues } from './secret-values.ts';
export type { BaseConfig, LogLevel, NodeEnv } from './sections/base.ts';
export type { MarketCalendarSettings } from './sections/market-calendar.ts';
export type { IngestionSettings } from './sections/ingestion.ts';
export type { FeatureEngineeringSettings } from './sections/feature-engineering.ts';
export type { PredictionSettings } from './sections/prediction.ts';
export type { BrokerName, OrderExecutionSettings, PaperCommission } from './sections/order-execution.ts';
export type { LogSinkSettings } from './sections/log-sink.ts';
export type { ProviderSecrets } from './sections/shared-fields.ts';
export { loadApiConfig, type ApiConfig } from './api-config.ts';
