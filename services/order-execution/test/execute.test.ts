// The execute path in-process against the real PostgreSQL, with the paper broker: lifecycle with
// partial fills, concurrent duplicates, every risk refusal, the kill switch and bad input.
import { createTestDatabase, type TestDatabase } from '@mltrading/db/testing';
import { fillsOfOrder, getOrder, retireModel, setTradingHalted } from '@mltrading/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PredictionOutcome } from '../src/execution/execute-prediction.ts';
import { processExecuteJob } from '../src/execution/process-execute-job.ts';
import { reconcileOrders } from '../src/reconciliation/reconcile-orders.ts';
import { activeModel, HOUR, silentLogger, storeBars, storePrediction, storeVolatility, T0, testSettings } from './support/execution-fixtures.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await activeModel(t.db, 'm1');
});
afterAll(async () => {
  await t?.drop();
});

const job = (ids: string[], correlationId = 'corr-test') => ({ predictionIds: ids, correlationId });
const events = (orderId: string) =>
  t.db.selectFrom('trading_events').select(['event_type', 'correlation_id', 'quantity']).where('order_id', '=', orderId).orderBy('id').execute();

/** A symbol with a decision bar at T0 (price 50, volatility 0.02) and `after` more bars. */
async function market(symbol: string, after: number, { price = 50, volume = 2_000 } = {}) {
  await storeBars(t.db, symbol, T0, Array.from({ length: 1 + after }, (_, i) => ({ open: price + i, close: price, volume })));
  await storeVolatility(t.db, symbol, T0, 0.02);
}

describe('lifecycle', () => {
  it('sends the order at once, then fills it by volume share across later bars: 200 + 200 + 100 = 500', async () => {
    await market('AAA', 0);
    await storePrediction(t.db, 'p-aaa', 'm1', 'AAA', T0);
    const { settings, broker } = testSettings(t.db);
    const deps = { db: t.db, settings, logger: silentLogger };
    const [outcome] = (await processExecuteJob(job(['p-aaa'], 'corr-aaa'), deps)).outcomes;
    expect(outcome, 'step 1: the job places one order').toMatchObject({ outcome: 'order', action: 'sent', status: 'submitted' });
    const orderId = (outcome as Extract<PredictionOutcome, { outcome: 'order' }>).orderId;
    expect(broker.submits).toEqual([orderId]);
    // 500 / 0.02 = 25,000 at 50 → 500 shares; no bar after the decision bar yet: nothing filled.
    expect(await getOrder(t.db, orderId)).toMatchObject({ status: 'submitted', quantity: 500, side: 'buy', filled_quantity: 0, prediction_id: 'p-aaa', strategy: 'direction-threshold' });

    // Three more bars, volume 2,000 each: a bar lends 10 % → 200 shares per bar.
    await storeBars(t.db, 'AAA', T0 + HOUR, [{ open: 51, volume: 2_000 }, { open: 52, volume: 2_000 }, { open: 53, volume: 2_000 }]);
    const reconciled = await reconcileOrders({ db: t.db, broker, logger: silentLogger, correlationId: 'corr-aaa' });
    expect(reconciled.newFills, 'step 2: reconciliation records the fills').toBe(3);
    const fills = await fillsOfOrder(t.db, orderId);
    expect(fills.map((f) => f.quantity)).toEqual([200, 200, 100]);
    // Next open + 5 bps slippage against the buyer, rounded up to 4 decimals.
    expect(fills.map((f) => Number(f.price))).toEqual([51.0255, 52.026, 53.0265]);
    // per share 0.005, at least 1 per fill.
    expect(fills.map((f) => Number(f.commission))).toEqual([1, 1, 1]);
    const order = (await getOrder(t.db, orderId))!;
    expect(order.status).toBe('filled');
    expect(order.filled_quantity).toBe(fills.reduce((s, f) => s + f.quantity, 0));
    expect((await events(orderId)).map((e) => e.event_type)).toEqual(['order_created', 'order_submitted', 'order_partially_filled', 'order_partially_filled', 'order_filled']);
    expect((await events(orderId)).every((e) => e.correlation_id === 'corr-aaa')).toBe(true);

    // Reconciling again (a restart, a second replica) finds the same fills by id: nothing new.
    const again = await reconcileOrders({ db: t.db, broker, logger: silentLogger, correlationId: 'corr-x' });
    expect(again.inFlight).toBe(0);
    expect((await fillsOfOrder(t.db, orderId)).length).toBe(3);
  });

  it('sends a pending order the broker has no record of exactly once (reconciliation after a crash before the send)', async () => {
    await market('AAB', 1);
    await storePrediction(t.db, 'p-aab', 'm1', 'AAB', T0);
    const { settings, broker } = testSettings(t.db);
    // Simulate a worker that committed the order and died before sending: insert it pending.
    const { insertOrderIfAbsent } = await import('@mltrading/db');
    const { clientOrderId } = await import('@mltrading/trading');
    const orderId = clientOrderId({ strategy: settings.strategy.name, modelId: 'm1', symbol: 'AAB', barTimestamp: T0, interval: '1h' });
    await insertOrderIfAbsent(t.db, { order_id: orderId, symbol: 'AAB', side: 'buy', quantity: 100, strategy: settings.strategy.name, model_id: 'm1', prediction_id: 'p-aab', bar_timestamp: new Date(T0), interval: '1h' });
    const young = await reconcileOrders({ db: t.db, broker, logger: silentLogger, correlationId: 'c' });
    expect(young.actions, 'within the grace period nobody sends it').toEqual({ awaiting_send: 1 });
    expect(broker.submits).toEqual([]);
    await setTradingHalted(t.db, { halted: true, reason: 'halt during reconciliation', by: 'test' });
    const halted = await reconcileOrders({ db: t.db, broker, logger: silentLogger, correlationId: 'c' }, { pendingGraceMs: 0 });
    expect(halted.actions, 'while halted nothing is sent').toEqual({ awaiting_send: 1 });
    expect(broker.submits).toEqual([]);
    await setTradingHalted(t.db, { halted: false, reason: 'resumed', by: 'test' });
    await reconcileOrders({ db: t.db, broker, logger: silentLogger, correlationId: 'c' }, { pendingGraceMs: 0 });
    await reconcileOrders({ db: t.db, broker, logger: silentLogger, correlationId: 'c' }, { pendingGraceMs: 0 });
    expect(broker.submits).toEqual([orderId]);
    expect((await getOrder(t.db, orderId))!.status).toBe('filled');
    // The retried execute job for that prediction finds the order: no second send, no second order.
    const [outcome] = (await processExecuteJob(job(['p-aab']), { db: t.db, settings, logger: silentLogger })).outcomes;
    expect(outcome).toMatchObject({ outcome: 'order', orderId, inserted: false, action: 'final' });
    expect(broker.submits).toEqual([orderId]);
  });
});

