// The backtest and the live path agree: the same bars and the same predictions, fed through live
// `execute` jobs (bar by bar, as they arrive, with the paper broker and reconciliation) and through
// the backtest's replay, give the same orders (ids, sides, quantities, statuses, rejection reasons)
// and the same fills (ids, quantities, prices, commissions, times). Both take "now" from
// orderSendTime, so the decision on each session's last bar is refused at the close in both.
import { loadOrderExecutionConfig } from '@mltrading/config';
import { fillsOfOrder, upsertMarketData, upsertPredictions } from '@mltrading/db';
import { createTestDatabase, type TestDatabase } from '@mltrading/db/testing';
import { replay, type SymbolInput } from '@mltrading/backtest';
import { FEATURE_VERSION } from '@mltrading/features';
import { seededRandom } from '@mltrading/models';
import { generateBars } from '@mltrading/synthetic-market';
import { orderSendTime } from '@mltrading/trading';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { executionSettings } from '../src/execution/execution-settings.ts';
import { processExecuteJob } from '../src/execution/process-execute-job.ts';
import { reconcileOrders } from '../src/reconciliation/reconcile-orders.ts';
import { activeModel, HOUR, silentLogger, SOURCE } from './support/execution-fixtures.ts';

const SYMBOLS = ['AGA', 'AGB', 'AGC'];
const START = Date.parse('2026-11-02T14:30:00Z'); // Monday 09:30 New York
const END = START + 5 * 24 * HOUR;
const ENV = {
  EXECUTION_BAR_SOURCE: SOURCE,
  // Exposure and the per-minute window are judged on different clocks and books (live: the latest
  // closes and the database's insert times), so they stay off; trading hours stay on (the default session).
  RISK_LIMITS: '{"maxOrdersPerMinute":null,"maxGrossExposure":null,"maxOrderNotional":null,"maxPositionNotional":null}',
  ORDER_STRATEGY_PARAMS: '{"riskBudget":300,"allowShort":true,"confidenceThreshold":0.55}',
  PAPER_EXPIRE_AFTER_BARS: '2',
  PAPER_MAX_VOLUME_SHARE: '0.05',
};
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await activeModel(t.db, 'm-agree');
});
afterAll(async () => {
  await t?.drop();
});

