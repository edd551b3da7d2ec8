// Variables read by more than one section, declared once so every reader validates them alike.
import { INTERVALS, SCHEDULABLE_SOURCES } from '@mltrading/market';
import { z } from 'zod';
import { secret } from '../fields.ts';

export const ingestSourceField = z
  .enum(SCHEDULABLE_SOURCES, { error: `INGEST_SOURCE must be one of ${SCHEDULABLE_SOURCES.join(', ')}` })
  .default('yahoo');
export const ingestIntervalField = z.enum(INTERVALS, { error: `INGEST_INTERVAL must be one of ${INTERVALS.join(', ')}` }).default('1h');

/** Alpaca's key pair: market data for ingestion, trading for order-execution. */
export const alpacaKeyFields = {
  ALPACA_API_KEY_ID: secret.optional(),
  ALPACA_API_SECRET_KEY: secret.optional(),
};

/** Every provider key: ingestion uses them, the log sink scrubs them from every service's records. */
export const providerSecretFields = { ...alpacaKeyFields, POLYGON_API_KEY: secret.optional() };

/** The provider keys a configuration may hold, for `secretValues`. */
export interface ProviderSecrets {
  readonly alpacaApiKeyId: string | undefined;
  readonly alpacaApiSecretKey: string | undefined;
  readonly polygonApiKey: string | undefined;
}
