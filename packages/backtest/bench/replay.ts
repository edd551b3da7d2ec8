// Replay speed at the size: 1,057 symbols × 1,808 hourly bars (≈ 1.91M bars, about a year),
// synthetic bars from @mltrading/synthetic-market, precomputed predictions and volatilities, through
// strategy, risk checks, the paper broker and accounting. Beside it, in the same run, the time to
// merely walk the same arrays in the same time order (the floor any replay pays). Aim: < 10 s.
// Run: pnpm --filter @mltrading/backtest bench   (writes bench-results/backtest-replay.json at the repo root)
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { seededNormal } from '@mltrading/models';
import { generateBars, syntheticUniverse } from '@mltrading/synthetic-market';
import { backtestReport, replay, withStrategies, type ReplayConfig, type SymbolInput } from '../src/index.ts';

const SYMBOLS = Number(process.env.BENCH_SYMBOLS ?? 1057);
const BARS = Number(process.env.BENCH_BARS ?? 1808);
const AIM_SECONDS = 10;

function buildUniverse(): SymbolInput[] {
  const symbols = syntheticUniverse(SYMBOLS);
  const now = Date.parse('2026-06-01T00:00:00Z');
  const range = { start: Date.parse('2025-01-01T00:00:00Z'), end: Date.parse('2026-03-01T00:00:00Z'), now };
  const columns = symbols.map((symbol) => generateBars(symbol, '1h', range));
  const normal = seededNormal(17);
  return columns.map((c) => {
    const n = Math.min(BARS, c.length);
    const cut = (a: Float64Array) => a.slice(0, n);
    const close = cut(c.close);
    // Predictions: a persistent signal (AR(1)) turned into P(up), so positions change now and then
    // rather than every bar, as a model's would. Volatility: EWMA of squared returns (causal).
    const value = new Float64Array(n);
    const confidence = new Float64Array(n);
    const volatility = new Float64Array(n);
    let signal = 0;
    let variance = 0.006 ** 2;
    for (let i = 0; i < n; i++) {
      signal = 0.9 * signal + 0.45 * normal();
      const p = 1 / (1 + Math.exp(-signal));
      value[i] = p;
      confidence[i] = Math.max(p, 1 - p);
      if (i > 0) variance = 0.94 * variance + 0.06 * Math.log(close[i]! / close[i - 1]!) ** 2;
      volatility[i] = Math.sqrt(variance);
    }
    return {
      symbol: c.symbol,
      bars: { timestamp: cut(c.timestamp), open: cut(c.open), high: cut(c.high), low: cut(c.low), close, volume: cut(c.volume) },
      predictions: { modelId: 'bench-model', value, confidence, score: value },
      volatility,
    };
  });
}

/** The floor: read every bar's columns, prediction and volatility in the replay's time order. */
function iterateOnly(universe: readonly SymbolInput[]): number {
  const cursor = new Int32Array(universe.length);
  let checksum = 0;
  for (;;) {
    let t = Infinity;
    for (let k = 0; k < universe.length; k++) if (cursor[k]! < universe[k]!.bars.timestamp.length) t = Math.min(t, universe[k]!.bars.timestamp[cursor[k]!]!);
    if (t === Infinity) break;
    for (let k = 0; k < universe.length; k++) {
      const u = universe[k]!;
      const i = cursor[k]!;
      if (i >= u.bars.timestamp.length || u.bars.timestamp[i] !== t) continue;
      checksum += u.bars.open[i]! + u.bars.high[i]! + u.bars.low[i]! + u.bars.close[i]! + u.bars.volume[i]! * 1e-9 + u.predictions.value[i]! + u.predictions.confidence[i]! + u.volatility[i]!;
      cursor[k] = i + 1;
    }
  }
  return checksum;
}

const CONFIG: ReplayConfig = {
  strategy: { kind: 'direction-threshold', params: { confidenceThreshold: 0.6, riskBudget: 100, maxPositionNotional: 20_000, allowShort: true, minTradeShares: 25 } },
  // Default trading hours (orders sent after the 15:30 bar's close are refused, as live); the rate
  // limit is off because a thousand symbols decide at the same instant.
  riskLimits: { maxOrdersPerMinute: null, maxGrossExposure: 30_000_000 },
  fills: { slippageBps: 5, maxVolumeShare: 0.1, commission: { model: 'per_share', perShare: 0.005, minimum: 1 } },
  interval: '1h',
  initialCash: 10_000_000,
};

const buildStarted = performance.now();
const universe = buildUniverse();
const buildSeconds = (performance.now() - buildStarted) / 1000;
const bars = universe.reduce((n, u) => n + u.bars.timestamp.length, 0);

const iterateStarted = performance.now();
const checksum = iterateOnly(universe);
const iterateSeconds = (performance.now() - iterateStarted) / 1000;

