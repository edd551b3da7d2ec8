export { loadConfig, type AppConfig } from './load-config.ts';
export { ConfigError, type ConfigIssue } from './config-error.ts';
export { secretValues } from './secret-values.ts';
export type { BrokerName, LogLevel, NodeEnv, PaperCommission } from './env-schema.ts';
export { loadApiConfig, type ApiConfig } from './api-config.ts';
