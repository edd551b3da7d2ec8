// The reads order-execution makes: open order quantities, the per-minute window, the sweep's
// undecided predictions, marks, bars after a decision bar and one feature value.
import { FEATURE_VERSION } from '@mltrading/features';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  barsAfter,
  featureValueAt,
  insertOrderIfAbsent,
  latestCloses,
  openOrderQuantities,
  orderTimesSince,
  promoteModel,
  recordSignalSkipped,
  registerModel,
  signalSkippedEvents,
  symbolHasBars,
  transitionOrder,
  undecidedPredictionIds,
  upsertMarketData,
  upsertPredictions,
} from '../src/index.ts';
import { undecidedPredictionsQuery } from '../src/repositories/predictions.repository.ts';
import { signalSkippedEventsQuery } from '../src/repositories/trading-events.repository.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

let t: TestDatabase;
const H = 3_600_000;
const T0 = Date.parse('2026-11-02T15:00:00Z');
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

it('open order quantities are signed remaining shares of in-flight orders; the window leaves out risk refusals', async () => {
  const before = new Date(Date.now() - 60_000);
  await insertOrderIfAbsent(t.db, { order_id: 'b1', symbol: 'AAA', side: 'buy', quantity: 100, strategy: 's' });
  await transitionOrder(t.db, { orderId: 'b1', from: 'pending', to: 'submitted', correlationId: null });
  await transitionOrder(t.db, { orderId: 'b1', from: 'submitted', to: 'partially_filled', fill: { fillId: 'f1', quantity: 30, price: 10, timestamp: new Date(T0) }, correlationId: null });
  await insertOrderIfAbsent(t.db, { order_id: 's1', symbol: 'AAA', side: 'sell', quantity: 20, strategy: 's' });
  await insertOrderIfAbsent(t.db, { order_id: 'x1', symbol: 'BBB', side: 'buy', quantity: 5, strategy: 'other' });
  await insertOrderIfAbsent(t.db, { order_id: 'r1', symbol: 'AAA', side: 'buy', quantity: 7, strategy: 's', status: 'rejected', status_reason: 'kill switch' });
  expect(await openOrderQuantities(t.db, { strategy: 's' })).toEqual(new Map([['AAA', 70 - 20]]));
  expect(await openOrderQuantities(t.db)).toEqual(new Map([['AAA', 50], ['BBB', 5]]));
  expect((await orderTimesSince(t.db, before)).length).toBe(3);
});

it('undecided predictions: neither an order nor a signal_skipped event of the strategy', async () => {
  await registerModel(t.db, { modelId: 'm', name: 'm', version: '1', modelType: 'x', predictionType: 'price_direction', interval: '1h', parameters: {}, metrics: {}, filePath: `pg-artifact://${'0'.repeat(64)}` });
  await promoteModel(t.db, 'm');
  const p = (id: string, symbol: string) => ({ prediction_id: id, model_id: 'm', symbol, timestamp: new Date(T0), prediction_type: 'price_direction', prediction_value: 1, confidence: 0.9, features: null });
  await upsertPredictions(t.db, [p('p-ordered', 'AAA'), p('p-skipped', 'BBB'), p('p-open', 'CCC')]);
  await insertOrderIfAbsent(t.db, { order_id: 'o-p', symbol: 'AAA', side: 'buy', quantity: 1, strategy: 's', prediction_id: 'p-ordered' });
  await recordSignalSkipped(t.db, { predictionId: 'p-skipped', strategy: 's', symbol: 'BBB', reason: 'no_signal', message: 'below threshold', correlationId: null });
  const window = { since: new Date(Date.now() - H), createdBefore: new Date(Date.now() + 1_000) };
  expect(await undecidedPredictionIds(t.db, { strategy: 's', ...window })).toEqual(['p-open']);
  expect((await undecidedPredictionIds(t.db, { strategy: 'other', ...window })).sort()).toEqual(['p-open', 'p-ordered', 'p-skipped']);
  expect(await undecidedPredictionIds(t.db, { strategy: 's', since: window.since, createdBefore: new Date(Date.now() - H) })).toEqual([]);
});

