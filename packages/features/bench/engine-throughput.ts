// Throughput of the full v3.0 engine on one core: 1,057 symbols × 1,808 hourly bars (seeded random
// walks on US session hours), and in the same run a baseline of trading-signals objects for
// RSI(14) + MACD(12,26,9) + BB(20,2) + ATR(14) only (one object per indicator, one update per bar).
// Run: pnpm --filter @mltrading/features run bench   (writes bench-results/features-engine.json at the repo root)
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ATR, BollingerBands, EMA, MACD, RSI } from 'trading-signals';
import { computeFeatures, FEATURE_NAMES, FEATURE_VERSION, type BarColumns } from '../src/index.ts';
import { randomWalkBars } from '../test/support/synthetic-bars.ts';

const SYMBOLS = Number(process.env.BENCH_SYMBOLS ?? 1057);
const BARS_PER_SYMBOL = 1808;

const universe: BarColumns[] = Array.from({ length: SYMBOLS }, (_, s) =>
  randomWalkBars({ count: BARS_PER_SYMBOL, seed: 1000 + s, startPrice: 20 + (s % 200) * 5, sigma: 0.004 + (s % 7) * 0.001 }),
);
const totalBars = SYMBOLS * BARS_PER_SYMBOL;

function runEngine(): { seconds: number; checksum: number } {
  const started = performance.now();
  let checksum = 0;
  for (const bars of universe) {
    const { columns } = computeFeatures(bars);
    checksum += columns.rsi_14[BARS_PER_SYMBOL - 1]!; // keeps the work observable
  }
  return { seconds: (performance.now() - started) / 1000, checksum };
}

function runTradingSignals(): { seconds: number; checksum: number } {
  const started = performance.now();
  let checksum = 0;
  for (const bars of universe) {
    const rsi = new RSI(14);
    const macd = new MACD(new EMA(12), new EMA(26), new EMA(9));
    const bb = new BollingerBands(20, 2);
    const atr = new ATR(14);
    let last = 0;
    for (let i = 0; i < BARS_PER_SYMBOL; i++) {
      const close = bars.close[i]!;
      last = rsi.update(close, false) ?? last;
      macd.update(close, false);
      bb.update(close, false);
      atr.update({ high: bars.high[i]!, low: bars.low[i]!, close }, false);
    }
    checksum += last;
  }
  return { seconds: (performance.now() - started) / 1000, checksum };
}

// One warm-up pass over a slice lets the JIT settle, as it would in a long-running worker.
for (const bars of universe.slice(0, 50)) computeFeatures(bars);
const engine = runEngine();
const baseline = runTradingSignals();
const peakRssMb = process.resourceUsage().maxRSS / 1024;

const results = {
  benchmark: 'features-engine',
  featureVersion: FEATURE_VERSION,
  features: FEATURE_NAMES.length,
  symbols: SYMBOLS,
  barsPerSymbol: BARS_PER_SYMBOL,
  totalBars,
  engine: {
    wallSeconds: Number(engine.seconds.toFixed(3)),
    barsPerSecondPerCore: Math.round(totalBars / engine.seconds),
  },
  tradingSignalsBaseline: {
    indicators: 'RSI(14) + MACD(12,26,9) + BollingerBands(20,2) + ATR(14)',
    wallSeconds: Number(baseline.seconds.toFixed(3)),
    barsPerSecondPerCore: Math.round(totalBars / baseline.seconds),
  },
  peakRssMb: Math.round(peakRssMb),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  measuredAt: new Date().toISOString(),
};

console.log(`engine: ${results.features} features, ${totalBars.toLocaleString('en-US')} bars in ${results.engine.wallSeconds} s → ${results.engine.barsPerSecondPerCore.toLocaleString('en-US')} bars/s (one core)`);
console.log(`trading-signals baseline (4 indicators): ${results.tradingSignalsBaseline.wallSeconds} s → ${results.tradingSignalsBaseline.barsPerSecondPerCore.toLocaleString('en-US')} bars/s`);
console.log(`peak RSS: ${results.peakRssMb} MB`);

const outDir = fileURLToPath(new URL('../../../bench-results/', import.meta.url));
mkdirSync(outDir, { recursive: true });
writeFileSync(`${outDir}features-engine.json`, `${JSON.stringify(results, null, 2)}\n`);
console.log(`wrote ${outDir}features-engine.json`);
