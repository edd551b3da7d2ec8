import type { AppConfig } from '@mltrading/config';
import type { Source } from '@mltrading/queues';
import { createAlpacaSource } from './alpaca/alpaca-source.ts';
import { createCsvSource } from './csv/index.ts';
import type { MarketDataSource } from './market-data-source.ts';
import { createPolygonSource } from './polygon/polygon-source.ts';
import { SourceError } from './source-error.ts';
import { createSyntheticSource } from './synthetic/synthetic-source.ts';
import { createYahooSource } from './yahoo/yahoo-source.ts';

/**
 * The networked and synthetic sources, built once per process from the configuration (keys come
 * from the environment only). CSV sources are built per job, since each job names its own file.
 */
export function createSources(config: AppConfig): (source: Source, csvPath?: string) => MarketDataSource {
  const shared: Partial<Record<Source, MarketDataSource>> = {};
  const build: Record<Exclude<Source, 'csv'>, () => MarketDataSource> = {
    yahoo: () => createYahooSource({ baseUrl: config.yahooBaseUrl }),
    alpaca: () =>
      createAlpacaSource({ keyId: config.alpacaApiKeyId, secretKey: config.alpacaApiSecretKey, baseUrl: config.alpacaDataUrl }),
    polygon: () => createPolygonSource({ apiKey: config.polygonApiKey, baseUrl: config.polygonBaseUrl }),
    synthetic: () => createSyntheticSource({ seed: config.syntheticSeed }),
  };
  return (source, csvPath) => {
    if (source === 'csv') {
      if (!csvPath) throw new SourceError('csv', 'permanent', 'an ingest from source csv needs csvPath');
      return createCsvSource({ path: csvPath });
    }
    return (shared[source] ??= build[source]());
  };
}
