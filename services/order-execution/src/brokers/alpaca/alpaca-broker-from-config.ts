import type { OrderExecutionSettings } from '@mltrading/config';
import type { Broker } from '../broker.ts';
import { createAlpacaBroker, type AlpacaBrokerOptions } from './alpaca-broker.ts';

/** The Alpaca broker as the configuration describes it (keys, `ALPACA_TRADING_URL`). */
export function alpacaBrokerFromConfig(
  config: Pick<OrderExecutionSettings, 'alpacaApiKeyId' | 'alpacaApiSecretKey' | 'alpacaTradingUrl'>,
  overrides: Omit<AlpacaBrokerOptions, 'keyId' | 'secretKey' | 'baseUrl'> = {},
): Broker {
  return createAlpacaBroker({
    ...overrides,
    keyId: config.alpacaApiKeyId,
    secretKey: config.alpacaApiSecretKey,
    baseUrl: config.alpacaTradingUrl,
  });
}