// The replay's own machinery (merge, marking, equity curve, the decision loop) with a strategy that
// never orders: what remains of the full run is strategy, risk, order and fill work in @mltrading/trading.
const NO_ORDER = { kind: 'none', reason: 'no_signal', message: '', target_position: 0 } as const;
const machineryRegistry = withStrategies({ 'never-orders': (name) => ({ name, kind: 'never-orders', params: {}, decide: () => NO_ORDER }) });
const machineryCpu = process.cpuUsage();
const machineryStarted = performance.now();
replay(universe, { ...CONFIG, strategy: { kind: 'never-orders' }, registry: machineryRegistry });
const machinerySeconds = (performance.now() - machineryStarted) / 1000;
const machineryCpuUsed = process.cpuUsage(machineryCpu);

const cpuBefore = process.cpuUsage();
const replayStarted = performance.now();
const result = replay(universe, CONFIG);
const replaySeconds = (performance.now() - replayStarted) / 1000;
const cpu = process.cpuUsage(cpuBefore);

const reportStarted = performance.now();
const report = backtestReport(result, universe, { interval: '1h' });
const reportSeconds = (performance.now() - reportStarted) / 1000;

// A fingerprint of every order, fill and equity point: a speed-up must leave it unchanged.
const fingerprint = createHash('sha256');
for (const o of result.orders) fingerprint.update(JSON.stringify(o));
for (const f of result.fills) fingerprint.update(JSON.stringify(f));
for (const e of result.equity) fingerprint.update(JSON.stringify(e));
const resultSha256 = fingerprint.digest('hex');

const results = {
  benchmark: 'backtest-replay',
  symbols: universe.length,
  barsPerSymbol: BARS,
  bars,
  decisions: result.decisions,
  orders: result.orders.length,
  rejectedOrders: report.strategy.rejectedOrders,
  fills: result.fills.length,
  replay: { wallSeconds: round(replaySeconds), cpuSeconds: round((cpu.user + cpu.system) / 1e6), barsPerSecond: Math.round(bars / replaySeconds), withinAim: replaySeconds < AIM_SECONDS },
  iterateOnly: { wallSeconds: round(iterateSeconds), barsPerSecond: Math.round(bars / iterateSeconds), checksum: round(checksum) },
  replayWithoutOrders: { wallSeconds: round(machinerySeconds), cpuSeconds: round((machineryCpuUsed.user + machineryCpuUsed.system) / 1e6) },
  cpuMicrosecondsPerOrder: round(((cpu.user + cpu.system - machineryCpuUsed.user - machineryCpuUsed.system) / Math.max(1, result.orders.length))),
  resultSha256,
  reportSeconds: round(reportSeconds),
  buildInputSeconds: round(buildSeconds),
  aimSeconds: AIM_SECONDS,
  config: CONFIG,
  headline: { totalReturn: round(report.strategy.totalReturn), sharpe: round(report.strategy.sharpe), buyAndHoldTotalReturn: round(report.buyAndHold.totalReturn) },
  peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  loadAverage1m: round(loadavg()[0]!),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  measuredAt: new Date().toISOString(),
};

console.log(
  `replay: ${universe.length} symbols × ${BARS} bars = ${bars.toLocaleString('en-US')} bars in ${results.replay.wallSeconds} s wall ` +
    `(${results.replay.cpuSeconds} s CPU), ${results.replay.barsPerSecond.toLocaleString('en-US')} bars/s; aim < ${AIM_SECONDS} s: ${results.replay.withinAim ? 'met' : 'NOT met'}`,
);
console.log(`  ${result.decisions.toLocaleString('en-US')} decisions, ${result.orders.length.toLocaleString('en-US')} orders (${results.rejectedOrders.toLocaleString('en-US')} rejected), ${result.fills.length.toLocaleString('en-US')} fills`);
console.log(`iterate only (same arrays, same order): ${results.iterateOnly.wallSeconds} s, ${results.iterateOnly.barsPerSecond.toLocaleString('en-US')} bars/s`);
console.log(`replay machinery alone (a strategy that never orders): ${results.replayWithoutOrders.wallSeconds} s wall, ${results.replayWithoutOrders.cpuSeconds} s CPU; the rest ≈ ${results.cpuMicrosecondsPerOrder} µs CPU per order (decision + risk + order + fills + booking)`);
console.log(`result fingerprint (orders, fills, equity) sha256 ${resultSha256}`);
console.log(`report ${results.reportSeconds} s; input built in ${results.buildInputSeconds} s; peak RSS ${results.peakRssMb} MB; load ${results.loadAverage1m}`);
const outDir = fileURLToPath(new URL('../../../bench-results/', import.meta.url));
mkdirSync(outDir, { recursive: true });
writeFileSync(`${outDir}backtest-replay.json`, `${JSON.stringify(results, null, 2)}\n`);

function round(v: number): number {
  return Number(v.toFixed(4));
}
