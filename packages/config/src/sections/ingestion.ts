// The ingestion service: providers, the scheduled universe, rate limits and what to keep.
import { SCHEDULABLE_SOURCES, SYMBOL_PATTERN, SYMBOL_RULE, type Interval, type SchedulableSource } from '@mltrading/market';
import { z } from 'zod';
import { choice, integer, urlWithScheme } from '../fields.ts';
import { defineSection } from '../section.ts';
import { ingestIntervalField, ingestSourceField, providerSecretFields, type ProviderSecrets } from './shared-fields.ts';

export interface IngestionSettings extends ProviderSecrets {
  readonly yahooBaseUrl: string | undefined;
  readonly alpacaDataUrl: string | undefined;
  readonly polygonBaseUrl: string | undefined;
  /** Symbols the scheduler ingests every interval; empty: no schedule. */
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
}

const EXTENDED_HOURS = ['keep', 'drop'] as const;

/** `AAPL, msft` → ['AAPL', 'MSFT']; every entry must be a valid ticker. */
const symbolList = z
  .string()
  .transform((raw) => raw.split(',').map((s) => s.trim().toUpperCase()).filter((s) => s.length > 0))
  .refine((symbols) => symbols.every((s) => SYMBOL_PATTERN.test(s)), {
    error: `INGEST_UNIVERSE must be a comma-separated list of symbols (${SYMBOL_RULE.replace(/^1-/, 'up to ')})`,
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

export const ingestionSection = defineSection({
  name: 'ingestion',
  variables: {
    ...providerSecretFields,
    YAHOO_BASE_URL: urlWithScheme('YAHOO_BASE_URL', ['http', 'https']).optional(),
    ALPACA_DATA_URL: urlWithScheme('ALPACA_DATA_URL', ['http', 'https']).optional(),
    POLYGON_BASE_URL: urlWithScheme('POLYGON_BASE_URL', ['http', 'https']).optional(),
    INGEST_UNIVERSE: symbolList.default([]),
    INGEST_SOURCE: ingestSourceField,
    INGEST_INTERVAL: ingestIntervalField,
    INGEST_LOOKBACK_DAYS: integer('INGEST_LOOKBACK_DAYS', 1, 36_500).default(365),
    INGEST_OVERLAP_BARS: integer('INGEST_OVERLAP_BARS', 0, 1000).default(3),
    SOURCE_RATE_LIMITS: rateLimits.default({ yahoo: 2, alpaca: 3, polygon: 5 }),
    SOURCE_REQUEST_TIMEOUT_MS: integer('SOURCE_REQUEST_TIMEOUT_MS', 100, 300_000).default(15_000),
    SOURCE_RATE_LIMIT_BACKOFF_MS: integer('SOURCE_RATE_LIMIT_BACKOFF_MS', 100, 3_600_000).default(15_000),
    SOURCE_RATE_LIMIT_GIVE_UP_MS: integer('SOURCE_RATE_LIMIT_GIVE_UP_MS', 1_000, 604_800_000).default(1_800_000),
    INGEST_EXTENDED_HOURS: choice('INGEST_EXTENDED_HOURS', EXTENDED_HOURS).default('keep'),
    SYNTHETIC_SEED: integer('SYNTHETIC_SEED', 0, 2 ** 31 - 1).default(42),
  },
  read: (raw): IngestionSettings => ({
    alpacaApiKeyId: raw.ALPACA_API_KEY_ID,
    alpacaApiSecretKey: raw.ALPACA_API_SECRET_KEY,
    polygonApiKey: raw.POLYGON_API_KEY,
    yahooBaseUrl: raw.YAHOO_BASE_URL,
    alpacaDataUrl: raw.ALPACA_DATA_URL,
    polygonBaseUrl: raw.POLYGON_BASE_URL,
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
  }),
});