describe('never twice', () => {
  it('ten copies of the same execute job run at once make one order and one send', async () => {
    await market('DUP', 3);
    await storePrediction(t.db, 'p-dup', 'm1', 'DUP', T0);
    const { settings, broker } = testSettings(t.db);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => processExecuteJob(job(['p-dup'], `corr-dup-${i}`), { db: t.db, settings, logger: silentLogger })));
    const orders = await t.db.selectFrom('orders').selectAll().where('prediction_id', '=', 'p-dup').execute();
    expect(orders.length).toBe(1);
    expect(broker.submits).toEqual([orders[0]!.order_id]);
    expect(results.filter((r) => r.outcomes[0]!.outcome === 'order' && r.outcomes[0]!.inserted).length).toBe(1);
    const created = await t.db.selectFrom('trading_events').select('id').where('order_id', '=', orders[0]!.order_id).where('event_type', '=', 'order_created').execute();
    expect(created.length).toBe(1);
    // Whoever got there, the order ends filled with fills adding up to its quantity, each fill once.
    await reconcileOrders({ db: t.db, broker, logger: silentLogger, correlationId: 'c' });
    const fills = await fillsOfOrder(t.db, orders[0]!.order_id);
    expect(fills.reduce((s, f) => s + f.quantity, 0)).toBe(orders[0]!.quantity);
    expect(new Set(fills.map((f) => f.fill_id)).size).toBe(fills.length);
  });
});

describe('risk refusals are stored rejected with their reason, nothing sent', () => {
  async function refused(symbol: string, env: Record<string, string>, now?: () => number) {
    await market(symbol, 1);
    await storePrediction(t.db, `p-${symbol}`, 'm1', symbol, T0);
    const { settings, broker } = testSettings(t.db, env, now);
    const [outcome] = (await processExecuteJob(job([`p-${symbol}`]), { db: t.db, settings, logger: silentLogger })).outcomes;
    expect(broker.submits, `${symbol}: nothing sent`).toEqual([]);
    expect(outcome!.outcome, `${symbol}: ${JSON.stringify(outcome)}`).toBe('rejected');
    const order = (await getOrder(t.db, (outcome as { orderId: string }).orderId))!;
    expect(order.status).toBe('rejected');
    expect(order.broker_order_id).toBeNull();
    expect((await events(order.order_id)).map((e) => e.event_type)).toEqual(['order_rejected']);
    return order.status_reason!;
  }

  it('order notional', async () => {
    expect(await refused('RN', { RISK_LIMITS: '{"tradingHours":null,"maxOrderNotional":1000}' })).toMatch(/notional.*1000|1,000/i);
  });
  it('position shares', async () => {
    expect(await refused('RS', { RISK_LIMITS: '{"tradingHours":null,"maxPositionShares":100}' })).toMatch(/position/i);
  });
  it('position notional', async () => {
    expect(await refused('RP', { RISK_LIMITS: '{"tradingHours":null,"maxPositionNotional":10000}' })).toMatch(/position/i);
  });
  it('gross exposure (the filled AAA book counts)', async () => {
    expect(await refused('RG', { RISK_LIMITS: '{"tradingHours":null,"maxGrossExposure":30000}' })).toMatch(/gross/i);
  });
  it('orders per minute (the orders just placed count)', async () => {
    expect(await refused('RM', { RISK_LIMITS: '{"tradingHours":null,"maxOrdersPerMinute":1}' })).toMatch(/per minute|orders/i);
  });
  it('trading hours (a Saturday)', async () => {
    const saturday = Date.parse('2026-11-07T15:00:00Z');
    expect(await refused('RH', { RISK_LIMITS: '{}' }, () => saturday)).toMatch(/hours|session/i);
  });
  it('the kill switch, seen through the database; after resume the next order is sent', async () => {
    await setTradingHalted(t.db, { halted: true, reason: 'test halt', by: 'test' });
    expect(await refused('RK', {})).toMatch(/halted|kill/i);
    await setTradingHalted(t.db, { halted: false, reason: 'test over', by: 'test' });
    await market('RK2', 1);
    await storePrediction(t.db, 'p-RK2', 'm1', 'RK2', T0);
    const { settings, broker } = testSettings(t.db);
    const [outcome] = (await processExecuteJob(job(['p-RK2']), { db: t.db, settings, logger: silentLogger })).outcomes;
    expect(outcome).toMatchObject({ outcome: 'order', action: 'sent' });
    expect(broker.submits.length).toBe(1);
  });
});

