import type { Interval, SchedulableSource } from '@mltrading/market';
import { ConfigError } from './config-error.ts';
import { envSchema, type BrokerName, type LogLevel, type NodeEnv, type PaperCommission } from './env-schema.ts';

/** The validated, typed configuration of one process. Frozen: nothing may change it after start-up. */
export interface AppConfig {
  readonly nodeEnv: NodeEnv;
  readonly serviceName: string | undefined;
  readonly databaseUrl: string;
  readonly databasePoolSize: number;
  readonly redisUrl: string;
  /**
   * Start even when Redis's maxmemory-policy may evict keys (an evicted job is lost work); by
   * default a service refuses to start on such a Redis.
   */
  readonly redisAllowEviction: boolean;
  readonly queuePrefix: string;
  readonly logLevel: LogLevel;
  readonly logPretty: boolean;
  readonly workerConcurrency: number;
  readonly shutdownTimeoutMs: number;
  /** 0 lets the OS pick a free port (the bound port is then logged by the service). */
  readonly healthPort: number;
  readonly otelExporterOtlpEndpoint: string | undefined;
  readonly marketTimezone: string;
  /** Regular session in local wall-clock 'HH:MM', [open, close), split at midday (time features). */
  readonly marketSession: { readonly open: string; readonly close: string; readonly midday: string };
  readonly alpacaApiKeyId: string | undefined;
  readonly alpacaApiSecretKey: string | undefined;
  readonly polygonApiKey: string | undefined;
  readonly yahooBaseUrl: string | undefined;
  readonly alpacaDataUrl: string | undefined;
  readonly polygonBaseUrl: string | undefined;
  /** Where order-execution sends orders: the built-in paper broker or Alpaca. */
  readonly broker: BrokerName;
  /** Alpaca trading API origin (orders, account activities); the paper endpoint unless overridden. */
  readonly alpacaTradingUrl: string;
  /** Symbols the ingestion service's scheduler ingests every interval; empty: no schedule. */
  readonly ingestUniverse: readonly string[];
  readonly ingestSource: SchedulableSource;
  readonly ingestInterval: Interval;
  /** How far back an ingest without a start goes for a symbol with no stored bars. */
  readonly ingestLookbackDays: number;
  /** Stored bars re-fetched at the start of an incremental ingest, so revised bars are corrected. */
  readonly ingestOverlapBars: number;
  /** Requests per second per source, shared by every ingestion worker. */
  readonly sourceRateLimits: Readonly<Record<string, number>>;
  /** How long one HTTP request to a data provider may take before it fails (and is retried). */
  readonly sourceRequestTimeoutMs: number;
  /** First pause after a 429 without Retry-After; each further one in the same job doubles it. */
  readonly sourceRateLimitBackoffMs: number;
  /** Total pause after which a job that keeps getting 429s without Retry-After fails for good. */
  readonly sourceRateLimitGiveUpMs: number;
  /** Intraday bars outside the regular session (MARKET_*): stored (`keep`) or skipped (`drop`). */
  readonly ingestExtendedHours: 'keep' | 'drop';
  readonly syntheticSeed: number;
  /** Bars computed per slice of a long history; the event loop (and BullMQ's lock renewal) runs between slices. */
  readonly featuresChunkBars: number;
  /** Period of the dashboard view's scheduled refresh. */
  readonly featuresDashboardRefreshEveryMs: number;
  /** Quiet time after a backfill before the dashboard view is refreshed (debounce). */
  readonly featuresDashboardRefreshDelayMs: number;
  /** Period of the sweep that re-enqueues `features` work for bars newer than their engine state. */
  readonly featuresSweepEveryMs: number;
  /** order-execution's strategy: its kind, its name (orders.strategy; default the kind) and its parameters (validated at start). */
  readonly orderStrategy: { readonly kind: string; readonly name: string; readonly params: Readonly<Record<string, unknown>> };
  /** Risk limits as the trading package's `riskLimits` reads them (validated at start); trading hours default to MARKET_*. */
  readonly riskLimits: Readonly<Record<string, unknown>>;
  /** The market_data source whose bars give order-execution its prices and the paper broker its fills. */
  readonly executionBarSource: string;
  /** The paper broker's fill simulator. */
  readonly paperBroker: {
    readonly slippageBps: number;
    readonly commission: PaperCommission;
    /** Largest share of a bar's volume one order takes; null = no cap. */
    readonly maxVolumeShare: number | null;
    /** A paper order trades on at most this many bars after its decision bar, then expires. */
    readonly expireAfterBars: number;
  };
  /** Period of order-execution's reconciliation with the broker and its sweep of undecided predictions. */
  readonly reconcileEveryMs: number;
  /** Period of the prediction sweep (feature rows without a prediction of an active model are queued again). */
  readonly predictionSweepEveryMs: number;
  /** How far back the prediction sweep looks for feature rows without a prediction. */
  readonly predictionSweepLookbackMs: number;
  /** Period of the retraining of active models on a rolling window. */
  readonly predictionRetrainEveryMs: number;
}

