import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  loadConfig,
  loadFeatureEngineeringConfig,
  loadIngestionConfig,
  loadLogSinkConfig,
  loadOrderExecutionConfig,
  loadPredictionConfig,
  secretValues,
} from '../src/index.ts';

type Loader = (env: Record<string, string>) => object;

function expectConfigError(env: Record<string, string>, load: Loader = loadConfig): ConfigError {
  try {
    load(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected the loader to throw');
}

const BASE_DEFAULTS = {
  nodeEnv: 'development',
  serviceName: undefined,
  databaseUrl: 'postgres://root@127.0.0.1:5432/mltrading',
  databasePoolSize: 10,
  redisUrl: 'redis://127.0.0.1:6379',
  redisAllowEviction: false,
  queuePrefix: 'mlt',
  logLevel: 'info',
  logPretty: false,
  workerConcurrency: 4,
  shutdownTimeoutMs: 30000,
  healthPort: 0,
  otelExporterOtlpEndpoint: undefined,
};
const MARKET_DEFAULTS = { marketTimezone: 'America/New_York', marketSession: { open: '09:30', close: '16:00', midday: '12:00' } };

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    expect(loadConfig({})).toEqual(BASE_DEFAULTS);
  });

  it('returns a frozen object', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { workerConcurrency: number }).workerConcurrency = 99;
    }).toThrow(TypeError);
  });

  it('parses explicit values', () => {
    const config = loadIngestionConfig({
      NODE_ENV: 'production',
      SERVICE_NAME: 'ingestion',
      DATABASE_URL: 'postgresql://app:pw@db:5432/mlt',
      DATABASE_POOL_SIZE: '25',
      REDIS_URL: 'rediss://:pw@redis:6380',
      QUEUE_PREFIX: 'prod-mlt',
      LOG_LEVEL: 'DEBUG',
      LOG_PRETTY: '1',
      WORKER_CONCURRENCY: '16',
      SHUTDOWN_TIMEOUT_MS: '5000',
      HEALTH_PORT: '8080',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel:4318',
      MARKET_TIMEZONE: 'Europe/London',
      MARKET_SESSION_OPEN: '08:00',
      MARKET_SESSION_CLOSE: '16:30',
      MARKET_MIDDAY: '12:00',
      POLYGON_BASE_URL: 'https://api.polygon.io',
    });
    expect(config).toMatchObject({
      nodeEnv: 'production',
      serviceName: 'ingestion',
      databasePoolSize: 25,
      queuePrefix: 'prod-mlt',
      logLevel: 'debug',
      logPretty: true,
      workerConcurrency: 16,
      shutdownTimeoutMs: 5000,
      healthPort: 8080,
      otelExporterOtlpEndpoint: 'http://otel:4318',
      marketTimezone: 'Europe/London',
      marketSession: { open: '08:00', close: '16:30', midday: '12:00' },
      polygonBaseUrl: 'https://api.polygon.io',
    });
  });

  it.each([
    ['true', true],
    ['false', false],
    ['1', true],
    ['0', false],
    ['TRUE', true],
  ])('accepts boolean %s', (raw, expected) => {
    expect(loadConfig({ LOG_PRETTY: raw }).logPretty).toBe(expected);
    expect(loadConfig({ REDIS_ALLOW_EVICTION: raw }).redisAllowEviction).toBe(expected);
  });

  it('treats empty strings as unset', () => {
    const config = loadIngestionConfig({ WORKER_CONCURRENCY: '', POLYGON_API_KEY: '  ', SERVICE_NAME: '' });
    expect(config.workerConcurrency).toBe(4);
    expect(config.polygonApiKey).toBeUndefined();
    expect(config.serviceName).toBeUndefined();
  });

  it.each([
    ['NODE_ENV', 'staging', /one of development, test, production/, loadConfig],
    ['LOG_LEVEL', 'verbose', /one of trace, debug, info, warn, error, fatal/, loadConfig],
    ['LOG_PRETTY', 'yes', /one of true, false, 1, 0/, loadConfig],
    ['WORKER_CONCURRENCY', '0', />= 1/, loadConfig],
    ['WORKER_CONCURRENCY', '-3', />= 1/, loadConfig],
    ['WORKER_CONCURRENCY', '2.5', /integer/, loadConfig],
    ['DATABASE_POOL_SIZE', 'ten', /integer/, loadConfig],
    ['SHUTDOWN_TIMEOUT_MS', '12abc', /integer/, loadConfig],
    ['HEALTH_PORT', '70000', /<= 65535/, loadConfig],
    ['DATABASE_URL', 'mysql://root@db/x', /scheme postgres or postgresql/, loadConfig],
    ['DATABASE_URL', 'not a url', /scheme postgres or postgresql/, loadConfig],
    ['REDIS_URL', 'http://redis:6379', /scheme redis or rediss/, loadConfig],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'otel:4318', /URL with scheme http or https/, loadConfig],
    ['YAHOO_BASE_URL', 'ftp://x', /URL with scheme http or https/, loadIngestionConfig],
    ['MARKET_TIMEZONE', 'Mars/Olympus', /IANA time zone/, loadIngestionConfig],
    ['SOURCE_REQUEST_TIMEOUT_MS', '50', />= 100/, loadIngestionConfig],
    ['BROKER', 'ibkr', /one of paper, alpaca/, loadOrderExecutionConfig],
    ['ALPACA_TRADING_URL', 'paper-api.alpaca.markets', /URL with scheme http or https/, loadOrderExecutionConfig],
    ['INGEST_EXTENDED_HOURS', 'maybe', /one of keep, drop/, loadIngestionConfig],
    ['SOURCE_RATE_LIMIT_BACKOFF_MS', '10', />= 100/, loadIngestionConfig],
    ['SOURCE_RATE_LIMIT_GIVE_UP_MS', 'forever', /integer/, loadIngestionConfig],
    ['INGEST_UNIVERSE', 'AAPL,BRK B', /comma-separated list of symbols/, loadIngestionConfig],
    ['MARKET_SESSION_OPEN', '9:30', /24-hour time HH:MM/, loadIngestionConfig],
    ['MARKET_SESSION_CLOSE', '24:00', /24-hour time HH:MM/, loadIngestionConfig],
    ['MARKET_SESSION_CLOSE', '09:00', /after MARKET_SESSION_OPEN \(09:30\)/, loadIngestionConfig],
    ['MARKET_MIDDAY', '17:00', /within the session 09:30-16:00/, loadIngestionConfig],
    ['QUEUE_PREFIX', 'mlt:prod', /may only contain/, loadConfig],
    ['SERVICE_NAME', 'bad name!', /may only contain/, loadConfig],
  ] as const)('rejects %s=%s with a readable reason', (variable, value, reason, load) => {
    const error = expectConfigError({ [variable]: value }, load);
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]?.variable).toBe(variable);
    expect(error.issues[0]?.reason).toMatch(reason);
    expect(error.message).toContain(`${variable}: `);
  });

  it('reports every bad variable at once', () => {
    const error = expectConfigError({
      NODE_ENV: 'staging',
      LOG_LEVEL: 'loud',
      WORKER_CONCURRENCY: 'many',
      REDIS_URL: 'localhost',
      HEALTH_PORT: '-1',
    });
    expect(error.issues.map((issue) => issue.variable).sort()).toEqual(
      ['HEALTH_PORT', 'LOG_LEVEL', 'NODE_ENV', 'REDIS_URL', 'WORKER_CONCURRENCY'].sort(),
    );
    expect(error.message).toMatch(/5 problems/);
    for (const variable of ['NODE_ENV', 'LOG_LEVEL', 'WORKER_CONCURRENCY', 'REDIS_URL', 'HEALTH_PORT']) {
      expect(error.message).toContain(`  - ${variable}: `);
    }
  });

  it('never echoes a rejected value into the error message', () => {
    const error = expectConfigError({ DATABASE_URL: 'mysql://app:hunter2-secret@db/x' });
    expect(error.message).not.toContain('hunter2-secret');
  });
});

