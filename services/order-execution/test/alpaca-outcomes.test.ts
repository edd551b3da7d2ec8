// The execute path against Alpaca (faked): a broker refusal is stored rejected with Alpaca's reason;
// an outage while sending leaves the order pending, the retried job does not send it, and
// reconciliation sends it exactly once.
import { createTestDatabase, type TestDatabase } from '@mltrading/db/testing';
import { getOrder } from '@mltrading/db';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BrokerUnavailableError } from '../src/brokers/errors/broker-unavailable-error.ts';
import { clientOrderId } from '@mltrading/trading';
import { processExecuteJob } from '../src/execution/process-execute-job.ts';
import { reconcileOrders } from '../src/reconciliation/reconcile-orders.ts';
import { startFakeAlpacaServer, type FakeAlpacaServer } from './support/fake-alpaca-server.ts';
import { activeModel, silentLogger, storeBars, storePrediction, storeVolatility, T0, testSettings } from './support/execution-fixtures.ts';

let t: TestDatabase;
let fake: FakeAlpacaServer;
beforeAll(async () => {
  t = await createTestDatabase();
  fake = await startFakeAlpacaServer({ keyId: 'test-key-id', secretKey: 'test-secret-key' });
  await activeModel(t.db, 'm1');
  for (const symbol of ['ALR', 'ALU', 'ALD']) {
    await storeBars(t.db, symbol, T0, [{ open: 50 }, { open: 51 }]);
    await storeVolatility(t.db, symbol, T0, 0.02);
    await storePrediction(t.db, `p-${symbol}`, 'm1', symbol, T0);
  }
});
afterAll(async () => {
  await fake?.close();
  await t?.drop();
});

const alpaca = () => testSettings(t.db, { BROKER: 'alpaca', ALPACA_API_KEY_ID: 'test-key-id', ALPACA_API_SECRET_KEY: 'test-secret-key', ALPACA_TRADING_URL: fake.url });
const posts = () => fake.seen.filter((r) => r.method === 'POST' && r.path === '/v2/orders').length;

it("a broker refusal (403 buying power) is stored rejected with Alpaca's reason", async () => {
  const { settings } = alpaca();
  fake.failNext({ status: 403, method: 'POST', body: '{"code":40310000,"message":"insufficient buying power"}' });
  const [outcome] = (await processExecuteJob({ predictionIds: ['p-ALR'], correlationId: 'c-r' }, { db: t.db, settings, logger: silentLogger })).outcomes;
  expect(outcome).toMatchObject({ outcome: 'order', action: 'sent', status: 'rejected' });
  const order = (await getOrder(t.db, (outcome as { orderId: string }).orderId))!;
  expect(order.status_reason).toContain('insufficient buying power');
});

it('an outage while sending leaves the order pending; the retry asks and does not send; reconciliation sends it once', async () => {
  const { settings } = alpaca();
  const before = posts();
  fake.failNext({ status: 503, method: 'POST' });
  await expect(processExecuteJob({ predictionIds: ['p-ALU'], correlationId: 'c-u' }, { db: t.db, settings, logger: silentLogger })).rejects.toBeInstanceOf(BrokerUnavailableError);
  const [pending] = await t.db.selectFrom('orders').selectAll().where('prediction_id', '=', 'p-ALU').execute();
  expect(pending!.status).toBe('pending');
  expect(posts() - before, 'the failed attempt').toBe(1);

  const [retry] = (await processExecuteJob({ predictionIds: ['p-ALU'], correlationId: 'c-u' }, { db: t.db, settings, logger: silentLogger })).outcomes;
  expect(retry).toMatchObject({ outcome: 'order', inserted: false, action: 'awaiting_send', status: 'pending' });
  expect(posts() - before, 'the retry asked, did not send').toBe(1);

  await reconcileOrders({ db: t.db, broker: settings.broker, logger: silentLogger, correlationId: 'c-u' }, { pendingGraceMs: 0 });
  await reconcileOrders({ db: t.db, broker: settings.broker, logger: silentLogger, correlationId: 'c-u' }, { pendingGraceMs: 0 });
  expect(posts() - before, 'reconciliation sent it once').toBe(2);
  expect((await getOrder(t.db, pending!.order_id))!.status).toBe('submitted');
  expect([...fake.orders.values()].filter((o) => o.client_order_id === pending!.order_id).length).toBe(1);
});

it('a duplicate client order id at the send (an earlier attempt got through) is read back, not sent again', async () => {
  const { settings } = alpaca();
  const id = clientOrderId({ strategy: 'direction-threshold', modelId: 'm1', symbol: 'ALD', barTimestamp: T0, interval: '1h' });
  // The broker already holds the order, but the look-up before the send misses it (a lagging read).
  const earlier = await settings.broker.submitOrder({ clientOrderId: id, symbol: 'ALD', side: 'buy', quantity: 500, type: 'market', timeInForce: 'day' });
  fake.failNext({ status: 404, method: 'GET', pathPrefix: '/v2/orders:by_client_order_id', body: '{"code":40410000,"message":"order not found"}' });
  const before = posts();
  const [outcome] = (await processExecuteJob({ predictionIds: ['p-ALD'], correlationId: 'c-d' }, { db: t.db, settings, logger: silentLogger })).outcomes;
  expect(outcome).toMatchObject({ outcome: 'order', orderId: id, status: 'submitted' });
  expect(posts() - before, 'one refused POST (422 duplicate)').toBe(1);
  expect((await getOrder(t.db, id))!.broker_order_id).toBe(earlier.brokerOrderId);
  expect([...fake.orders.values()].filter((o) => o.client_order_id === id).length).toBe(1);
});

it('reconciliation lists fills once per pass, not once per order, and records each order its own', async () => {
  const { settings } = alpaca();
  const symbols = ['ALF', 'ALG', 'ALH'];
  const ids: string[] = [];
  for (const symbol of symbols) {
    await storeBars(t.db, symbol, T0, [{ open: 50 }, { open: 51 }]);
    await storeVolatility(t.db, symbol, T0, 0.02);
    await storePrediction(t.db, `p-${symbol}`, 'm1', symbol, T0);
    const [outcome] = (await processExecuteJob({ predictionIds: [`p-${symbol}`], correlationId: 'c-f' }, { db: t.db, settings, logger: silentLogger })).outcomes;
    expect(outcome).toMatchObject({ outcome: 'order', status: 'submitted' });
    ids.push((outcome as { orderId: string }).orderId);
  }
  fake.fill(ids[0]!, 100, 50.1);
  fake.fill(ids[1]!, 200, 50.2);
  fake.fill(ids[1]!, 300, 50.3);
  fake.fill(ids[2]!, 50, 50.4);
  const listings = () => fake.seen.filter((r) => r.path === '/v2/account/activities/FILL').length;
  const before = listings();
  const result = await reconcileOrders({ db: t.db, broker: settings.broker, logger: silentLogger, correlationId: 'c-f' });
  expect(result.newFills).toBe(4);
  expect(listings() - before, 'one listing for the pass').toBe(1);
  const filled = await Promise.all(ids.map(async (id) => (await getOrder(t.db, id))!.filled_quantity));
  expect(filled).toEqual([100, 500, 50]);
});
