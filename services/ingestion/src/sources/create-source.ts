import type { IngestionConfig } from '@mltrading/config';
import type { Source } from '@mltrading/queues';
import { createAlpacaSource } from './alpaca/alpaca-source.ts';
import { createCsvSource } from './csv/index.ts';
import type { MarketDataSource } from './market-data-source.ts';
import { createPolygonSource } from './polygon/polygon-source.ts';
import { SourceError } from './source-error.ts';
import { createSyntheticSource } from './synthetic/synthetic-source.ts';
import { createYahooSource } from './yahoo/yahoo-source.ts';

/** What a job tells about the source it wants. */
export interface SourceRequest {
  readonly source: Source;
  readonly csvPath?: string;
  readonly symbols: readonly string[];
}

/**
 * The networked and synthetic sources, built once per process from the configuration (keys come
 * from the environment only). CSV sources are built per job, since each job names its own file.
 */
export function createSources(
  config: IngestionConfig,
  /** The rate limiter, awaited before every HTTP request of a networked source. */
  beforeRequest: (source: Source) => Promise<void>,
): (request: SourceRequest) => MarketDataSource {
  const shared: Partial<Record<Source, MarketDataSource>> = {};
  const build: Record<Exclude<Source, 'csv'>, () => MarketDataSource> = {
    yahoo: () =>
      createYahooSource({ baseUrl: config.yahooBaseUrl, timeoutMs: config.sourceRequestTimeoutMs, beforeRequest: () => beforeRequest('yahoo') }),
    alpaca: () =>
      createAlpacaSource({
        keyId: config.alpacaApiKeyId,
        secretKey: config.alpacaApiSecretKey,
        baseUrl: config.alpacaDataUrl,
        timeoutMs: config.sourceRequestTimeoutMs,
        beforeRequest: () => beforeRequest('alpaca'),
      }),
    polygon: () =>
      createPolygonSource({
        apiKey: config.polygonApiKey,
        baseUrl: config.polygonBaseUrl,
        timeoutMs: config.sourceRequestTimeoutMs,
        beforeRequest: () => beforeRequest('polygon'),
      }),
    synthetic: () => createSyntheticSource({ seed: config.syntheticSeed }),
  };
  return ({ source, csvPath, symbols }) => {
    if (source === 'csv') {
      if (!csvPath) throw new SourceError('csv', 'permanent', 'an ingest from source csv needs csvPath');
      // A file without a symbol column holds one symbol's bars: only a one-symbol job can name it.
      return createCsvSource({ path: csvPath, ...(symbols.length === 1 ? { symbol: symbols[0] } : {}) });
    }
    return (shared[source] ??= build[source]());
  };
}
