// Bar-by-bar replay across a universe through the live trading code. At each bar time, in order:
//   1. orders decided on earlier bars trade on this bar (paper fill simulator), fills are booked;
//   2. the book is marked at this bar's closes → one equity point;
//   3. each symbol with a prediction for this bar decides (strategy → createOrder → risk → submit).
// So a decision at bar t sees only bars ≤ t, and its order can first fill on the symbol's next bar.
import {
  Portfolio,
  checkOrderRisk,
  createOrder,
  fillSimulatorConfig,
  formatViolations,
  isTerminal,
  mustTransition,
  orderSendTime,
  paperOrder,
  pruneOrderTimes,
  remainingQuantity,
  riskLimits,
  simulateBar,
  type OrderState,
  type PaperOrder,
  type Strategy,
  type TimeInForce,
} from '@mltrading/trading';
import { BacktestInputError } from '../errors/backtest-input-error.ts';
import { intervalMs as intervalLength } from './interval.ts';
import type { ReplayConfig, SymbolInput } from './replay-input.ts';
import type { BacktestEquityRow, BacktestFillRow, BacktestOrderRow, DecisionRecord } from './rows.ts';
import { TRADING_STRATEGIES } from './strategy-registry.ts';
import { sliceUniverse } from './validate-universe.ts';

export const DEFAULT_TIME_IN_FORCE: TimeInForce = Object.freeze({ bars: 1, expiresAt: null });

export interface ReplayResult {
  readonly orders: BacktestOrderRow[];
  readonly fills: BacktestFillRow[];
  readonly equity: BacktestEquityRow[];
  /** Strategy decisions made (one per symbol and bar with a prediction). */
  readonly decisions: number;
  /** Every decision, when `recordDecisions` was set. */
  readonly decisionLog: DecisionRecord[] | null;
  readonly initialCash: number;
  /** The replayed bar times: [first, last] (epoch ms). */
  readonly firstTimestamp: number;
  readonly lastTimestamp: number;
  readonly bars: number;
  readonly strategy: { readonly name: string; readonly kind: string; readonly params: Readonly<Record<string, unknown>> };
  /** Signed shares per symbol at the end (symbols ever traded). */
  readonly finalPositions: Record<string, number>;
}

interface SymbolState {
  readonly input: SymbolInput;
  readonly symbol: string;
  /** input.bars.timestamp, held directly: the merge reads it for every symbol at every step. */
  readonly timestamps: SymbolInput['bars']['timestamp'];
  cursor: number;
  readonly end: number;
  /** Filled position (mirrors the Portfolio). */
  position: number;
  /** Signed shares of this symbol's working orders not yet filled. */
  working: number;
  mark: number;
  open: { paper: PaperOrder; index: number }[];
}