describe('bad input is refused with a reason, nothing sent', () => {
  async function skipped(predictionId: string): Promise<{ reason: string; message: string }> {
    const { settings, broker } = testSettings(t.db);
    const [outcome] = (await processExecuteJob(job([predictionId]), { db: t.db, settings, logger: silentLogger })).outcomes;
    expect(broker.submits).toEqual([]);
    expect(outcome!.outcome, JSON.stringify(outcome)).toBe('skipped');
    expect(await t.db.selectFrom('orders').select('id').where('prediction_id', '=', predictionId).execute()).toEqual([]);
    const event = await t.db.selectFrom('trading_events').select(['metadata']).where('event_type', '=', 'signal_skipped').where(sql<string>`metadata->>'prediction_id'`, '=', predictionId).executeTakeFirstOrThrow();
    const o = outcome as { reason: string; message: string };
    expect((event.metadata as { reason: string }).reason).toBe(o.reason);
    return o;
  }

  it('an unknown symbol', async () => {
    await storePrediction(t.db, 'p-unknown', 'm1', 'NOPE', T0);
    expect(await skipped('p-unknown')).toMatchObject({ reason: 'unknown_symbol', message: expect.stringContaining('NOPE') });
  });
  it('a retired model', async () => {
    await activeModel(t.db, 'm-old');
    await market('RET', 1);
    await storePrediction(t.db, 'p-retired', 'm-old', 'RET', T0);
    await retireModel(t.db, 'm-old');
    expect(await skipped('p-retired')).toMatchObject({ reason: 'model_not_active', message: expect.stringContaining('retired') });
  });
  it('a non-finite price (a NaN close)', async () => {
    await market('NAN', 1);
    await sql`UPDATE market_data SET close = 'NaN'::numeric WHERE symbol = 'NAN' AND timestamp = ${new Date(T0)}`.execute(t.db);
    await storePrediction(t.db, 'p-nan', 'm1', 'NAN', T0);
    expect(await skipped('p-nan')).toMatchObject({ reason: 'invalid_input' });
  });
  it('a missing volatility (no feature row)', async () => {
    await storeBars(t.db, 'NOVOL', T0, [{ open: 20 }, { open: 20 }]);
    await storePrediction(t.db, 'p-novol', 'm1', 'NOVOL', T0);
    expect(await skipped('p-novol')).toMatchObject({ reason: 'invalid_input' });
  });
  it('a decided prediction is not decided again; an unknown symbol is asked about again (its first bar may land late), recorded once', async () => {
    const { settings } = testSettings(t.db);
    const run = async (id: string): Promise<PredictionOutcome | undefined> => (await processExecuteJob(job([id]), { db: t.db, settings, logger: silentLogger })).outcomes[0];
    expect(await run('p-novol')).toMatchObject({ outcome: 'already_decided' });
    expect(await run('p-unknown')).toMatchObject({ outcome: 'skipped', reason: 'unknown_symbol' });
    const skips = await t.db.selectFrom('trading_events').select('metadata').where('event_type', '=', 'signal_skipped').where(sql<string>`metadata->>'prediction_id'`, '=', 'p-unknown').execute();
    expect(skips.map((e) => e.metadata)).toEqual([expect.objectContaining({ reason: 'unknown_symbol', final: false })]);
  });
});

it('settings list every bad strategy parameter and risk limit together', async () => {
  const { loadOrderExecutionConfig } = await import('@mltrading/config');
  const { executionSettings } = await import('../src/execution/execution-settings.ts');
  const config = loadOrderExecutionConfig({ ORDER_STRATEGY_PARAMS: '{"confidenceThreshold":7}', RISK_LIMITS: '{"maxOrderNotional":-1,"nope":1}' });
  expect(() => executionSettings(config, t.db)).toThrow(/confidenceThreshold[\s\S]*maxOrderNotional/);
  expect(() => executionSettings(loadOrderExecutionConfig({ ORDER_STRATEGY: 'no-such-strategy' }), t.db)).toThrow(/unknown strategy 'no-such-strategy'/);
});