it('a non-final skip (no bar yet) leaves a prediction undecided while it is fresh, then decided', async () => {
  const p = (id: string) => ({ prediction_id: id, model_id: 'm', symbol: 'DDD', timestamp: new Date(T0), prediction_type: 'price_direction', prediction_value: 1, confidence: 0.9, features: null });
  await upsertPredictions(t.db, [p('p-late-bar'), p('p-final')]);
  await recordSignalSkipped(t.db, { predictionId: 'p-late-bar', strategy: 'r', symbol: 'DDD', reason: 'no_price', message: 'no bar yet', correlationId: null, final: false });
  await recordSignalSkipped(t.db, { predictionId: 'p-final', strategy: 'r', symbol: 'DDD', reason: 'no_signal', message: 'below threshold', correlationId: null });
  const base = { strategy: 'r', since: new Date(Date.now() - H), createdBefore: new Date(Date.now() + 1_000) };
  const undecided = async (retrySince: Date) => (await undecidedPredictionIds(t.db, { ...base, retrySince })).filter((id) => id.startsWith('p-late') || id === 'p-final');
  expect(await undecided(new Date(Date.now() - H)), 'fresh: queued again').toEqual(['p-late-bar']);
  expect(await undecided(new Date(Date.now() + H)), 'past the bound: decided').toEqual([]);
  // A second non-final skip does not make it final either.
  await recordSignalSkipped(t.db, { predictionId: 'p-late-bar', strategy: 'r', symbol: 'DDD', reason: 'no_price', message: 'still no bar', correlationId: null, final: false });
  expect(await undecided(new Date(Date.now() - H))).toEqual(['p-late-bar']);
});

it('the look-up of skipped events by metadata.prediction_id uses idx_trading_events_skipped_prediction', async () => {
  // A table where a scan would hurt: 20,000 order events and 500 skipped signals.
  await sql`INSERT INTO trading_events (event_type, strategy, order_id, metadata)
            SELECT 'order_submitted', 's', 'o-' || g, jsonb_build_object('n', g) FROM generate_series(1, 20000) g`.execute(t.db);
  await sql`INSERT INTO trading_events (event_type, strategy, metadata)
            SELECT 'signal_skipped', 's', jsonb_build_object('prediction_id', 'px-' || g, 'reason', 'no_signal', 'final', true) FROM generate_series(1, 500) g`.execute(t.db);
  await sql`ANALYZE trading_events`.execute(t.db);
  await sql`ANALYZE predictions`.execute(t.db);
  const plan = await undecidedPredictionsQuery(t.db, { strategy: 's', since: new Date(Date.now() - H), createdBefore: new Date(Date.now() + 1_000) }).explain();
  const text = plan.map((row) => String(row['QUERY PLAN'])).join('\n');
  expect(text).toContain('idx_trading_events_skipped_prediction');
  expect(text).not.toMatch(/Seq Scan on trading_events/);
  const single = await signalSkippedEventsQuery(t.db, 'px-42', 's').explain();
  expect(single.map((row) => String(row['QUERY PLAN'])).join('\n')).toContain('idx_trading_events_skipped_prediction');
  expect(await signalSkippedEvents(t.db, 'px-42', 's')).toHaveLength(1);
});

it('bars after a decision bar, latest closes, known symbols and one feature value', async () => {
  await upsertMarketData(t.db, [0, 1, 2, 3].map((i) => ({ symbol: 'AAA', source: 'synthetic', timestamp: new Date(T0 + i * H), open: 10 + i, high: 11 + i, low: 9 + i, close: 10.5 + i, volume: 100 })));
  expect((await barsAfter(t.db, { symbol: 'AAA', source: 'synthetic', after: new Date(T0), limit: 2 })).map((b) => Number(b.open))).toEqual([11, 12]);
  expect(await latestCloses(t.db, ['AAA', 'ZZZ'], 'synthetic')).toEqual(new Map([['AAA', { close: 13.5, timestamp: new Date(T0 + 3 * H) }]]));
  expect(await symbolHasBars(t.db, 'AAA', 'synthetic')).toBe(true);
  expect(await symbolHasBars(t.db, 'AAA', 'yahoo')).toBe(false);
  await sql`INSERT INTO feature_engineered_data (symbol, timestamp, source, feature_version, realized_vol_med) VALUES ('AAA', ${new Date(T0)}, 'synthetic', ${FEATURE_VERSION}, 0.02)`.execute(t.db);
  const q = { symbol: 'AAA', source: 'synthetic', featureVersion: FEATURE_VERSION, feature: 'realized_vol_med' };
  expect(await featureValueAt(t.db, { ...q, timestamp: new Date(T0) })).toBe(0.02);
  expect(await featureValueAt(t.db, { ...q, timestamp: new Date(T0 + H) })).toBeUndefined();
  await expect(featureValueAt(t.db, { ...q, feature: 'close; DROP TABLE orders', timestamp: new Date(T0) })).rejects.toThrow(/unknown feature/);
});