export function replay(universe: readonly SymbolInput[], config: ReplayConfig): ReplayResult {
  if (!(Number.isFinite(config.initialCash) && config.initialCash > 0)) throw new BacktestInputError(`initialCash must be a finite number > 0, got ${config.initialCash}`);
  const stepMs = config.intervalMs ?? intervalLength(config.interval);
  if (!(Number.isFinite(stepMs) && stepMs > 0)) throw new BacktestInputError(`intervalMs must be > 0, got ${stepMs}`);
  const range = config.range ?? { from: -8.64e15, to: 8.64e15 };
  const slices = sliceUniverse(universe, range.from, range.to);
  const strategy: Strategy = (config.registry ?? TRADING_STRATEGIES).create(config.strategy, { universe });
  const limits = riskLimits(config.riskLimits ?? {});
  const fillConfig = fillSimulatorConfig(config.fills ?? {});
  const timeInForce = config.timeInForce ?? DEFAULT_TIME_IN_FORCE;
  const predictionType = config.predictionType ?? 'price_direction';
  const correlationId = config.correlationId ?? null;
  const log: DecisionRecord[] | null = config.recordDecisions ? [] : null;

  const states: SymbolState[] = slices.map(({ input, start, end }) => ({
    input, symbol: input.symbol, timestamps: input.bars.timestamp, cursor: start, end, position: 0, working: 0, mark: Number.NaN, open: [],
  }));
  const portfolio = new Portfolio(config.initialCash);
  const orders: OrderState[] = [];
  const reasons: (string | null)[] = [];
  const barTimes: number[] = [];
  const fills: BacktestFillRow[] = [];
  const equity: BacktestEquityRow[] = [];
  let recentOrderTimes: number[] = [];
  let decisions = 0;
  let peak = config.initialCash;
  let bars = 0;
  let firstTimestamp = Number.NaN;
  const atThisTime: SymbolState[] = [];

  for (;;) {
    // The next bar time is the smallest next timestamp over the symbols (a k-way merge; no sort).
    let t = Infinity;
    for (const s of states) if (s.cursor < s.end && s.timestamps[s.cursor]! < t) t = s.timestamps[s.cursor]!;
    if (t === Infinity) break;
    if (Number.isNaN(firstTimestamp)) firstTimestamp = t;
    atThisTime.length = 0;
    for (const s of states) if (s.cursor < s.end && s.timestamps[s.cursor] === t) atThisTime.push(s);

    // 1. Fills on this bar for orders decided earlier.
    for (const s of atThisTime) {
      const i = s.cursor;
      const b = s.input.bars;
      bars++;
      if (s.open.length > 0) {
        const bar = { timestamp: t, open: b.open[i]!, high: b.high[i]!, low: b.low[i]!, close: b.close[i]!, volume: b.volume[i]! };
        let working = 0;
        const stillOpen: SymbolState['open'] = [];
        for (const entry of s.open) {
          const outcome = simulateBar(entry.paper, bar, fillConfig);
          const order = outcome.paper.order;
          orders[entry.index] = order;
          if (outcome.fill !== null) {
            const f = outcome.fill;
            s.position = portfolio.applyFill({ symbol: f.symbol, side: order.side, quantity: f.quantity, price: f.price, commission: f.commission }).quantity;
            fills.push({ fill_id: f.fill_id, order_id: f.order_id, symbol: f.symbol, side: order.side, quantity: f.quantity, price: f.price, commission: f.commission, timestamp: new Date(f.timestamp) });
          }
          if (isTerminal(order.status)) {
            if (order.status === 'expired') reasons[entry.index] = `time in force ended with ${remainingQuantity(order)} of ${order.quantity} unfilled`;
          } else {
            stillOpen.push({ paper: outcome.paper, index: entry.index });
            working += (order.side === 'buy' ? 1 : -1) * remainingQuantity(order);
          }
        }
        s.open = stillOpen;
        s.working = working;
      }
      s.mark = b.close[i]!;
    }

    // 2. The book at this bar's closes: the Portfolio's cash plus its positions (mirrored in
    // s.position from each applyFill) at the marks — Portfolio.equity's sum without a Map of marks.
    // Risk sees the book as it will be once working orders fill (conservative, as live is told to).
    let held = 0;
    let gross = 0;
    let committedGross = 0;
    for (const s of states) {
      if (s.position === 0 && s.working === 0) continue;
      held += s.position * s.mark;
      gross += Math.abs(s.position) * s.mark;
      committedGross += Math.abs(s.position + s.working) * s.mark;
    }
    const equityNow = portfolio.cash + held;
    peak = Math.max(peak, equityNow);
    equity.push({
      timestamp: new Date(t),
      equity: equityNow,
      cash: portfolio.cash,
      gross_exposure: gross,
      drawdown: peak > 0 ? Math.min(1, Math.max(0, 1 - equityNow / peak)) : 0,
    });

    // 3. Decisions on this bar; orders are sent when its data is complete (its end, or the session's
    // close for the session's last bar): the "now" live trading has at the earliest (orderSendTime).
    const sendAt = orderSendTime(t, stepMs, limits.tradingHours);
    if (limits.maxOrdersPerMinute !== null) recentOrderTimes = pruneOrderTimes(recentOrderTimes, sendAt);
    for (const s of atThisTime) {
      const i = s.cursor;
      s.cursor++;
      const p = s.input.predictions;
      const value = p.value[i]!;
      const confidence = p.confidence[i]!;
      if (Number.isNaN(value) || Number.isNaN(confidence)) continue;
      decisions++;
      const price = s.mark;
      const expected = s.position + s.working;
      const decision = strategy.decide({
        prediction: { model_id: p.modelId, symbol: s.symbol, timestamp: t, prediction_type: predictionType, prediction_value: value, confidence },
        position: expected,
        price,
        volatility: s.input.volatility[i]!,
      });
      if (decision.kind === 'none') {
        log?.push({ symbol: s.symbol, timestamp: t, outcome: 'none', reason: decision.reason, target_position: decision.target_position, order_id: null, side: null, quantity: null });
        continue;
      }
      const { intent } = decision;
      const pending = createOrder(intent, { at: sendAt, correlationId, interval: config.interval });
      const risk = checkOrderRisk(
        { order: pending, referencePrice: intent.reference_price, position: expected, grossExposure: committedGross, recentOrderTimes, now: sendAt, killSwitch: false },
        limits,
      );
      const index = orders.length;
      barTimes.push(t);
      log?.push({ symbol: s.symbol, timestamp: t, outcome: 'order', reason: 'order', target_position: intent.target_position, order_id: pending.order_id, side: intent.side, quantity: intent.quantity });
      if (!risk.allowed) {
        const reason = formatViolations(risk.violations);
        orders.push(mustTransition(pending, { type: 'reject', at: sendAt, reason }));
        reasons.push(reason);
        continue;
      }
      const submitted = mustTransition(pending, { type: 'submit', at: sendAt });
      orders.push(submitted);
      reasons.push(null);
      s.open.push({ paper: paperOrder(submitted, t, timeInForce), index });
      const signed = intent.side === 'buy' ? intent.quantity : -intent.quantity;
      s.working += signed;
      committedGross += (Math.abs(expected + signed) - Math.abs(expected)) * price;
      if (limits.maxOrdersPerMinute !== null) recentOrderTimes.push(sendAt);
    }
  }

  const finalPositions: Record<string, number> = {};
  for (const position of portfolio.positions()) finalPositions[position.symbol] = position.quantity;
  return {
    orders: orders.map((o, k) => orderRow(o, reasons[k]!, barTimes[k]!)),
    fills,
    equity,
    decisions,
    decisionLog: log,
    initialCash: config.initialCash,
    firstTimestamp,
    lastTimestamp: equity.length > 0 ? equity[equity.length - 1]!.timestamp.getTime() : Number.NaN,
    bars,
    strategy: { name: strategy.name, kind: strategy.kind, params: strategy.params },
    finalPositions,
  };
}

function orderRow(o: OrderState, reason: string | null, barTimestamp: number): BacktestOrderRow {
  return {
    order_id: o.order_id,
    symbol: o.symbol,
    side: o.side,
    quantity: o.quantity,
    order_type: o.order_type,
    price: o.price,
    status: o.status,
    status_reason: reason,
    filled_quantity: o.filled_quantity,
    average_fill_price: o.average_fill_price,
    strategy: o.strategy,
    model_id: o.model_id,
    prediction_id: null,
    bar_timestamp: new Date(barTimestamp),
    created_at: new Date(o.created_at),
    updated_at: new Date(o.updated_at),
  };
}