/**
 * Parses the environment once. Empty strings count as unset because compose files and CI
 * commonly export `VAR=` for "not configured", and a blank secret is never a real one.
 * Throws `ConfigError` listing every invalid variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const present: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') present[key] = value;
  }

  const result = envSchema.safeParse(present);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? '(environment)');
      // Custom messages already name the variable; strip it so the list does not repeat itself.
      const reason = issue.message.startsWith(`${variable} `) ? issue.message.slice(variable.length + 1) : issue.message;
      return { variable, reason };
    });
    throw new ConfigError(issues);
  }

  const raw = result.data;
  return Object.freeze({
    nodeEnv: raw.NODE_ENV,
    serviceName: raw.SERVICE_NAME,
    databaseUrl: raw.DATABASE_URL,
    databasePoolSize: raw.DATABASE_POOL_SIZE,
    redisUrl: raw.REDIS_URL,
    redisAllowEviction: raw.REDIS_ALLOW_EVICTION,
    queuePrefix: raw.QUEUE_PREFIX,
    logLevel: raw.LOG_LEVEL,
    logPretty: raw.LOG_PRETTY,
    workerConcurrency: raw.WORKER_CONCURRENCY,
    shutdownTimeoutMs: raw.SHUTDOWN_TIMEOUT_MS,
    healthPort: raw.HEALTH_PORT,
    otelExporterOtlpEndpoint: raw.OTEL_EXPORTER_OTLP_ENDPOINT,
    marketTimezone: raw.MARKET_TIMEZONE,
    marketSession: Object.freeze({ open: raw.MARKET_SESSION_OPEN, close: raw.MARKET_SESSION_CLOSE, midday: raw.MARKET_MIDDAY }),
    alpacaApiKeyId: raw.ALPACA_API_KEY_ID,
    alpacaApiSecretKey: raw.ALPACA_API_SECRET_KEY,
    polygonApiKey: raw.POLYGON_API_KEY,
    yahooBaseUrl: raw.YAHOO_BASE_URL,
    alpacaDataUrl: raw.ALPACA_DATA_URL,
    polygonBaseUrl: raw.POLYGON_BASE_URL,
    broker: raw.BROKER,
    alpacaTradingUrl: raw.ALPACA_TRADING_URL,
    ingestUniverse: Object.freeze(raw.INGEST_UNIVERSE),
    ingestSource: raw.INGEST_SOURCE,
    ingestInterval: raw.INGEST_INTERVAL,
    ingestLookbackDays: raw.INGEST_LOOKBACK_DAYS,
    ingestOverlapBars: raw.INGEST_OVERLAP_BARS,
    sourceRateLimits: Object.freeze(raw.SOURCE_RATE_LIMITS),
    sourceRequestTimeoutMs: raw.SOURCE_REQUEST_TIMEOUT_MS,
    sourceRateLimitBackoffMs: raw.SOURCE_RATE_LIMIT_BACKOFF_MS,
    sourceRateLimitGiveUpMs: raw.SOURCE_RATE_LIMIT_GIVE_UP_MS,
    ingestExtendedHours: raw.INGEST_EXTENDED_HOURS,
    syntheticSeed: raw.SYNTHETIC_SEED,
    featuresChunkBars: raw.FEATURES_CHUNK_BARS,
    featuresDashboardRefreshEveryMs: raw.FEATURES_DASHBOARD_REFRESH_EVERY_MS,
    featuresDashboardRefreshDelayMs: raw.FEATURES_DASHBOARD_REFRESH_DELAY_MS,
    featuresSweepEveryMs: raw.FEATURES_SWEEP_EVERY_MS,
    orderStrategy: Object.freeze({ kind: raw.ORDER_STRATEGY, name: raw.ORDER_STRATEGY_NAME ?? raw.ORDER_STRATEGY, params: Object.freeze(raw.ORDER_STRATEGY_PARAMS) }),
    riskLimits: Object.freeze(raw.RISK_LIMITS),
    executionBarSource: raw.EXECUTION_BAR_SOURCE ?? raw.INGEST_SOURCE,
    paperBroker: Object.freeze({
      slippageBps: raw.PAPER_SLIPPAGE_BPS,
      commission: Object.freeze(raw.PAPER_COMMISSION),
      maxVolumeShare: raw.PAPER_MAX_VOLUME_SHARE,
      expireAfterBars: raw.PAPER_EXPIRE_AFTER_BARS,
    }),
    reconcileEveryMs: raw.RECONCILE_EVERY_MS,
    predictionSweepEveryMs: raw.PREDICTION_SWEEP_EVERY_MS,
    predictionSweepLookbackMs: raw.PREDICTION_SWEEP_LOOKBACK_MS,
    predictionRetrainEveryMs: raw.PREDICTION_RETRAIN_EVERY_MS,
  });
}