it('gives the same orders and fills as the live execute path', async () => {
  const config = loadOrderExecutionConfig(ENV);
  let clock = 0;
  const settings = executionSettings(config, t.db, { now: () => clock });
  const random = seededRandom(42);
  const universe: SymbolInput[] = SYMBOLS.map((symbol) => {
    const bars = generateBars(symbol, '1h', { start: START, end: END, now: END }, { seed: 9 });
    const n = bars.timestamp.length;
    const value = Float64Array.from({ length: n }, () => Math.round(random() * 1e4) / 1e4);
    const confidence = value.map((v) => Math.max(v, 1 - v));
    const volatility = Float64Array.from({ length: n }, () => Math.round((0.004 + 0.01 * random()) * 1e6) / 1e6);
    // Volume small enough that orders fill over several bars (partial fills, expiry).
    const volume = bars.volume.map(() => 2_000 + Math.round(random() * 8_000));
    return { symbol, bars: { ...bars, volume }, predictions: { modelId: 'm-agree', value, confidence }, volatility };
  });
  const times = [...new Set(universe.flatMap((u) => [...u.bars.timestamp]))].sort((a, b) => a - b);

  // Live: each bar time as it arrives — store the bars, volatility and predictions, reconcile (fills of
  // earlier orders on this bar), then one execute job for the bar's predictions at the bar's send time.
  for (const time of times) {
    const here = universe.map((u) => ({ u, i: Array.prototype.indexOf.call(u.bars.timestamp, time) as number })).filter((x) => x.i >= 0);
    const b = (x: (typeof here)[number]) => x.u.bars;
    await upsertMarketData(t.db, here.map((x) => ({ symbol: x.u.symbol, source: SOURCE, timestamp: new Date(time), open: b(x).open[x.i]!, high: b(x).high[x.i]!, low: b(x).low[x.i]!, close: b(x).close[x.i]!, volume: b(x).volume[x.i]! })));
    for (const x of here) {
      await sql`INSERT INTO feature_engineered_data (symbol, timestamp, source, feature_version, realized_vol_med) VALUES (${x.u.symbol}, ${new Date(time)}, ${SOURCE}, ${FEATURE_VERSION}, ${x.u.volatility[x.i]!})`.execute(t.db);
    }
    const ids = here.map((x) => `p-${x.u.symbol}-${time}`);
    await upsertPredictions(t.db, here.map((x, k) => ({ prediction_id: ids[k]!, model_id: 'm-agree', symbol: x.u.symbol, timestamp: new Date(time), prediction_type: 'price_direction', prediction_value: x.u.predictions.value[x.i]!, confidence: x.u.predictions.confidence[x.i]!, features: null })));
    clock = time;
    await reconcileOrders({ db: t.db, broker: settings.broker, logger: silentLogger, correlationId: 'agree', now: time });
    clock = orderSendTime(time, HOUR, settings.limits.tradingHours);
    await processExecuteJob({ predictionIds: ids, correlationId: 'agree' }, { db: t.db, settings, logger: silentLogger });
  }

  // Backtest: the same inputs, the same strategy, limits and paper broker settings.
  const result = replay(universe, {
    strategy: { kind: config.orderStrategy.kind, name: config.orderStrategy.name, params: config.orderStrategy.params },
    riskLimits: settings.limits,
    fills: { slippageBps: config.paperBroker.slippageBps, maxVolumeShare: config.paperBroker.maxVolumeShare, commission: config.paperBroker.commission },
    timeInForce: { bars: config.paperBroker.expireAfterBars, expiresAt: null },
    interval: '1h',
    initialCash: 1_000_000,
  });

  const liveOrders = await t.db.selectFrom('orders').selectAll().orderBy('order_id').execute();
  const simulated = [...result.orders].sort((a, b) => a.order_id.localeCompare(b.order_id));
  const orderView = (o: { order_id: string; symbol: string; side: string; quantity: number; status: string; filled_quantity: number; bar_timestamp: Date | null }, reason: string | null) =>
    ({ id: o.order_id, symbol: o.symbol, side: o.side, quantity: o.quantity, status: o.status, filled: o.filled_quantity, bar: o.bar_timestamp?.toISOString(), reason });
  // An expiry's wording is the replay's own (the live row keeps the broker's status only); refusals must match word for word.
  expect(liveOrders.map((o) => orderView(o, o.status === 'rejected' ? o.status_reason : null))).toEqual(simulated.map((o) => orderView(o, o.status === 'rejected' ? o.status_reason : null)));
  expect(liveOrders.length).toBeGreaterThan(30);
  const statuses = new Set(liveOrders.map((o) => o.status));
  expect(statuses.has('rejected') && statuses.has('filled') && statuses.has('expired')).toBe(true);
  expect(liveOrders.filter((o) => o.status === 'rejected').every((o) => /^outside_trading_hours: \S+T21:00:00\.000Z/.test(o.status_reason ?? ''))).toBe(true);

  const liveFills = (await Promise.all(liveOrders.map((o) => fillsOfOrder(t.db, o.order_id)))).flat();
  const fillView = (f: { fill_id: string; order_id: string; quantity: number; price: number | string; commission: number | string; timestamp: Date }) =>
    ({ id: f.fill_id, order: f.order_id, quantity: f.quantity, price: Number(f.price), commission: Number(f.commission), at: f.timestamp.toISOString() });
  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
  expect(liveFills.map(fillView).sort(byId)).toEqual(result.fills.map(fillView).sort(byId));
  expect(liveFills.some((f) => f.quantity < liveOrders.find((o) => o.order_id === f.order_id)!.quantity)).toBe(true); // partial fills happened
}, 300_000);
