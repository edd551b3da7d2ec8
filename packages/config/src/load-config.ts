// One loader per process kind. Each parses the base section plus the sections its process uses, and
// nothing else: a missing Alpaca key or a bad RISK_LIMITS cannot stop feature-engineering.
import { baseSection, type BaseConfig } from './sections/base.ts';
import { featureEngineeringSection, type FeatureEngineeringSettings } from './sections/feature-engineering.ts';
import { ingestionSection, type IngestionSettings } from './sections/ingestion.ts';
import { logSinkSection, type LogSinkSettings } from './sections/log-sink.ts';
import { marketCalendarSection, type MarketCalendarSettings } from './sections/market-calendar.ts';
import { orderExecutionSection, type OrderExecutionSettings } from './sections/order-execution.ts';
import { predictionSection, type PredictionSettings } from './sections/prediction.ts';
import { loadSections } from './section.ts';

export type IngestionConfig = BaseConfig & MarketCalendarSettings & IngestionSettings;
export type FeatureEngineeringConfig = BaseConfig & MarketCalendarSettings & FeatureEngineeringSettings;
export type PredictionConfig = BaseConfig & PredictionSettings;
export type OrderExecutionConfig = BaseConfig & MarketCalendarSettings & OrderExecutionSettings;
export type LogSinkConfig = BaseConfig & LogSinkSettings;

type Env = NodeJS.ProcessEnv;

/**
 * The base configuration alone (stores, logging, telemetry, health): what a process that belongs to
 * no service section needs, such as the CLI. Throws `ConfigError` listing every invalid variable.
 */
export function loadConfig(env: Env = process.env): BaseConfig {
  return loadSections([baseSection], env);
}

export function loadIngestionConfig(env: Env = process.env): IngestionConfig {
  return loadSections([baseSection, marketCalendarSection, ingestionSection], env);
}

export function loadFeatureEngineeringConfig(env: Env = process.env): FeatureEngineeringConfig {
  return loadSections([baseSection, marketCalendarSection, featureEngineeringSection], env);
}

export function loadPredictionConfig(env: Env = process.env): PredictionConfig {
  return loadSections([baseSection, predictionSection], env);
}

export function loadOrderExecutionConfig(env: Env = process.env): OrderExecutionConfig {
  return loadSections([baseSection, marketCalendarSection, orderExecutionSection], env);
}

export function loadLogSinkConfig(env: Env = process.env): LogSinkConfig {
  return loadSections([baseSection, logSinkSection], env);
}
