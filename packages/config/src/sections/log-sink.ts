// The log sink: it writes every service's records, so it scrubs every provider key from them even
// though it calls no provider. The keys are optional here; they are never required.
import { defineSection } from '../section.ts';
import { providerSecretFields, type ProviderSecrets } from './shared-fields.ts';

export type LogSinkSettings = ProviderSecrets;

export const logSinkSection = defineSection({
  name: 'log-sink',
  variables: { ...providerSecretFields },
  read: (raw): LogSinkSettings => ({
    alpacaApiKeyId: raw.ALPACA_API_KEY_ID,
    alpacaApiSecretKey: raw.ALPACA_API_SECRET_KEY,
    polygonApiKey: raw.POLYGON_API_KEY,
  }),
});
