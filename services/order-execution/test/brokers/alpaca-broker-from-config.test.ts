import { loadOrderExecutionConfig } from '@mltrading/config';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALPACA_PAPER_TRADING_URL } from '../../src/brokers/alpaca/alpaca-broker.ts';
import { alpacaBrokerFromConfig } from '../../src/brokers/alpaca/alpaca-broker-from-config.ts';
import { startFakeAlpacaServer, type FakeAlpacaServer } from '../support/fake-alpaca-server.ts';

let fake: FakeAlpacaServer;
beforeEach(async () => {
  fake = await startFakeAlpacaServer({ keyId: 'PKCONFIGKEY', secretKey: 'config-secret' });
});
afterEach(async () => {
  await fake.close();
});

describe('alpacaBrokerFromConfig', () => {
  it('sends to ALPACA_TRADING_URL with the configured keys', async () => {
    const config = loadOrderExecutionConfig({ BROKER: 'alpaca', ALPACA_API_KEY_ID: 'PKCONFIGKEY', ALPACA_API_SECRET_KEY: 'config-secret', ALPACA_TRADING_URL: `${fake.url}/` });
    const broker = alpacaBrokerFromConfig(config);
    const placed = await broker.submitOrder({ clientOrderId: 'cfg-1', symbol: 'MSFT', side: 'sell', quantity: 3, type: 'market', timeInForce: 'day' });
    expect(placed.clientOrderId).toBe('cfg-1');
    expect(fake.seen.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v2/orders']);
    expect(fake.orders.size).toBe(1);
  });

  it('defaults to the paper endpoint', () => {
    expect(loadOrderExecutionConfig({}).alpacaTradingUrl).toBe(ALPACA_PAPER_TRADING_URL);
  });
});
