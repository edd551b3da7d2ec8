import { INTERVALS, SCHEDULABLE_SOURCES } from '@mltrading/market';
import { z } from 'zod';

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
const NODE_ENVS = ['development', 'test', 'production'] as const;

const booleanFlag = (name: string) =>
  z
    .string()
    .transform((raw) => raw.trim().toLowerCase())
    .pipe(z.enum(['true', 'false', '1', '0'], { error: `${name} must be one of true, false, 1, 0` }))
    .transform((value) => value === 'true' || value === '1');

// Environment values are strings; an explicit integer pattern rejects "1.5", "1e3" and "12abc",
// which Number() or parseInt() would quietly accept or truncate.
const integer = (name: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, { error: `${name} must be an integer` })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `${name} must be >= ${min}` })
        .max(max, { error: `${name} must be <= ${max}` }),
    );

const urlWithScheme = (name: string, schemes: readonly string[]) =>
  z.string().trim().refine(
    (raw) => {
      try {
        const parsed = new URL(raw);
        return schemes.length === 0 || schemes.includes(parsed.protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    },
    {
      error:
        schemes.length === 0
          ? `${name} must be an absolute URL`
          : `${name} must be a URL with scheme ${schemes.join(' or ')}`,
    },
  );

const timeZone = z.string().trim().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { error: 'MARKET_TIMEZONE must be an IANA time zone such as America/New_York' },
);

const secret = z.string();

/** Local wall-clock time of the exchange, 'HH:MM' (24-hour). */
const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const clockTime = (name: string) =>
  z.string().trim().regex(CLOCK_TIME, { error: `${name} must be a 24-hour time HH:MM, such as 09:30` });

const minuteOfDay = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

// The queue contract's SYMBOL_PATTERN (Yahoo's grammar); config does not depend on the queues package.
const SYMBOL = /^(?=.{1,32}$)\^?[A-Z0-9][A-Z0-9.=-]*$/;
const EXTENDED_HOURS = ['keep', 'drop'] as const;
const BROKERS = ['paper', 'alpaca'] as const;

/** A JSON object (strategy parameters, risk limits); its fields are validated by the trading package at start. */
const jsonObject = (name: string) =>
  z.string().transform((raw, ctx) => {
    try {
      const value: unknown = JSON.parse(raw);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // reported below
    }
    ctx.addIssue({ code: 'custom', message: `${name} must be a JSON object, such as {"confidenceThreshold":0.7}` });
    return z.NEVER;
  });

const decimal = (name: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, { error: `${name} must be a decimal number` })
    .transform(Number)
    .pipe(z.number().min(min, { error: `${name} must be >= ${min}` }).max(max, { error: `${name} must be <= ${max}` }));

export type PaperCommission = { model: 'per_share'; perShare: number; minimum: number } | { model: 'bps'; bps: number; minimum: number };

/** `per_share:0.005:1` (USD per share, minimum per fill) or `bps:1:0` (basis points of notional, minimum per fill). */
const paperCommission = z.string().transform((raw, ctx): PaperCommission => {
  const match = /^(per_share|bps):(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(raw.trim());
  if (match) {
    const [, model, rate, minimum] = match;
    if (model === 'per_share') return { model, perShare: Number(rate), minimum: Number(minimum) };
    if (Number(rate) <= 10_000) return { model: 'bps', bps: Number(rate), minimum: Number(minimum) };
  }
  ctx.addIssue({ code: 'custom', message: 'PAPER_COMMISSION must be per_share:<USD per share>:<minimum> or bps:<0-10000>:<minimum>, such as per_share:0.005:1' });
  return z.NEVER;
});

/** A share of a bar's volume in (0, 1], or `none` for no cap. */
const volumeShare = z.string().transform((raw, ctx): number | null => {
  const text = raw.trim().toLowerCase();
  if (text === 'none') return null;
  const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (value > 0 && value <= 1) return value;
  ctx.addIssue({ code: 'custom', message: 'PAPER_MAX_VOLUME_SHARE must be a number in (0, 1] or none' });
  return z.NEVER;
});

/** `AAPL, msft` → ['AAPL', 'MSFT']; every entry must be a valid ticker. */
const symbolList = z
  .string()
  .transform((raw) => raw.split(',').map((s) => s.trim().toUpperCase()).filter((s) => s.length > 0))
  .refine((symbols) => symbols.every((s) => SYMBOL.test(s)), {
    error: 'INGEST_UNIVERSE must be a comma-separated list of symbols (up to 32 characters: an optional "^", a letter or digit, then letters, digits, ".", "-" or "=")',
  });

/** `yahoo=2,polygon=5` → { yahoo: 2, polygon: 5 } requests per second. */
const rateLimits = z
  .string()
  .transform((raw) => raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map((entry) => entry.split('=')))
  .refine(
    (pairs) => pairs.every(([name, value]) => (SCHEDULABLE_SOURCES as readonly string[]).includes(name ?? '') && Number(value) > 0),
    { error: `SOURCE_RATE_LIMITS must look like yahoo=2,alpaca=3 (sources: ${SCHEDULABLE_SOURCES.join(', ')}; positive requests per second)` },
  )
  .transform((pairs) => Object.fromEntries(pairs.map(([name, value]) => [name!, Number(value)])) as Record<string, number>);

/**
 * The raw environment contract. Keys are the variable names so zod issues point at the variable
 * an operator has to fix; `loadConfig` maps the result to camelCase.
 */
export const envSchema = z.object({
  NODE_ENV: z
    .enum(NODE_ENVS, { error: `NODE_ENV must be one of ${NODE_ENVS.join(', ')}` })
    .default('development'),
  SERVICE_NAME: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, { error: 'SERVICE_NAME may only contain letters, digits, ".", "_" and "-" (max 100)' })
    .optional(),
  DATABASE_URL: urlWithScheme('DATABASE_URL', ['postgres', 'postgresql']).default(
    'postgres://root@127.0.0.1:5432/mltrading',
  ),
  DATABASE_POOL_SIZE: integer('DATABASE_POOL_SIZE', 1, 1000).default(10),
  REDIS_URL: urlWithScheme('REDIS_URL', ['redis', 'rediss']).default('redis://127.0.0.1:6379'),
  REDIS_ALLOW_EVICTION: booleanFlag('REDIS_ALLOW_EVICTION').default(false),
  // BullMQ joins prefix and queue name with ':' in its keys, so a ':' here would corrupt the key space.
  QUEUE_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,50}$/, { error: 'QUEUE_PREFIX may only contain letters, digits, "_" and "-" (max 50)' })
    .default('mlt'),
  LOG_LEVEL: z
    .string()
    .transform((raw) => raw.trim().toLowerCase())
    .pipe(z.enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` }))
    .default('info'),
  LOG_PRETTY: booleanFlag('LOG_PRETTY').default(false),
  WORKER_CONCURRENCY: integer('WORKER_CONCURRENCY', 1, 1000).default(4),
  SHUTDOWN_TIMEOUT_MS: integer('SHUTDOWN_TIMEOUT_MS', 0, 3_600_000).default(30_000),
  HEALTH_PORT: integer('HEALTH_PORT', 0, 65_535).default(0),
  OTEL_EXPORTER_OTLP_ENDPOINT: urlWithScheme('OTEL_EXPORTER_OTLP_ENDPOINT', ['http', 'https']).optional(),
  MARKET_TIMEZONE: timeZone.default('America/New_York'),
  MARKET_SESSION_OPEN: clockTime('MARKET_SESSION_OPEN').default('09:30'),
  MARKET_SESSION_CLOSE: clockTime('MARKET_SESSION_CLOSE').default('16:00'),
  MARKET_MIDDAY: clockTime('MARKET_MIDDAY').default('12:00'),
  ALPACA_API_KEY_ID: secret.optional(),
  ALPACA_API_SECRET_KEY: secret.optional(),
  POLYGON_API_KEY: secret.optional(),
  YAHOO_BASE_URL: urlWithScheme('YAHOO_BASE_URL', ['http', 'https']).optional(),
  ALPACA_DATA_URL: urlWithScheme('ALPACA_DATA_URL', ['http', 'https']).optional(),
  POLYGON_BASE_URL: urlWithScheme('POLYGON_BASE_URL', ['http', 'https']).optional(),
  BROKER: z
    .string()
    .transform((raw) => raw.trim().toLowerCase())
    .pipe(z.enum(BROKERS, { error: `BROKER must be one of ${BROKERS.join(', ')}` }))
    .default('paper'),
  // Alpaca's paper-trading endpoint by default, so a key pair alone never reaches a live account.
  ALPACA_TRADING_URL: urlWithScheme('ALPACA_TRADING_URL', ['http', 'https']).default('https://paper-api.alpaca.markets'),
  INGEST_UNIVERSE: symbolList.default([]),
  INGEST_SOURCE: z.enum(SCHEDULABLE_SOURCES, { error: `INGEST_SOURCE must be one of ${SCHEDULABLE_SOURCES.join(', ')}` }).default('yahoo'),
  INGEST_INTERVAL: z.enum(INTERVALS, { error: `INGEST_INTERVAL must be one of ${INTERVALS.join(', ')}` }).default('1h'),
  INGEST_LOOKBACK_DAYS: integer('INGEST_LOOKBACK_DAYS', 1, 36_500).default(365),
  INGEST_OVERLAP_BARS: integer('INGEST_OVERLAP_BARS', 0, 1000).default(3),
  SOURCE_RATE_LIMITS: rateLimits.default({ yahoo: 2, alpaca: 3, polygon: 5 }),
  SOURCE_REQUEST_TIMEOUT_MS: integer('SOURCE_REQUEST_TIMEOUT_MS', 100, 300_000).default(15_000),
  SOURCE_RATE_LIMIT_BACKOFF_MS: integer('SOURCE_RATE_LIMIT_BACKOFF_MS', 100, 3_600_000).default(15_000),
  SOURCE_RATE_LIMIT_GIVE_UP_MS: integer('SOURCE_RATE_LIMIT_GIVE_UP_MS', 1_000, 604_800_000).default(1_800_000),
  INGEST_EXTENDED_HOURS: z
    .string()
    .transform((raw) => raw.trim().toLowerCase())
    .pipe(z.enum(EXTENDED_HOURS, { error: `INGEST_EXTENDED_HOURS must be one of ${EXTENDED_HOURS.join(', ')}` }))
    .default('keep'),
  SYNTHETIC_SEED: integer('SYNTHETIC_SEED', 0, 2 ** 31 - 1).default(42),
  FEATURES_CHUNK_BARS: integer('FEATURES_CHUNK_BARS', 1_000, 10_000_000).default(10_000),
  FEATURES_DASHBOARD_REFRESH_EVERY_MS: integer('FEATURES_DASHBOARD_REFRESH_EVERY_MS', 1_000, 604_800_000).default(3_600_000),
  FEATURES_DASHBOARD_REFRESH_DELAY_MS: integer('FEATURES_DASHBOARD_REFRESH_DELAY_MS', 0, 86_400_000).default(30_000),
  FEATURES_SWEEP_EVERY_MS: integer('FEATURES_SWEEP_EVERY_MS', 1_000, 604_800_000).default(900_000),
  ORDER_STRATEGY: z.string().trim().regex(/^[a-z0-9-]{1,50}$/, { error: 'ORDER_STRATEGY must name a strategy kind, such as direction-threshold' }).default('direction-threshold'),
  ORDER_STRATEGY_NAME: z.string().trim().regex(/^[\x21-\x7e]{1,50}$/, { error: 'ORDER_STRATEGY_NAME must be 1 to 50 visible ASCII characters' }).optional(),
  ORDER_STRATEGY_PARAMS: jsonObject('ORDER_STRATEGY_PARAMS').default({}),
  RISK_LIMITS: jsonObject('RISK_LIMITS').default({}),
  EXECUTION_BAR_SOURCE: z.string().trim().regex(/^[a-z0-9_-]{1,20}$/, { error: 'EXECUTION_BAR_SOURCE must be a market_data source such as yahoo or synthetic' }).optional(),
  PAPER_SLIPPAGE_BPS: decimal('PAPER_SLIPPAGE_BPS', 0, 10_000).default(5),
  PAPER_COMMISSION: paperCommission.default({ model: 'per_share', perShare: 0.005, minimum: 1 }),
  PAPER_MAX_VOLUME_SHARE: volumeShare.default(0.1),
  PAPER_EXPIRE_AFTER_BARS: integer('PAPER_EXPIRE_AFTER_BARS', 1, 100_000).default(20),
  RECONCILE_EVERY_MS: integer('RECONCILE_EVERY_MS', 1_000, 86_400_000).default(60_000),
  PREDICTION_SWEEP_EVERY_MS: integer('PREDICTION_SWEEP_EVERY_MS', 1_000, 604_800_000).default(900_000),
  PREDICTION_SWEEP_LOOKBACK_MS: integer('PREDICTION_SWEEP_LOOKBACK_MS', 60_000, 31_536_000_000).default(604_800_000),
  PREDICTION_RETRAIN_EVERY_MS: integer('PREDICTION_RETRAIN_EVERY_MS', 60_000, 31_536_000_000).default(604_800_000),
}).superRefine((env, ctx) => {
  // Orders must not wait until the first prediction to find out that the broker cannot be reached.
  if (env.BROKER === 'alpaca') {
    for (const key of ['ALPACA_API_KEY_ID', 'ALPACA_API_SECRET_KEY'] as const) {
      if (env[key] === undefined) {
        ctx.addIssue({ code: 'custom', path: [key], message: `${key} is required when BROKER is alpaca` });
      }
    }
  }
  // The time features split the session [open, close) at midday into morning and afternoon.
  // zod runs this even when a time failed its own check; that one is reported already.
  const times = [env.MARKET_SESSION_OPEN, env.MARKET_SESSION_CLOSE, env.MARKET_MIDDAY];
  if (!times.every((t) => CLOCK_TIME.test(t))) return;
  const [open, close, midday] = times.map(minuteOfDay);
  if (!(open! < close!)) {
    ctx.addIssue({ code: 'custom', path: ['MARKET_SESSION_CLOSE'], message: `MARKET_SESSION_CLOSE must be after MARKET_SESSION_OPEN (${env.MARKET_SESSION_OPEN})` });
  } else if (midday! < open! || midday! > close!) {
    ctx.addIssue({ code: 'custom', path: ['MARKET_MIDDAY'], message: `MARKET_MIDDAY must lie within the session ${env.MARKET_SESSION_OPEN}-${env.MARKET_SESSION_CLOSE}` });
  }
});

export type RawEnv = z.output<typeof envSchema>;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type NodeEnv = (typeof NODE_ENVS)[number];
export type BrokerName = (typeof BROKERS)[number];