describe('secretValues', () => {
  it('collects provider keys and URL passwords', () => {
    const config = loadIngestionConfig({
      DATABASE_URL: 'postgres://app:db%40pass@db:5432/mlt',
      REDIS_URL: 'redis://:redispass@redis:6379',
      ALPACA_API_KEY_ID: 'AKID123',
      ALPACA_API_SECRET_KEY: 'alpaca-secret',
      POLYGON_API_KEY: 'poly-key',
    });
    expect(secretValues(config).sort()).toEqual(
      ['AKID123', 'alpaca-secret', 'poly-key', 'db%40pass', 'db@pass', 'redispass'].sort(),
    );
  });

  it('is empty with the defaults', () => {
    expect(secretValues(loadIngestionConfig({}))).toEqual([]);
  });
});

describe('ingestion settings', () => {
  it('parses the universe, source, interval and per-source rate limits', () => {
    const config = loadIngestionConfig({ INGEST_UNIVERSE: 'aapl, MSFT,,brk.b', INGEST_SOURCE: 'synthetic', INGEST_INTERVAL: '1d', SOURCE_RATE_LIMITS: 'yahoo=1,polygon=0.5' });
    expect(config.ingestUniverse).toEqual(['AAPL', 'MSFT', 'BRK.B']);
    expect(config.ingestSource).toBe('synthetic');
    expect(config.ingestInterval).toBe('1d');
    expect(config.sourceRateLimits).toEqual({ yahoo: 1, polygon: 0.5 });
  });

  it("accepts Yahoo's symbols in the universe, and reads the extended-hours and 429 settings", () => {
    const config = loadIngestionConfig({
      INGEST_UNIVERSE: '^gspc,EURUSD=X,GC=F,0P000071W8.TO,BRK-B',
      INGEST_EXTENDED_HOURS: ' DROP ',
      SOURCE_RATE_LIMIT_BACKOFF_MS: '2000',
      SOURCE_RATE_LIMIT_GIVE_UP_MS: '60000',
    });
    expect(config.ingestUniverse).toEqual(['^GSPC', 'EURUSD=X', 'GC=F', '0P000071W8.TO', 'BRK-B']);
    expect([config.ingestExtendedHours, config.sourceRateLimitBackoffMs, config.sourceRateLimitGiveUpMs]).toEqual(['drop', 2000, 60000]);
    const defaults = loadIngestionConfig({});
    expect([defaults.ingestExtendedHours, defaults.sourceRateLimitBackoffMs, defaults.sourceRateLimitGiveUpMs]).toEqual(['keep', 15000, 1800000]);
  });

  it('defaults to no scheduled universe, yahoo hourly, a year of look-back and a 3-bar overlap', () => {
    const config = loadIngestionConfig({});
    expect(config.ingestUniverse).toEqual([]);
    expect([config.ingestSource, config.ingestInterval, config.ingestLookbackDays, config.ingestOverlapBars]).toEqual(['yahoo', '1h', 365, 3]);
    expect(config.sourceRateLimits).toEqual({ yahoo: 2, alpaca: 3, polygon: 5 });
  });

  it('lists every bad ingestion variable together', () => {
    let error: unknown;
    try {
      loadIngestionConfig({ INGEST_UNIVERSE: 'AAPL; DROP', INGEST_SOURCE: 'bloomberg', SOURCE_RATE_LIMITS: 'yahoo=fast' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const variables = (error as ConfigError).issues.map((issue) => issue.variable).sort();
    expect(variables).toEqual(['INGEST_SOURCE', 'INGEST_UNIVERSE', 'SOURCE_RATE_LIMITS']);
  });
});

describe('prediction settings', () => {
  it('sweeps every 15 minutes over a week and retrains weekly by default; refuses a retrain period under a minute', () => {
    const config = loadPredictionConfig({ PREDICTION_RETRAIN_EVERY_MS: '86400000' });
    expect(config.predictionRetrainEveryMs).toBe(86_400_000);
    expect(loadPredictionConfig({}).predictionSweepLookbackMs).toBe(604_800_000);
    const error = expectConfigError({ PREDICTION_RETRAIN_EVERY_MS: '1000' }, loadPredictionConfig);
    expect(error.issues.map((issue) => issue.variable)).toEqual(['PREDICTION_RETRAIN_EVERY_MS']);
  });
});

describe('feature-engineering settings', () => {
  it('runs the features sweep every 15 minutes by default and accepts an explicit period', () => {
    expect(loadFeatureEngineeringConfig({}).featuresSweepEveryMs).toBe(900_000);
    expect(loadFeatureEngineeringConfig({ FEATURES_SWEEP_EVERY_MS: ' 60000 ' }).featuresSweepEveryMs).toBe(60_000);
  });

  it('refuses a sweep period that is not an integer or out of bounds, naming the variable', () => {
    for (const value of ['15m', '1.5', '999', '604800001', '-1']) {
      const error = expectConfigError({ FEATURES_SWEEP_EVERY_MS: value }, loadFeatureEngineeringConfig);
      expect(error.issues.map((issue) => issue.variable)).toEqual(['FEATURES_SWEEP_EVERY_MS']);
    }
    expect(expectConfigError({ FEATURES_SWEEP_EVERY_MS: '999' }, loadFeatureEngineeringConfig).message).toContain('FEATURES_SWEEP_EVERY_MS: must be >= 1000');
  });
});

describe('broker settings', () => {
  it('defaults to the paper broker and Alpaca\'s paper endpoint', () => {
    const config = loadOrderExecutionConfig({});
    expect([config.broker, config.alpacaTradingUrl]).toEqual(['paper', 'https://paper-api.alpaca.markets']);
  });

  it('accepts alpaca with both keys and an overridden trading URL', () => {
    const config = loadOrderExecutionConfig({
      BROKER: ' Alpaca ',
      ALPACA_API_KEY_ID: 'AKID123',
      ALPACA_API_SECRET_KEY: 'alpaca-secret',
      ALPACA_TRADING_URL: 'http://127.0.0.1:8080',
    });
    expect([config.broker, config.alpacaTradingUrl]).toEqual(['alpaca', 'http://127.0.0.1:8080']);
  });

  it('refuses BROKER=alpaca without keys, naming both variables and echoing no value', () => {
    const error = expectConfigError({ BROKER: 'alpaca', ALPACA_API_KEY_ID: '', ALPACA_API_SECRET_KEY: ' ' }, loadOrderExecutionConfig);
    expect(error.issues.map((issue) => issue.variable).sort()).toEqual(['ALPACA_API_KEY_ID', 'ALPACA_API_SECRET_KEY']);
    expect(error.issues[0]?.reason).toMatch(/required when BROKER is alpaca/);
  });

  it('refuses BROKER=alpaca with only the key id', () => {
    const error = expectConfigError({ BROKER: 'alpaca', ALPACA_API_KEY_ID: 'AKID123' }, loadOrderExecutionConfig);
    expect(error.issues).toEqual([{ variable: 'ALPACA_API_SECRET_KEY', reason: 'is required when BROKER is alpaca' }]);
    expect(error.message).not.toContain('AKID123');
  });
});

describe('order-execution settings', () => {
  it('parses strategy, risk limits, bar source and the paper broker', () => {
    const config = loadOrderExecutionConfig({
      ORDER_STRATEGY_PARAMS: '{"confidenceThreshold":0.7}',
      ORDER_STRATEGY_NAME: 'dt-70',
      RISK_LIMITS: '{"maxOrderNotional":1000,"tradingHours":null}',
      INGEST_SOURCE: 'synthetic',
      PAPER_SLIPPAGE_BPS: '2.5',
      PAPER_COMMISSION: 'bps:1.5:0.25',
      PAPER_MAX_VOLUME_SHARE: 'none',
      PAPER_EXPIRE_AFTER_BARS: '3',
      RECONCILE_EVERY_MS: '5000',
    });
    expect(config.orderStrategy).toEqual({ kind: 'direction-threshold', name: 'dt-70', params: { confidenceThreshold: 0.7 } });
    expect(config.riskLimits).toEqual({ maxOrderNotional: 1000, tradingHours: null });
    expect(config.executionBarSource).toBe('synthetic');
    expect(config.paperBroker).toEqual({ slippageBps: 2.5, commission: { model: 'bps', bps: 1.5, minimum: 0.25 }, maxVolumeShare: null, expireAfterBars: 3 });
    expect(config.reconcileEveryMs).toBe(5000);
    expect(loadOrderExecutionConfig({ INGEST_SOURCE: 'synthetic', EXECUTION_BAR_SOURCE: 'csv' }).executionBarSource).toBe('csv');
  });

  it('lists every bad order-execution variable together', () => {
    const bad = {
      ORDER_STRATEGY_PARAMS: '[1]',
      RISK_LIMITS: '{nope',
      PAPER_SLIPPAGE_BPS: '-1',
      PAPER_COMMISSION: 'per_trade:1',
      PAPER_MAX_VOLUME_SHARE: '1.5',
      PAPER_EXPIRE_AFTER_BARS: '0',
      RECONCILE_EVERY_MS: '10',
    };
    let error: unknown;
    try {
      loadOrderExecutionConfig(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const variables = (error as ConfigError).issues.map((i) => i.variable).sort();
    expect(variables).toEqual(Object.keys(bad).sort());
  });
});

describe("each service's defaults", () => {
  it('gives every loader the base defaults plus its own section, and nothing of the others', () => {
    expect(loadIngestionConfig({})).toEqual({
      ...BASE_DEFAULTS,
      ...MARKET_DEFAULTS,
      alpacaApiKeyId: undefined,
      alpacaApiSecretKey: undefined,
      polygonApiKey: undefined,
      yahooBaseUrl: undefined,
      alpacaDataUrl: undefined,
      polygonBaseUrl: undefined,
      ingestUniverse: [],
      ingestSource: 'yahoo',
      ingestInterval: '1h',
      ingestLookbackDays: 365,
      ingestOverlapBars: 3,
      sourceRateLimits: { yahoo: 2, alpaca: 3, polygon: 5 },
      sourceRequestTimeoutMs: 15000,
      sourceRateLimitBackoffMs: 15000,
      sourceRateLimitGiveUpMs: 1800000,
      ingestExtendedHours: 'keep',
      syntheticSeed: 42,
    });
    expect(loadFeatureEngineeringConfig({})).toEqual({
      ...BASE_DEFAULTS,
      ...MARKET_DEFAULTS,
      featuresChunkBars: 10_000,
      featuresDashboardRefreshEveryMs: 3_600_000,
      featuresDashboardRefreshDelayMs: 30_000,
      featuresSweepEveryMs: 900_000,
      ingestInterval: '1h',
    });
    expect(loadPredictionConfig({})).toEqual({
      ...BASE_DEFAULTS,
      predictionSweepEveryMs: 900_000,
      predictionSweepLookbackMs: 604_800_000,
      predictionRetrainEveryMs: 604_800_000,
    });
    expect(loadOrderExecutionConfig({})).toEqual({
      ...BASE_DEFAULTS,
      ...MARKET_DEFAULTS,
      broker: 'paper',
      alpacaApiKeyId: undefined,
      alpacaApiSecretKey: undefined,
      alpacaTradingUrl: 'https://paper-api.alpaca.markets',
      orderStrategy: { kind: 'direction-threshold', name: 'direction-threshold', params: {} },
      riskLimits: {},
      executionBarSource: 'yahoo',
      paperBroker: { slippageBps: 5, commission: { model: 'per_share', perShare: 0.005, minimum: 1 }, maxVolumeShare: 0.1, expireAfterBars: 20 },
      reconcileEveryMs: 60_000,
    });
    expect(loadLogSinkConfig({})).toEqual({ ...BASE_DEFAULTS, alpacaApiKeyId: undefined, alpacaApiSecretKey: undefined, polygonApiKey: undefined });
  });

  it('freezes the nested settings too', () => {
    const config = loadOrderExecutionConfig({});
    expect(Object.isFrozen(config.marketSession) && Object.isFrozen(config.paperBroker) && Object.isFrozen(config.orderStrategy.params)).toBe(true);
    expect(Object.isFrozen(loadIngestionConfig({}).ingestUniverse)).toBe(true);
  });
});

describe('configuration by service', () => {
  // One bad value from every service section; each loader must fail on its own and only on its own.
  const BAD_BY_SECTION = {
    ingestion: { INGEST_UNIVERSE: 'AAPL; DROP', SOURCE_RATE_LIMITS: 'yahoo=fast', YAHOO_BASE_URL: 'ftp://x' },
    featureEngineering: { FEATURES_CHUNK_BARS: 'lots', FEATURES_SWEEP_EVERY_MS: '1' },
    prediction: { PREDICTION_SWEEP_EVERY_MS: 'often', PREDICTION_RETRAIN_EVERY_MS: '10' },
    orderExecution: { BROKER: 'alpaca', RISK_LIMITS: '{nope', PAPER_COMMISSION: 'free' },
    market: { MARKET_TIMEZONE: 'Mars/Olympus' },
  } satisfies Record<string, Record<string, string>>;
  const all = (...except: (keyof typeof BAD_BY_SECTION)[]) =>
    Object.assign({}, ...Object.entries(BAD_BY_SECTION).filter(([name]) => !except.includes(name as keyof typeof BAD_BY_SECTION)).map(([, vars]) => vars)) as Record<string, string>;

  it("starts each service whatever the other services' variables hold", () => {
    expect(loadFeatureEngineeringConfig(all('featureEngineering', 'market')).featuresChunkBars).toBe(10_000);
    expect(loadIngestionConfig(all('ingestion', 'market')).ingestUniverse).toEqual([]);
    expect(loadPredictionConfig(all('prediction')).predictionRetrainEveryMs).toBe(604_800_000);
    expect(loadOrderExecutionConfig(all('orderExecution', 'market')).broker).toBe('paper');
    expect(loadLogSinkConfig(all()).queuePrefix).toBe('mlt');
    expect(loadConfig(all()).queuePrefix).toBe('mlt');
  });

  it('does not stop feature-engineering, prediction or ingestion for a missing Alpaca secret under BROKER=alpaca', () => {
    const env = { BROKER: 'alpaca', ALPACA_API_KEY_ID: 'AKID123' };
    expect(loadFeatureEngineeringConfig(env)).not.toHaveProperty('alpacaApiKeyId');
    expect(loadPredictionConfig(env)).not.toHaveProperty('broker');
    expect(loadIngestionConfig(env).alpacaApiKeyId).toBe('AKID123');
    expect(() => loadOrderExecutionConfig(env)).toThrow(/ALPACA_API_SECRET_KEY: is required when BROKER is alpaca/);
  });

  it.each([
    ['ingestion', loadIngestionConfig, ['INGEST_UNIVERSE', 'MARKET_TIMEZONE', 'SOURCE_RATE_LIMITS', 'YAHOO_BASE_URL']],
    ['feature-engineering', loadFeatureEngineeringConfig, ['FEATURES_CHUNK_BARS', 'FEATURES_SWEEP_EVERY_MS', 'MARKET_TIMEZONE']],
    ['prediction', loadPredictionConfig, ['PREDICTION_RETRAIN_EVERY_MS', 'PREDICTION_SWEEP_EVERY_MS']],
    // The cross-field check (BROKER=alpaca needs both keys) runs once every field parsed; tested above.
    ['order-execution', loadOrderExecutionConfig, ['MARKET_TIMEZONE', 'PAPER_COMMISSION', 'RISK_LIMITS']],
  ] as const)("%s names exactly its own bad variables, never another service's", (_service, load, variables) => {
    const error = expectConfigError(all(), load);
    expect(error.issues.map((issue) => issue.variable).sort()).toEqual([...variables]);
    for (const variable of variables) expect(error.message).toContain(`  - ${variable}: `);
  });

  it("scrubs only the secrets a service holds, except the log sink, which scrubs every provider's", () => {
    const env = { ALPACA_API_KEY_ID: 'AKID123', ALPACA_API_SECRET_KEY: 'alpaca-secret', POLYGON_API_KEY: 'poly-key' };
    expect(secretValues(loadFeatureEngineeringConfig(env))).toEqual([]);
    expect(secretValues(loadOrderExecutionConfig(env)).sort()).toEqual(['AKID123', 'alpaca-secret']);
    expect(secretValues(loadLogSinkConfig(env)).sort()).toEqual(['AKID123', 'alpaca-secret', 'poly-key']);
  });
});
